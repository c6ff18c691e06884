import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  alertsDue,
  caseClocks,
  describeFirstDeadline,
  eventDeadline,
  firstDeadline,
  marketplaceCalendar,
  marketplaceDay,
  marketplaceDeadline,
  shipByChange,
  warningAt,
} from '../../src/domain/marketplace-clocks.js';
import { mergeTeamOverrides } from '../../src/domain/marketplaces/config.js';
import { marketplaceProfile } from '../../src/domain/marketplaces/index.js';
import type { BusinessSchedule } from '../../src/domain/types.js';

const d = (iso: string): Date => new Date(iso);
const iso = (t: Date | null | undefined) => t?.toISOString() ?? null;

/** A shop that answers on weekdays only, all day: weekends are closed. */
const WEEKDAYS_NY: BusinessSchedule = {
  timeZone: 'America/New_York',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['00:00', '24:00']]])),
};
const NY_9_TO_5: BusinessSchedule = {
  timeZone: 'America/New_York',
  holidayCountry: 'US',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
};

describe('the deadline that bites first', () => {
  // Friday 2026-01-09 18:00 EST = 23:00Z.
  const friday = d('2026-01-09T23:00:00Z');

  it('an Amazon message on Friday evening breaches on Saturday while the team maximum is Monday', () => {
    const c = caseClocks({ profile: marketplaceProfile('amazon'), kind: 'message', arrivedAt: friday, schedule: WEEKDAYS_NY });
    expect(iso(c.marketplaceDueAt)).toBe('2026-01-10T23:00:00.000Z'); // Sat 18:00 EST: 24 h, weekend included
    expect(iso(c.teamTargetAt)).toBe('2026-01-10T01:00:00.000Z'); // Fri 20:00 EST
    expect(iso(c.teamMaxAt)).toBe('2026-01-12T23:00:00.000Z'); // Fri 6 h + Mon 18 h = Mon 18:00 EST
    expect(c.first).toEqual({ by: 'marketplace', dueAt: c.marketplaceDueAt });
    expect(describeFirstDeadline(d('2026-01-09T23:50:00Z'), c.first, 'Amazon', 'America/New_York')).toBe(
      'Amazon deadline Sat 18:00 EST, 23 h 10 min left',
    );
    expect(describeFirstDeadline(d('2026-01-11T01:00:00Z'), c.first, 'Amazon', 'America/New_York')).toBe(
      'Amazon deadline Sat 18:00 EST, overdue by 2 h',
    );
    expect(c.caseDeadlines).toEqual([
      {
        id: 'amazon_a_to_z_unanswered_contact',
        label: 'A-to-z: buyer contact unanswered',
        dueAt: d('2026-01-12T23:00:00Z'), // 72 h
        consequence: expect.stringContaining('grants the claim'),
      },
    ]);
  });

  it('the same shop on the seeds’ marketplace keeps today’s clocks: the team maximum', () => {
    const c = caseClocks({ profile: marketplaceProfile('member_marketplace'), kind: 'message', arrivedAt: friday, schedule: WEEKDAYS_NY });
    expect(c.marketplaceDueAt).toBeNull();
    expect(c.first).toEqual({ by: 'team', dueAt: d('2026-01-12T23:00:00Z') });
    expect(describeFirstDeadline(friday, c.first, 'Member Marketplace', 'America/New_York')).toBe('Team maximum Mon 18:00 EST, 3 d left');
  });

  it('Walmart gives 48 h over the weekend, TikTok Shop 12 h, a team may tighten Amazon to 12 h', () => {
    const at = (id: 'walmart' | 'tiktok_shop') =>
      iso(caseClocks({ profile: marketplaceProfile(id), kind: 'message', arrivedAt: friday, schedule: WEEKDAYS_NY }).marketplaceDueAt);
    expect(at('walmart')).toBe('2026-01-11T23:00:00.000Z'); // Sun 18:00 EST
    expect(at('tiktok_shop')).toBe('2026-01-10T11:00:00.000Z'); // Sat 06:00 EST
    const tight = mergeTeamOverrides(marketplaceProfile('amazon'), { deadlines: { message: { mode: 'calendar', minutes: 720 } } }).profile;
    expect(iso(caseClocks({ profile: tight, kind: 'message', arrivedAt: friday, schedule: WEEKDAYS_NY }).marketplaceDueAt)).toBe(
      '2026-01-10T11:00:00.000Z',
    );
  });

  it('a Walmart BBB complaint carries its one-hour deadline only when flagged', () => {
    const base = { profile: marketplaceProfile('walmart'), kind: 'message' as const, arrivedAt: friday, schedule: WEEKDAYS_NY };
    expect(caseClocks(base).caseDeadlines).toEqual([]);
    expect(caseClocks({ ...base, triggers: ['bbb_or_attorney_general_complaint'] }).caseDeadlines.map((c) => iso(c.dueAt))).toEqual([
      '2026-01-10T00:00:00.000Z',
    ]);
  });
});

describe('reading the first deadline', () => {
  it('prefers the marketplace on a tie, shows the date from six days on, and says "due now"', () => {
    const at = d('2026-01-12T15:00:00Z');
    expect(firstDeadline(at, at)).toEqual({ by: 'marketplace', dueAt: at });
    expect(firstDeadline(null, at)).toEqual({ by: 'team', dueAt: at });
    expect(describeFirstDeadline(at, { by: 'team', dueAt: at }, 'eBay', 'America/New_York')).toBe('Team maximum Mon 10:00 EST, due now');
    const far = { by: 'marketplace' as const, dueAt: d('2026-01-19T15:00:00Z') };
    expect(describeFirstDeadline(at, far, 'Shopify store', 'America/New_York')).toBe(
      'Shopify store deadline Mon 19 Jan 10:00 EST, 7 d left',
    );
  });
});

describe('marketplace time: calendar hours and business days', () => {
  const amazon = marketplaceProfile('amazon');
  const ebay = marketplaceProfile('ebay');

  it('Amazon counts every hour across the DST change', () => {
    // Sat 2026-03-07 20:00 PST; clocks go forward on Sunday: 24 h later is Sun 21:00 PDT.
    const due = marketplaceDeadline({ mode: 'calendar', minutes: 1440 }, d('2026-03-08T04:00:00Z'), marketplaceCalendar(amazon, 'UTC'));
    expect(iso(due)).toBe('2026-03-09T04:00:00.000Z');
    expect(describeFirstDeadline(d('2026-03-08T04:00:00Z'), { by: 'marketplace', dueAt: due! }, 'Amazon', 'America/Los_Angeles')).toBe(
      'Amazon deadline Sun 21:00 PDT, 1 d left',
    );
  });

  it('eBay gives 3 business days in Pacific time, skipping Thanksgiving and the weekend', () => {
    const c = caseClocks({ profile: ebay, kind: 'dispute', arrivedAt: d('2026-11-25T18:00:00Z'), schedule: NY_9_TO_5 }); // Wed 10:00 PST
    // Wed 14 h, Thu 26 Thanksgiving, Fri 24 h, weekend, Mon 24 h, Tue 10 h → Tue 1 Dec 10:00 PST.
    expect(iso(c.marketplaceDueAt)).toBe('2026-12-01T18:00:00.000Z');
    expect(c.caseDeadlines.map((x) => [x.id, iso(x.dueAt)])).toEqual([['ebay_step_in', '2026-12-01T18:00:00.000Z']]);
    // Opened on a Saturday: counts from Monday 00:00, three whole days: Thu 3 Dec 00:00 PST.
    const saturday = caseClocks({ profile: ebay, kind: 'dispute', arrivedAt: d('2026-11-28T23:00:00Z'), schedule: NY_9_TO_5 });
    expect(iso(saturday.marketplaceDueAt)).toBe('2026-12-03T08:00:00.000Z');
  });

  it('eBay business days keep the wall time across the DST change', () => {
    // Fri 2026-03-06 10:00 PST: Fri 14 h, Mon, Tue, Wed 10 h → Wed 11 Mar 10:00 PDT.
    const c = caseClocks({ profile: ebay, kind: 'return', arrivedAt: d('2026-03-06T18:00:00Z'), schedule: NY_9_TO_5 });
    expect(iso(c.marketplaceDueAt)).toBe('2026-03-11T17:00:00.000Z');
  });

  it('Etsy counts its days in UTC; the seeds’ marketplace in the shop’s zone', () => {
    const lateOctoberNewYork = d('2026-10-31T22:30:00-04:00'); // 02:30Z on 1 November
    expect(marketplaceDay(marketplaceProfile('etsy'), lateOctoberNewYork, 'America/New_York')).toBe('2026-11-01');
    expect(marketplaceDay(marketplaceProfile('member_marketplace'), lateOctoberNewYork, 'America/New_York')).toBe('2026-10-31');
  });
});

describe('a Shopify dispute’s evidence due date', () => {
  const sample = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fakes', 'shopify-samples', 'disputes-create.json'), 'utf8'));
  const arrivedAt = d('2021-12-20T15:00:00Z');

  it('comes from the webhook payload and stands next to the team clocks', () => {
    const due = eventDeadline(sample, 'evidence_due_by', 'America/New_York');
    expect(iso(due)).toBe('2021-12-31T00:00:00.000Z'); // 2021-12-30T19:00:00-05:00
    const c = caseClocks({ profile: marketplaceProfile('shopify'), kind: 'dispute', arrivedAt, schedule: NY_9_TO_5, eventDueAt: due });
    expect(c.marketplaceDueAt).toEqual(due);
    expect(c.missingEventDate).toBe(false);
    expect(c.first.by).toBe('team'); // the team's 24 business hours end on Thu 23 Dec, well before
    const none = caseClocks({ profile: marketplaceProfile('shopify'), kind: 'dispute', arrivedAt, schedule: NY_9_TO_5 });
    expect(none.marketplaceDueAt).toBeNull();
    expect(none.missingEventDate).toBe(true);
  });

  it('reads a date without a time as the start of that day, and refuses what is not a date', () => {
    expect(iso(eventDeadline({ evidence_due_by: '2021-12-30' }, 'evidence_due_by', 'America/New_York'))).toBe('2021-12-30T05:00:00.000Z');
    expect(eventDeadline({ evidence_due_by: 'soon' }, 'evidence_due_by', 'UTC')).toBeNull();
    expect(eventDeadline({ evidence_due_by: '2021-12-30T19:00:00' }, 'evidence_due_by', 'UTC')).toBeNull(); // no offset: ambiguous
    expect(eventDeadline(null, 'evidence_due_by', 'UTC')).toBeNull();
  });

  it('is warned about a quarter of the window before, then alerted at it, once each', () => {
    const due = d('2021-12-31T00:00:00Z');
    // Window 10 d 9 h = 249 h; a quarter is 62 h 15 min before the deadline.
    expect(iso(warningAt(arrivedAt, due))).toBe('2021-12-28T09:45:00.000Z');
    const at = (now: string, sent = {}) => alertsDue({ now: d(now), startedAt: arrivedAt, dueAt: due, sent });
    expect(at('2021-12-28T09:44:59Z')).toEqual({ send: [], skip: [] });
    expect(at('2021-12-28T09:45:00Z')).toEqual({ send: ['warning'], skip: [] });
    expect(at('2021-12-29T00:00:00Z', { warning: true })).toEqual({ send: [], skip: [] });
    expect(at('2021-12-31T00:00:00Z', { warning: true })).toEqual({ send: ['breach'], skip: [] });
    expect(at('2021-12-31T00:00:00Z', { warning: true, breach: true })).toEqual({ send: [], skip: [] });
    // The scan was down through the warning: only the breach goes out.
    expect(at('2021-12-31T02:00:00Z')).toEqual({ send: ['breach'], skip: ['warning'] });
  });

  it('takes a configurable lead', () => {
    expect(iso(warningAt(d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z')))).toBe('2026-01-01T18:00:00.000Z'); // 6 h before 24 h
    expect(iso(warningAt(d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z'), 0.5))).toBe('2026-01-01T12:00:00.000Z');
    expect(() => warningAt(d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z'), 1)).toThrow(/between 0 and 1/);
  });
});

describe('moving an Etsy ship-by date', () => {
  const rule = marketplaceProfile('etsy').shipBy;
  const original = d('2026-12-10T00:00:00Z');
  const base = { original, changesMade: 0, now: d('2026-12-05T12:00:00Z'), timeZone: 'UTC' };

  it('allows once, before it passes, by at most three weeks', () => {
    expect(shipByChange(rule, { ...base, requested: d('2026-12-31T00:00:00Z') })).toEqual({ allowed: true });
    expect(shipByChange(rule, { ...base, requested: d('2026-12-31T00:00:01Z') })).toEqual({
      allowed: false,
      reason: 'the new date can be at most 21 days after the original (2026-12-31)',
    });
    expect(shipByChange(rule, { ...base, changesMade: 1, requested: d('2026-12-20T00:00:00Z') })).toEqual({
      allowed: false,
      reason: 'the ship-by date can be moved once, and it has been',
    });
    expect(shipByChange(rule, { ...base, now: original, requested: d('2026-12-20T00:00:00Z') })).toEqual({
      allowed: false,
      reason: 'the original ship-by date has passed',
    });
  });

  it('only to a date still ahead', () => {
    expect(shipByChange(rule, { ...base, requested: d('2026-12-05T12:00:00Z') })).toEqual({
      allowed: false,
      reason: 'the new ship-by date must be in the future',
    });
  });

  it('is not offered where the marketplace has no such rule', () => {
    expect(shipByChange(marketplaceProfile('amazon').shipBy, { ...base, requested: d('2026-12-12T00:00:00Z') }).allowed).toBe(false);
  });
});
