import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessMinutesBetween } from '../../src/domain/business-time.js';
import { caseClocks, marketplaceCalendar, marketplaceDay, marketplaceDeadline } from '../../src/domain/marketplace-clocks.js';
import { MARKETPLACE_IDS, marketplaceProfile } from '../../src/domain/marketplaces/index.js';
import { replayResponseClocks, type ResponseClockContext, type TimelineEvent } from '../../src/domain/response-clock.js';
import { CASE_KINDS, type BusinessSchedule } from '../../src/domain/types.js';

const d = (iso: string): Date => new Date(iso);
const iso = (t: Date | null | undefined) => t?.toISOString() ?? null;
const NY_WALL: BusinessSchedule = { timeZone: 'America/New_York' };
const NY_9_TO_5: BusinessSchedule = {
  timeZone: 'America/New_York',
  holidayCountry: 'US',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
};
const ctx = (
  id: (typeof MARKETPLACE_IDS)[number],
  schedule: BusinessSchedule = NY_WALL,
  kind: ResponseClockContext['kind'] = 'message',
) => ({
  profile: marketplaceProfile(id),
  kind,
  schedule,
});
const buyer = (at: string, threadId?: string): TimelineEvent => ({ type: 'buyer_message', at: d(at), ...(threadId ? { threadId } : {}) });
const reply = (at: string): TimelineEvent => ({ type: 'seller_reply', at: d(at) });

describe('Amazon: every buyer message after a reply starts a new clock', () => {
  it('a second message restarts Amazon’s 24 hours', () => {
    // Mon 2026-01-12 10:00 EST message, answered at 11:00; the buyer writes again Tue 09:00 EST.
    const r = replayResponseClocks(
      [buyer('2026-01-12T15:00:00Z'), reply('2026-01-12T16:00:00Z'), buyer('2026-01-13T14:00:00Z')],
      ctx('amazon'),
    );
    expect(r.clocks.map((c) => [c.state, iso(c.startedAt), iso(c.marketplaceDueAt)])).toEqual([
      ['answered', '2026-01-12T15:00:00.000Z', '2026-01-13T15:00:00.000Z'],
      ['running', '2026-01-13T14:00:00.000Z', '2026-01-14T14:00:00.000Z'],
    ]);
    expect(r.openFirst).toEqual({ by: 'marketplace', dueAt: d('2026-01-14T14:00:00Z') });
  });

  it('two messages before a reply share the first one’s deadline, and one reply answers both', () => {
    const r = replayResponseClocks([buyer('2026-01-12T15:00:00Z'), buyer('2026-01-12T20:00:00Z')], ctx('amazon'));
    expect(r.clocks).toHaveLength(1);
    expect(r.clocks[0]!.messages).toBe(2);
    expect(iso(r.clocks[0]!.marketplaceDueAt)).toBe('2026-01-13T15:00:00.000Z');
    const answered = replayResponseClocks(
      [buyer('2026-01-12T15:00:00Z'), buyer('2026-01-12T20:00:00Z'), reply('2026-01-12T21:00:00Z')],
      ctx('amazon'),
    );
    expect(answered.open).toBeNull();
  });

  it('an automatic acknowledgement never stops the clock; "no response needed" does, on Amazon only', () => {
    const ack = replayResponseClocks(
      [buyer('2026-01-12T15:00:00Z'), { type: 'auto_acknowledgement', at: d('2026-01-12T15:00:05Z') }],
      ctx('amazon'),
    );
    expect(ack.open?.state).toBe('running');
    expect(ack.ignored.map((i) => i.why)).toEqual(['an automatic acknowledgement never counts as a reply']);

    const thanks: TimelineEvent[] = [buyer('2026-01-12T15:00:00Z'), { type: 'no_response_needed', at: d('2026-01-12T15:30:00Z') }];
    const amazon = replayResponseClocks(thanks, ctx('amazon'));
    expect(amazon.clocks[0]!.state).toBe('no_response_needed');
    expect(amazon.open).toBeNull();
    const walmart = replayResponseClocks(thanks, ctx('walmart'));
    expect(walmart.open?.state).toBe('running');
    expect(walmart.ignored[0]!.why).toBe('Walmart does not accept "no response needed": the clock keeps running');
  });

  it('a return request has one clock: later messages do not start another', () => {
    const r = replayResponseClocks(
      [buyer('2026-01-12T15:00:00Z'), reply('2026-01-12T16:00:00Z'), buyer('2026-01-13T15:00:00Z')],
      ctx('amazon', NY_WALL, 'return'),
    );
    expect(r.clocks).toHaveLength(1);
    expect(r.open).toBeNull();
    expect(r.ignored[0]!.why).toBe('only the message that opened the case starts a clock');
  });
});

describe('Etsy: only the first message of each thread counts, in UTC', () => {
  // Sat 2026-10-31 22:30 in New York is 02:30Z on 1 November: Etsy counts it on 1 November.
  const first = '2026-10-31T22:30:00-04:00';

  it('a second message in a thread has no new clock, a new thread does', () => {
    const r = replayResponseClocks(
      [buyer(first, 't1'), reply('2026-11-01T12:00:00Z'), buyer('2026-11-01T13:00:00Z', 't1'), buyer('2026-11-02T09:00:00Z', 't2')],
      ctx('etsy'),
    );
    expect(r.clocks.map((c) => [c.threadId, c.state, iso(c.marketplaceDueAt)])).toEqual([
      ['t1', 'answered', '2026-11-03T02:30:00.000Z'], // 48 h
      ['t2', 'running', '2026-11-04T09:00:00.000Z'],
    ]);
    expect(r.ignored.map((i) => i.why)).toEqual(['not the first message of its thread']);
    expect(marketplaceDay(marketplaceProfile('etsy'), r.clocks[0]!.startedAt, 'America/New_York')).toBe('2026-11-01');
  });

  it('a follow-up before the reply is covered by the thread’s clock', () => {
    const r = replayResponseClocks([buyer(first, 't1'), buyer('2026-11-01T05:00:00Z', 't1')], ctx('etsy'));
    expect(r.clocks).toHaveLength(1);
    expect(r.clocks[0]!.messages).toBe(2);
  });
});

describe('waiting on buyer pauses the team’s clock, never the marketplace’s', () => {
  it('on the wall clock: target and maximum move by exactly the paused time', () => {
    // Amazon message Mon 2026-01-12 10:00 EST; team target 12:00, maximum Tue 10:00 (no business hours).
    const r = replayResponseClocks(
      [buyer('2026-01-12T15:00:00Z'), { type: 'waiting_on_buyer', at: d('2026-01-12T16:00:00Z') }, buyer('2026-01-12T20:00:00Z')],
      ctx('amazon'),
    );
    const c = r.clocks[0]!;
    expect(c.state).toBe('running');
    expect(c.pauses.map((p) => [iso(p.from), iso(p.to)])).toEqual([['2026-01-12T16:00:00.000Z', '2026-01-12T20:00:00.000Z']]);
    expect(iso(c.teamTargetAt)).toBe('2026-01-12T21:00:00.000Z'); // 12:00 + 4 h paused = 16:00 EST
    expect(iso(c.teamMaxAt)).toBe('2026-01-13T19:00:00.000Z'); // Tue 14:00 EST
    expect(iso(c.marketplaceDueAt)).toBe('2026-01-13T15:00:00.000Z'); // Amazon's Tue 10:00 does not move
    expect(r.openFirst).toEqual({ by: 'marketplace', dueAt: d('2026-01-13T15:00:00Z') });
  });

  it('in business hours: the open time left at the pause is what is left at the resume', () => {
    // Mon 10:00 EST, 09:00–17:00: target Mon 12:00, maximum (24 business hours) Thu 10:00.
    // Paused Mon 11:00 → resumed Tue 11:00: target Tue 12:00; 23 h of the maximum left (Mon 6, Tue 8, Wed 8, Thu 1)
    // → Tue 6, Wed 8, Thu 8, Fri 1 = Fri 10:00.
    const r = replayResponseClocks(
      [
        buyer('2026-01-12T15:00:00Z'),
        { type: 'waiting_on_buyer', at: d('2026-01-12T16:00:00Z') },
        { type: 'resume', at: d('2026-01-13T16:00:00Z') },
      ],
      ctx('member_marketplace', NY_9_TO_5),
    );
    const c = r.clocks[0]!;
    expect(iso(c.teamTargetAt)).toBe('2026-01-13T17:00:00.000Z');
    expect(iso(c.teamMaxAt)).toBe('2026-01-16T15:00:00.000Z');
  });

  it('while paused only the marketplace deadline is shown; a reply ends the pause', () => {
    const events: TimelineEvent[] = [buyer('2026-01-12T15:00:00Z'), { type: 'waiting_on_buyer', at: d('2026-01-12T16:00:00Z') }];
    expect(replayResponseClocks(events, ctx('amazon')).openFirst).toEqual({ by: 'marketplace', dueAt: d('2026-01-13T15:00:00Z') });
    expect(replayResponseClocks(events, ctx('member_marketplace')).openFirst).toBeNull();
    const answered = replayResponseClocks([...events, reply('2026-01-12T17:00:00Z')], ctx('amazon'));
    expect(answered.clocks[0]!.state).toBe('answered');
    expect(iso(answered.clocks[0]!.pauses[0]!.to)).toBe('2026-01-12T17:00:00.000Z');
  });

  it('says why an event changed nothing', () => {
    const r = replayResponseClocks([{ type: 'resume', at: d('2026-01-12T15:00:00Z') }, reply('2026-01-12T15:01:00Z')], ctx('amazon'));
    expect(r.ignored.map((i) => i.why)).toEqual(['no clock was paused', 'no clock was running']);
  });
});

// ---------------------------------------------------------------- properties

const instant = fc.date({ min: d('2020-01-01T00:00:00Z'), max: d('2030-12-31T00:00:00Z'), noInvalidDate: true });
const schedules = fc.constantFrom<BusinessSchedule>(NY_WALL, NY_9_TO_5, { timeZone: 'Europe/Berlin', holidayCountry: 'DE' });

describe('properties of the clock arithmetic', () => {
  it('a deadline never lies before the arrival', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...MARKETPLACE_IDS), fc.constantFrom(...CASE_KINDS), schedules, (at, id, kind, schedule) => {
        const profile = marketplaceProfile(id);
        const c = caseClocks({ profile, kind, arrivedAt: at, schedule });
        for (const t of [c.marketplaceDueAt, c.teamTargetAt, c.teamMaxAt, c.first.dueAt, ...c.caseDeadlines.map((x) => x.dueAt)]) {
          if (t) expect(t.getTime()).toBeGreaterThanOrEqual(at.getTime());
        }
        const due = marketplaceDeadline({ mode: 'business_days', days: 3 }, at, marketplaceCalendar(profile, schedule.timeZone));
        expect(due!.getTime()).toBeGreaterThanOrEqual(at.getTime() + 3 * 24 * 3_600_000 - 3_600_000); // three days, give or take a DST hour
      }),
      { numRuns: 150 },
    );
  });

  it('pause then resume adds exactly the paused time (wall clock) and never moves the marketplace deadline', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 1, max: 5 * 24 * 60 }),
        (at, pauseAfter, pausedFor) => {
          const from = new Date(at.getTime() + pauseAfter * 60_000);
          const to = new Date(from.getTime() + pausedFor * 60_000);
          const plain = replayResponseClocks([{ type: 'buyer_message', at }], ctx('amazon')).clocks[0]!;
          const paused = replayResponseClocks(
            [
              { type: 'buyer_message', at },
              { type: 'waiting_on_buyer', at: from },
              { type: 'resume', at: to },
            ],
            ctx('amazon'),
          ).clocks[0]!;
          expect(paused.teamMaxAt.getTime() - plain.teamMaxAt.getTime()).toBe(to.getTime() - from.getTime());
          expect(paused.marketplaceDueAt).toEqual(plain.marketplaceDueAt);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pause then resume keeps exactly the business time that was left (business hours)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: 1, max: 5 * 24 * 60 }),
        (at, pauseAfter, pausedFor) => {
          const from = new Date(at.getTime() + pauseAfter * 60_000);
          const to = new Date(from.getTime() + pausedFor * 60_000);
          const c = ctx('member_marketplace', NY_9_TO_5);
          const plain = replayResponseClocks([{ type: 'buyer_message', at }], c).clocks[0]!;
          const paused = replayResponseClocks(
            [
              { type: 'buyer_message', at },
              { type: 'waiting_on_buyer', at: from },
              { type: 'resume', at: to },
            ],
            c,
          ).clocks[0]!;
          if (from.getTime() >= plain.teamMaxAt.getTime()) {
            expect(paused.teamMaxAt).toEqual(plain.teamMaxAt); // already overdue: a pause does not undo the breach
          } else {
            const leftAtPause = businessMinutesBetween(from, plain.teamMaxAt, NY_9_TO_5);
            expect(businessMinutesBetween(to, paused.teamMaxAt, NY_9_TO_5)).toBeCloseTo(leftAtPause, 6);
            expect(paused.teamMaxAt.getTime()).toBeGreaterThanOrEqual(plain.teamMaxAt.getTime());
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
