import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_REMINDERS_FILE, contentForMonth, loadReminderContent, parseReminderContent } from '../../workflows/reminders/index.js';
import {
  addMonths,
  DEFAULT_REMINDER_SCHEDULE,
  dueState,
  localMonth,
  monthRange,
  nextScheduled,
  nthWeekdayOfMonth,
  reminderScheduleOf,
  scheduledInstant,
} from '../../src/domain/reminder-schedule.js';
import { WEEKDAYS } from '../../src/domain/types.js';
import { monthLabel, shortDay } from '../../src/ui/format.js';

const NY = 'America/New_York';
const iso = (d: Date) => d.toISOString();

describe('scheduledInstant (first Tuesday, 10:00 local)', () => {
  it('follows New York through both DST changes of 2026', () => {
    // DST starts 2026-03-08: the first Tuesday (3 March) is still EST.
    expect(iso(scheduledInstant('2026-03', NY))).toBe('2026-03-03T15:00:00.000Z');
    expect(iso(scheduledInstant('2026-04', NY))).toBe('2026-04-07T14:00:00.000Z');
    expect(iso(scheduledInstant('2026-10', NY))).toBe('2026-10-06T14:00:00.000Z');
    // DST ends 2026-11-01: the first Tuesday (3 November) is EST again.
    expect(iso(scheduledInstant('2026-11', NY))).toBe('2026-11-03T15:00:00.000Z');
    expect(iso(scheduledInstant('2026-12', NY))).toBe('2026-12-01T15:00:00.000Z');
  });

  it('handles leap February 2028, including a last-Tuesday schedule on the 29th', () => {
    expect(iso(scheduledInstant('2028-02', NY))).toBe('2028-02-01T15:00:00.000Z');
    expect(nthWeekdayOfMonth('2028-02', 'tue', -1)).toBe(29);
    expect(iso(scheduledInstant('2028-02', NY, { weekday: 'tue', nth: -1, time: '10:00' }))).toBe('2028-02-29T15:00:00.000Z');
    expect(nthWeekdayOfMonth('2027-02', 'sun', -1)).toBe(28);
  });

  it('uses the team zone: in Auckland the first Tuesday 10:00 is Monday in UTC', () => {
    expect(iso(scheduledInstant('2026-12', 'Pacific/Auckland'))).toBe('2026-11-30T21:00:00.000Z');
    expect(localMonth(new Date('2026-11-30T21:00:00Z'), 'Pacific/Auckland')).toBe('2026-12');
  });

  it('moves a local time inside a DST gap forward', () => {
    // 01:30 on the last Sunday of March 2026 does not exist in London: 02:30 BST = 01:30Z.
    expect(iso(scheduledInstant('2026-03', 'Europe/London', { weekday: 'sun', nth: -1, time: '01:30' }))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('finds the nth weekday in every month (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...WEEKDAYS),
        fc.constantFrom(1, 2, 3, 4, -1 as const),
        (y, m, wd, nth) => {
          const key = `${y}-${String(m).padStart(2, '0')}`;
          const day = nthWeekdayOfMonth(key, wd, nth as 1 | 2 | 3 | 4 | -1);
          const date = new Date(Date.UTC(y, m - 1, day));
          const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(date.getUTCMonth()).toBe(m - 1);
          expect(WEEKDAYS[(date.getUTCDay() + 6) % 7]).toBe(wd);
          if (nth === -1) expect(day + 7).toBeGreaterThan(daysInMonth);
          else expect(Math.ceil(day / 7)).toBe(nth);
        },
      ),
    );
  });
});

describe('dueState', () => {
  const s = DEFAULT_REMINDER_SCHEDULE;

  it('is not due before the instant, due at it, late an hour after', () => {
    expect(dueState(new Date('2026-12-01T14:59:00Z'), NY, s)).toMatchObject({ due: false, month: '2026-12' });
    expect(dueState(new Date('2026-12-01T15:00:00Z'), NY, s)).toMatchObject({ due: true, month: '2026-12', late: false });
    expect(dueState(new Date('2026-12-01T16:00:00Z'), NY, s)).toMatchObject({ due: true, late: false });
    expect(dueState(new Date('2026-12-01T16:00:01Z'), NY, s)).toMatchObject({ due: true, late: true });
  });

  it('uses the local month at month ends: 23:00 on 30 Nov in New York is still November', () => {
    const st = dueState(new Date('2026-12-01T04:00:00Z'), NY, s);
    expect(st).toMatchObject({ due: true, month: '2026-11', late: true });
    const next = dueState(new Date('2026-12-01T05:00:00Z'), NY, s);
    expect(next).toMatchObject({ due: false, month: '2026-12' });
    expect(next.due ? null : iso(next.next)).toBe('2026-12-01T15:00:00.000Z');
  });

  it('the DST change does not shift the November reminder to 14:00Z', () => {
    expect(dueState(new Date('2026-11-03T14:00:00Z'), NY, s).due).toBe(false);
    expect(dueState(new Date('2026-11-03T15:00:00Z'), NY, s).due).toBe(true);
  });

  it('nextScheduled rolls into next month (and year) once this month has passed', () => {
    expect(iso(nextScheduled(new Date('2026-12-02T00:00:00Z'), NY, s))).toBe('2027-01-05T15:00:00.000Z');
    expect(iso(nextScheduled(new Date('2026-11-20T00:00:00Z'), NY, s))).toBe('2026-12-01T15:00:00.000Z');
  });
});

describe('month helpers', () => {
  it('adds months across years and labels them', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2028-03', -13)).toBe('2027-02');
    expect(monthLabel('2026-12')).toBe('December 2026');
    expect(shortDay(new Date('2026-12-01T15:00:00Z'), NY)).toBe('Tue 1 Dec');
  });

  it('gives a local month as instants (29 days in February 2028)', () => {
    const r = monthRange('2028-02', NY);
    expect(iso(r.from)).toBe('2028-02-01T05:00:00.000Z');
    expect(iso(r.to)).toBe('2028-03-01T05:00:00.000Z');
    const nov = monthRange('2026-11', NY);
    expect(iso(nov.from)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(nov.to)).toBe('2026-12-01T05:00:00.000Z');
  });
});

describe('reminders settings', () => {
  it('defaults to the first Tuesday at 10:00, enabled', () => {
    expect(reminderScheduleOf({})).toEqual({ ok: true, schedule: DEFAULT_REMINDER_SCHEDULE });
    expect(reminderScheduleOf({ reminders: { nth: 2, time: '09:30' } })).toEqual({
      ok: true,
      schedule: { weekday: 'tue', nth: 2, time: '09:30', enabled: true },
    });
  });

  it('names the bad setting', () => {
    const r = reminderScheduleOf({ reminders: { time: '9am' } });
    expect(r.ok ? '' : r.error).toMatch(/^settings\.reminders\.time: HH:MM/);
    expect(reminderScheduleOf({ reminders: { nth: 5 } }).ok).toBe(false);
  });
});

describe('reminders file', () => {
  it('the bundled example is valid and carries the three knowledge-base topics', () => {
    const { content } = loadReminderContent(BUNDLED_REMINDERS_FILE);
    expect(content.tips.map((t) => t.topic)).toEqual(['managing-orders', 'shipping-orders', 'bulk-editing']);
  });

  it('applies a month override and drops a stale webinar', () => {
    const { content } = loadReminderContent(BUNDLED_REMINDERS_FILE);
    expect(contentForMonth(content, '2026-12').webinar?.date).toBe('2026-12-08');
    const jan = contentForMonth(content, '2027-01');
    expect(jan.webinar?.date).toBe('2027-01-12');
    expect(jan.note).toMatch(/returns/);
    const mar = contentForMonth(content, '2027-03');
    expect(mar.webinar).toBeUndefined();
    expect(mar.warning).toMatch(/before 2027-03/);
    expect(mar.webinarSeriesLink).toMatch(/^https:/);
  });

  it('errors name the file and the JSON path', () => {
    expect(() => parseReminderContent({ tips: [{ title: 'x', text: 'y', link: 'not a url' }] }, 'team.json')).toThrow(
      /^REMINDERS_FILE: team\.json: tips\[0\]\.link: an http\(s\) URL/,
    );
    expect(() =>
      parseReminderContent({ tips: [{ title: 'x', text: 'y', link: 'https://a.example' }], months: { '2026-13': {} } }, 'f.json'),
    ).toThrow(/f\.json: months\.2026-13: month keys are YYYY-MM/);
    expect(() => parseReminderContent({ tips: [] }, 'f.json')).toThrow(/f\.json: tips:/);
  });

  it('reports a missing file and invalid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reminders-'));
    expect(() => loadReminderContent(join(dir, 'nope.json'))).toThrow(/nope\.json does not exist/);
    writeFileSync(join(dir, 'bad.json'), '{ "tips": [');
    expect(() => loadReminderContent(join(dir, 'bad.json'))).toThrow(/bad\.json is not valid JSON/);
  });
});
