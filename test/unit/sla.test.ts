import { describe, expect, it } from 'vitest';
import { computeDeadlines, computeShipBy, describeCountdown, formatDuration } from '../../src/domain/sla.js';
import type { BusinessSchedule } from '../../src/domain/types.js';

const NY_US: BusinessSchedule = {
  timeZone: 'America/New_York',
  holidayCountry: 'US',
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
};
const d = (iso: string): Date => new Date(iso);

describe('computeDeadlines', () => {
  it('issue clock: 4 h target, 24 h max spanning several days and Thanksgiving', () => {
    // Mon 2026-11-23 10:00 EST. Target: 14:00 EST.
    // Max: Mon 7 h, Tue 8 h, Wed 8 h, Thu closed, Fri 09:00 + 1 h = 10:00 EST.
    const r = computeDeadlines(d('2026-11-23T15:00:00Z'), 'issue', NY_US);
    expect(r.targetAt.toISOString()).toBe('2026-11-23T19:00:00.000Z');
    expect(r.maxAt.toISOString()).toBe('2026-11-27T15:00:00.000Z');
  });

  it('message clock arriving Friday evening', () => {
    // Fri 2026-01-09 18:00 EST. Target: Mon 11:00 EST. Max 24 h = 3 business days: Mon, Tue, Wed → Wed 17:00 EST.
    const r = computeDeadlines(d('2026-01-09T23:00:00Z'), 'message', NY_US);
    expect(r.targetAt.toISOString()).toBe('2026-01-12T16:00:00.000Z');
    expect(r.maxAt.toISOString()).toBe('2026-01-14T22:00:00.000Z');
  });

  it('wall clock without hours, custom table', () => {
    const r = computeDeadlines(
      d('2026-01-09T23:00:00Z'),
      'review',
      { timeZone: 'UTC' },
      {
        message: { targetMinutes: 1, maxMinutes: 2 },
        review: { targetMinutes: 30, maxMinutes: 90 },
        return: { targetMinutes: 1, maxMinutes: 2 },
        issue: { targetMinutes: 1, maxMinutes: 2 },
      },
    );
    expect(r.targetAt.toISOString()).toBe('2026-01-09T23:30:00.000Z');
    expect(r.maxAt.toISOString()).toBe('2026-01-10T00:30:00.000Z');
  });
});

describe('computeShipBy', () => {
  it('ready-made: 2 business days', () => {
    // paid Mon 2026-11-23 10:00 EST: Tue, Wed → end of Wed = Thu 00:00 EST
    expect(computeShipBy(d('2026-11-23T15:00:00Z'), false, NY_US).toISOString()).toBe('2026-11-26T05:00:00.000Z');
  });

  it('custom: 7 business days, skipping Thanksgiving', () => {
    // Tue 24, Wed 25, (Thu 26 holiday), Fri 27, Mon 30, Tue Dec 1, Wed 2, Thu 3 → end of Thu = Fri 2026-12-04 00:00 EST
    expect(computeShipBy(d('2026-11-23T15:00:00Z'), true, NY_US).toISOString()).toBe('2026-12-04T05:00:00.000Z');
  });

  it('paid on a Saturday, ready-made → end of Tuesday', () => {
    expect(computeShipBy(d('2026-01-10T15:00:00Z'), false, NY_US).toISOString()).toBe('2026-01-14T05:00:00.000Z');
  });

  it('custom handling table', () => {
    // Mon 2026-11-23, custom 3: Tue, Wed, Fri → end of Fri = Sat 2026-11-28 00:00 EST
    expect(computeShipBy(d('2026-11-23T15:00:00Z'), true, NY_US, { readyMade: 1, custom: 3 }).toISOString()).toBe(
      '2026-11-28T05:00:00.000Z',
    );
    expect(computeShipBy(d('2026-11-23T15:00:00Z'), false, NY_US, { readyMade: 1, custom: 3 }).toISOString()).toBe(
      '2026-11-25T05:00:00.000Z',
    );
  });
});

describe('describeCountdown', () => {
  const NY = 'America/New_York';

  it('due in', () => {
    // now Tue 2026-03-10 13:10 EDT, due 14:30 EDT
    expect(describeCountdown(d('2026-03-10T17:10:00Z'), d('2026-03-10T18:30:00Z'), NY)).toBe('due in 1 h 20 min (Tue 14:30 EDT)');
    // winter: Tue 2026-01-13 13:10 EST → 14:30 EST
    expect(describeCountdown(d('2026-01-13T18:10:00Z'), d('2026-01-13T19:30:00Z'), NY)).toBe('due in 1 h 20 min (Tue 14:30 EST)');
    expect(describeCountdown(d('2026-01-13T19:00:00Z'), d('2026-01-13T19:45:00Z'), NY)).toBe('due in 45 min (Tue 14:45 EST)');
  });

  it('overdue', () => {
    // due Mon 2026-01-12 09:00 EST, now 12:05 EST
    expect(describeCountdown(d('2026-01-12T17:05:00Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('overdue by 3 h 5 min (Mon 09:00 EST)');
    expect(describeCountdown(d('2026-01-12T16:00:00Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('overdue by 2 h (Mon 09:00 EST)');
  });

  it('multi-day', () => {
    // Mon 2026-01-12 09:00 EST → Wed 2026-01-14 12:00 EST = 2 d 3 h (minutes dropped)
    expect(describeCountdown(d('2026-01-12T14:00:00Z'), d('2026-01-14T17:00:00Z'), NY)).toBe('due in 2 d 3 h (Wed 12:00 EST)');
    expect(describeCountdown(d('2026-01-12T14:00:00Z'), d('2026-01-14T17:59:00Z'), NY)).toBe('due in 2 d 3 h (Wed 12:59 EST)');
    // overdue by exactly 1 day
    expect(describeCountdown(d('2026-01-13T14:00:00Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('overdue by 1 d (Mon 09:00 EST)');
    // a week away: the date is shown too
    expect(describeCountdown(d('2026-11-23T15:00:00Z'), d('2026-12-04T05:00:00Z'), NY)).toBe('due in 10 d 14 h (Fri 4 Dec 00:00 EST)');
  });

  it('under a minute and exactly due', () => {
    expect(describeCountdown(d('2026-01-12T13:59:30Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('due in < 1 min (Mon 09:00 EST)');
    expect(describeCountdown(d('2026-01-12T14:00:00Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('due now (Mon 09:00 EST)');
    expect(describeCountdown(d('2026-01-12T14:00:59Z'), d('2026-01-12T14:00:00Z'), NY)).toBe('overdue by < 1 min (Mon 09:00 EST)');
  });

  it('other zones', () => {
    // Mon 2026-03-30 10:00 BST (no en-US abbreviation: offset shown)
    expect(describeCountdown(d('2026-03-30T08:00:00Z'), d('2026-03-30T09:00:00Z'), 'Europe/London')).toBe('due in 1 h (Mon 10:00 GMT+1)');
    expect(describeCountdown(d('2026-03-30T08:00:00Z'), d('2026-03-30T09:00:00Z'), 'UTC')).toBe('due in 1 h (Mon 09:00 UTC)');
  });

  it('formatDuration', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(59)).toBe('59 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(1439)).toBe('23 h 59 min');
    expect(formatDuration(1440)).toBe('1 d');
    expect(formatDuration(3060)).toBe('2 d 3 h');
  });
});
