import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessDay,
  isOpenAt,
  nextOpening,
  validateWeeklyHours,
} from '../../src/domain/business-time.js';
import type { BusinessSchedule, WeeklyHours } from '../../src/domain/types.js';

const NINE_TO_FIVE: WeeklyHours = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};
const NY: BusinessSchedule = { timeZone: 'America/New_York', hours: NINE_TO_FIVE };
const NY_US: BusinessSchedule = { ...NY, holidayCountry: 'US' };
const WALL: BusinessSchedule = { timeZone: 'America/New_York' };

const d = (iso: string): Date => new Date(iso);
const add = (iso: string, minutes: number, s: BusinessSchedule): string => addBusinessMinutes(d(iso), minutes, s).toISOString();

describe('addBusinessMinutes: basics', () => {
  it('wall-clock mode when hours are absent', () => {
    // Sat 2026-03-07 17:00 EST + 2 h, no hours: plain addition
    expect(add('2026-03-07T22:00:00Z', 120, WALL)).toBe('2026-03-08T00:00:00.000Z');
    // across the spring DST change: still 60 real minutes
    expect(add('2026-03-08T06:00:00Z', 60, WALL)).toBe('2026-03-08T07:00:00.000Z');
  });

  it('arrival after hours starts at the next opening', () => {
    // Tue 2026-03-10 18:30 EDT → Wed 09:00 + 2 h = 11:00 EDT
    expect(add('2026-03-10T22:30:00Z', 120, NY)).toBe('2026-03-11T15:00:00.000Z');
  });

  it('arrival before opening starts at opening', () => {
    // Tue 2026-03-10 07:00 EDT → 09:00 + 2 h = 11:00 EDT
    expect(add('2026-03-10T11:00:00Z', 120, NY)).toBe('2026-03-10T15:00:00.000Z');
  });

  it('arrival exactly at opening time', () => {
    // Tue 2026-03-10 09:00 EDT + 2 h = 11:00 EDT
    expect(add('2026-03-10T13:00:00Z', 120, NY)).toBe('2026-03-10T15:00:00.000Z');
  });

  it('arrival exactly at closing time counts from the next opening', () => {
    // Tue 2026-03-10 17:00 EDT → Wed 09:00 + 2 h = 11:00 EDT
    expect(add('2026-03-10T21:00:00Z', 120, NY)).toBe('2026-03-11T15:00:00.000Z');
  });

  it('a result landing exactly at close returns the close', () => {
    // Tue 2026-03-10 15:00 EDT + 2 h = 17:00 EDT, not Wed 09:00
    expect(add('2026-03-10T19:00:00Z', 120, NY)).toBe('2026-03-10T21:00:00.000Z');
  });

  it('Friday evening arrival lands on Monday', () => {
    // Fri 2026-01-09 18:00 EST → Mon 2026-01-12 09:00 + 2 h = 11:00 EST
    expect(add('2026-01-09T23:00:00Z', 120, NY)).toBe('2026-01-12T16:00:00.000Z');
    // Fri 2026-01-09 16:00 EST: 1 h Friday, 1 h Monday → Mon 10:00 EST
    expect(add('2026-01-09T21:00:00Z', 120, NY)).toBe('2026-01-12T15:00:00.000Z');
  });

  it('weekend arrival starts Monday', () => {
    // Sun 2026-01-11 12:00 EST → Mon 09:00 + 30 min
    expect(add('2026-01-11T17:00:00Z', 30, NY)).toBe('2026-01-12T14:30:00.000Z');
  });

  it('zero minutes gives the next opening', () => {
    expect(add('2026-01-11T17:00:00Z', 0, NY)).toBe('2026-01-12T14:00:00.000Z');
    expect(add('2026-01-12T15:00:00Z', 0, NY)).toBe('2026-01-12T15:00:00.000Z');
  });

  it('rejects negative minutes', () => {
    expect(() => addBusinessMinutes(d('2026-01-12T15:00:00Z'), -1, NY)).toThrow(/minutes/);
  });
});

describe('addBusinessMinutes: holidays', () => {
  it('skips Thanksgiving (Thu 2026-11-26) but not the day after (an observance)', () => {
    // Wed 2026-11-25 16:00 EST + 4 h: 1 h Wed, Thu closed, Fri 09:00 + 3 h = 12:00 EST
    expect(add('2026-11-25T21:00:00Z', 240, NY_US)).toBe('2026-11-27T17:00:00.000Z');
    // without a holiday country Thursday is open: Thu 12:00 EST
    expect(add('2026-11-25T21:00:00Z', 240, NY)).toBe('2026-11-26T17:00:00.000Z');
  });

  it('skips the Independence Day substitute (Fri 2026-07-03, July 4 is a Saturday)', () => {
    // Thu 2026-07-02 16:00 EDT + 2 h: 1 h Thu, Fri closed, weekend, Mon 2026-07-06 10:00 EDT
    expect(add('2026-07-02T20:00:00Z', 120, NY_US)).toBe('2026-07-06T14:00:00.000Z');
  });

  it('a state code works ("US-CA": César Chávez Day, Tue 2026-03-31)', () => {
    const la: BusinessSchedule = { timeZone: 'America/Los_Angeles', hours: NINE_TO_FIVE, holidayCountry: 'US-CA' };
    // Mon 2026-03-30 16:00 PDT + 2 h: 1 h Mon, Tue closed, Wed 2026-04-01 10:00 PDT
    expect(add('2026-03-30T23:00:00Z', 120, la)).toBe('2026-04-01T17:00:00.000Z');
  });

  it('an unknown holiday country throws', () => {
    expect(() => addBusinessMinutes(d('2026-03-30T23:00:00Z'), 10, { ...NY, holidayCountry: 'ZZ' })).toThrow(/ZZ/);
  });
});

describe('addBusinessMinutes: DST', () => {
  it('spring change in New York (Sun 2026-03-08) between Friday and Monday', () => {
    // Fri 2026-03-06 16:00 EST + 2 h: 1 h Fri, Mon 2026-03-09 10:00 EDT
    expect(add('2026-03-06T21:00:00Z', 120, NY)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('spring change on an open Sunday: 09:00-17:00 still opens at 09:00 local', () => {
    const everyDay: BusinessSchedule = {
      timeZone: 'America/New_York',
      hours: { ...NINE_TO_FIVE, sat: [['09:00', '17:00']], sun: [['09:00', '17:00']] },
    };
    // Sat 2026-03-07 16:00 EST + 2 h: 1 h Sat, Sun 09:00 EDT + 1 h = 10:00 EDT
    expect(add('2026-03-07T21:00:00Z', 120, everyDay)).toBe('2026-03-08T14:00:00.000Z');
  });

  it('a 24 h maximum spanning the spring change', () => {
    // Fri 2026-03-06 10:00 EST: Fri 7 h, Mon 8 h, Tue 8 h, Wed 09:00 + 1 h = 10:00 EDT
    expect(add('2026-03-06T15:00:00Z', 1440, NY)).toBe('2026-03-11T14:00:00.000Z');
  });

  it('an interval spanning the change counts real minutes (00:00-06:00 is 5 h on 2026-03-08)', () => {
    const night: BusinessSchedule = { timeZone: 'America/New_York', hours: { sun: [['00:00', '06:00']] } };
    // Sat 2026-03-07 12:00 EST; Sun opens 00:00 EST (05:00Z), closes 06:00 EDT (10:00Z)
    expect(add('2026-03-07T17:00:00Z', 300, night)).toBe('2026-03-08T10:00:00.000Z');
    // 30 min more than that night holds: next Sunday 2026-03-15 00:00 EDT + 30 min
    expect(add('2026-03-07T17:00:00Z', 330, night)).toBe('2026-03-15T04:30:00.000Z');
  });

  it('autumn change in New York (Sun 2026-11-01) between Friday and Monday', () => {
    // Fri 2026-10-30 16:00 EDT + 2 h: 1 h Fri, Mon 2026-11-02 10:00 EST
    expect(add('2026-10-30T20:00:00Z', 120, NY)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('an interval spanning the autumn change counts real minutes (00:00-06:00 is 7 h on 2026-11-01)', () => {
    const night: BusinessSchedule = { timeZone: 'America/New_York', hours: { sun: [['00:00', '06:00']] } };
    // Sun 00:00 EDT = 04:00Z; 06:00 EST = 11:00Z
    expect(add('2026-10-31T16:00:00Z', 420, night)).toBe('2026-11-01T11:00:00.000Z');
    expect(add('2026-10-31T16:00:00Z', 360, night)).toBe('2026-11-01T10:00:00.000Z');
  });

  it('Europe/London spring change (Sun 2026-03-29)', () => {
    const london: BusinessSchedule = { timeZone: 'Europe/London', hours: NINE_TO_FIVE, holidayCountry: 'GB-ENG' };
    // Fri 2026-03-27 16:00 GMT + 2 h: 1 h Fri, Mon 2026-03-30 10:00 BST = 09:00Z
    expect(add('2026-03-27T16:00:00Z', 120, london)).toBe('2026-03-30T09:00:00.000Z');
    // Thu 2026-04-02 16:00 BST + 2 h: Good Friday, weekend, Easter Monday closed → Tue 2026-04-07 10:00 BST
    expect(add('2026-04-02T15:00:00Z', 120, london)).toBe('2026-04-07T09:00:00.000Z');
  });
});

describe('addBusinessMinutes: shapes of weeks', () => {
  const shifts: Array<[string, string]> = [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ];
  const split: BusinessSchedule = {
    timeZone: 'America/New_York',
    hours: { mon: shifts, tue: shifts, wed: shifts, thu: shifts, fri: shifts },
  };

  it('split shifts: 2 h arriving 11:30 ends 14:30', () => {
    // Tue 2026-03-10 11:30 EDT: 30 min morning, lunch skipped, 13:00 + 1.5 h
    expect(add('2026-03-10T15:30:00Z', 120, split)).toBe('2026-03-10T18:30:00.000Z');
  });

  it('split shifts: arriving at lunch starts at 13:00; landing at 12:00 stays at 12:00', () => {
    // Tue 12:15 EDT + 1 h → 14:00 EDT
    expect(add('2026-03-10T16:15:00Z', 60, split)).toBe('2026-03-10T18:00:00.000Z');
    // Tue 11:00 EDT + 1 h → 12:00 EDT exactly
    expect(add('2026-03-10T15:00:00Z', 60, split)).toBe('2026-03-10T16:00:00.000Z');
  });

  it('Saturday mornings only', () => {
    const sat: BusinessSchedule = { timeZone: 'America/New_York', hours: { ...NINE_TO_FIVE, sat: [['09:00', '12:00']] } };
    // Fri 2026-01-09 16:00 EST + 4 h: 1 h Fri, Sat 09:00-12:00 → lands at Sat 12:00 EST exactly
    expect(add('2026-01-09T21:00:00Z', 240, sat)).toBe('2026-01-10T17:00:00.000Z');
    // + 5 h: 1 h Fri, 3 h Sat, Mon 09:00 + 1 h
    expect(add('2026-01-09T21:00:00Z', 300, sat)).toBe('2026-01-12T15:00:00.000Z');
    // arriving Sat 13:00 EST → Mon 09:00 + 30 min
    expect(add('2026-01-10T18:00:00Z', 30, sat)).toBe('2026-01-12T14:30:00.000Z');
  });

  it('"24:00" closing time', () => {
    const lateFriday: BusinessSchedule = { timeZone: 'America/New_York', hours: { fri: [['20:00', '24:00']], mon: [['00:00', '01:00']] } };
    // Fri 2026-01-09 22:00 EST + 2 h → Sat 00:00 EST exactly (the close)
    expect(add('2026-01-10T03:00:00Z', 120, lateFriday)).toBe('2026-01-10T05:00:00.000Z');
    // + 3 h → Mon 2026-01-12 01:00 EST
    expect(add('2026-01-10T03:00:00Z', 180, lateFriday)).toBe('2026-01-12T06:00:00.000Z');
  });

  it('long durations finish quickly (100 000 min, Mon-Fri 9-17, no holidays)', () => {
    // 100 000 = 208 days × 480 + 160. From Mon 2026-01-05 09:00 EST: 41 weeks → Mon 2026-10-19,
    // + Mon/Tue/Wed → Thu 2026-10-22 09:00 EDT + 2 h 40 min = 11:40 EDT
    const t0 = performance.now();
    expect(add('2026-01-05T14:00:00Z', 100_000, NY)).toBe('2026-10-22T15:40:00.000Z');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('all-days-empty hours throw instead of looping', () => {
    expect(() => addBusinessMinutes(d('2026-01-05T14:00:00Z'), 10, { timeZone: 'UTC', hours: {} })).toThrow(/empty for every day/);
    expect(() => addBusinessMinutes(d('2026-01-05T14:00:00Z'), 10, { timeZone: 'UTC', hours: { mon: [], sun: [] } })).toThrow(/empty/);
    expect(() => addBusinessDays(d('2026-01-05T14:00:00Z'), 1, { timeZone: 'UTC', hours: {} })).toThrow(/empty/);
  });

  it('invalid hours or zone throw', () => {
    expect(() => addBusinessMinutes(d('2026-01-05T14:00:00Z'), 10, { timeZone: 'UTC', hours: { mon: [['9:00', '17:00']] } })).toThrow(
      /invalid business hours/,
    );
    expect(() => addBusinessMinutes(d('2026-01-05T14:00:00Z'), 10, { timeZone: 'Mars/Olympus', hours: NINE_TO_FIVE })).toThrow(/time zone/);
  });
});

describe('validateWeeklyHours', () => {
  it('accepts good tables, including 24:00 and touching split shifts', () => {
    expect(validateWeeklyHours(NINE_TO_FIVE)).toEqual([]);
    expect(
      validateWeeklyHours({
        sat: [['00:00', '24:00']],
        sun: [
          ['09:00', '12:00'],
          ['12:00', '13:00'],
        ],
      }),
    ).toEqual([]);
    expect(validateWeeklyHours({})).toEqual([]);
  });

  it('reports bad format', () => {
    const p = validateWeeklyHours({
      mon: [['9:00', '17:00']],
      tue: [['09:00', '25:00']],
      wed: [['09:60', '17:00']],
      thu: [['24:00', '24:00']],
    });
    expect(p).toHaveLength(4);
    expect(p[0]).toMatch(/mon.*"9:00"/);
    expect(p[1]).toMatch(/tue.*"25:00"/);
    expect(p[2]).toMatch(/wed.*"09:60"/);
    expect(p[3]).toMatch(/thu.*open time "24:00"/);
  });

  it('reports open >= close', () => {
    expect(validateWeeklyHours({ mon: [['17:00', '09:00']] })).toEqual(['mon[0]: open 17:00 must be before close 09:00']);
    expect(validateWeeklyHours({ fri: [['10:00', '10:00']] })).toEqual(['fri[0]: open 10:00 must be before close 10:00']);
  });

  it('reports overlaps and unknown days', () => {
    expect(
      validateWeeklyHours({
        tue: [
          ['13:00', '17:00'],
          ['09:00', '13:30'],
        ],
      }),
    ).toEqual(['tue: intervals 09:00-13:30 and 13:00-17:00 overlap']);
    expect(validateWeeklyHours({ monday: [['09:00', '17:00']] } as unknown as WeeklyHours)[0]).toMatch(/unknown weekday "monday"/);
  });
});

describe('isBusinessDay, isOpenAt, nextOpening', () => {
  it('isBusinessDay with and without hours', () => {
    expect(isBusinessDay('2026-11-26', NY_US)).toBe(false); // Thanksgiving
    expect(isBusinessDay('2026-11-27', NY_US)).toBe(true);
    expect(isBusinessDay('2026-11-28', NY_US)).toBe(false); // Saturday
    expect(isBusinessDay('2026-11-28', { ...NY_US, hours: { sat: [['09:00', '12:00']] } })).toBe(true);
    expect(isBusinessDay('2026-11-27', { ...NY_US, hours: { sat: [['09:00', '12:00']] } })).toBe(false);
    expect(isBusinessDay('2026-11-26', { timeZone: 'America/New_York' })).toBe(true); // no holiday country, Thursday
    expect(isBusinessDay('2026-11-26', { timeZone: 'America/New_York', holidayCountry: 'US' })).toBe(false);
    expect(isBusinessDay('2026-11-29', { timeZone: 'America/New_York' })).toBe(false); // Sunday
  });

  it('isOpenAt is half-open [open, close)', () => {
    expect(isOpenAt(d('2026-03-10T13:00:00Z'), NY)).toBe(true); // 09:00 EDT
    expect(isOpenAt(d('2026-03-10T20:59:00Z'), NY)).toBe(true); // 16:59 EDT
    expect(isOpenAt(d('2026-03-10T21:00:00Z'), NY)).toBe(false); // 17:00 EDT
    expect(isOpenAt(d('2026-11-26T15:00:00Z'), NY_US)).toBe(false); // Thanksgiving 10:00 EST
    expect(isOpenAt(d('2026-11-29T15:00:00Z'), WALL)).toBe(true);
  });

  it('nextOpening', () => {
    expect(nextOpening(d('2026-03-10T15:00:00Z'), NY).toISOString()).toBe('2026-03-10T15:00:00.000Z');
    // Tue 17:00 EDT → Wed 09:00 EDT
    expect(nextOpening(d('2026-03-10T21:00:00Z'), NY).toISOString()).toBe('2026-03-11T13:00:00.000Z');
    // Wed 2026-11-25 18:00 EST → Fri 2026-11-27 09:00 EST
    expect(nextOpening(d('2026-11-25T23:00:00Z'), NY_US).toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  it('wall clock without hours', () => {
    expect(businessMinutesBetween(d('2026-03-07T22:00:00Z'), d('2026-03-08T00:30:00Z'), WALL)).toBe(150);
  });

  it('counts only open minutes', () => {
    // Fri 2026-01-09 16:00 EST → Mon 2026-01-12 10:00 EST: 1 h + 1 h
    expect(businessMinutesBetween(d('2026-01-09T21:00:00Z'), d('2026-01-12T15:00:00Z'), NY)).toBe(120);
    // Wed 2026-11-25 16:00 EST → Fri 2026-11-27 12:00 EST across Thanksgiving: 1 h + 3 h
    expect(businessMinutesBetween(d('2026-11-25T21:00:00Z'), d('2026-11-27T17:00:00Z'), NY_US)).toBe(240);
    // both inside one closed stretch
    expect(businessMinutesBetween(d('2026-01-10T15:00:00Z'), d('2026-01-11T15:00:00Z'), NY)).toBe(0);
  });

  it('is signed when b is before a', () => {
    expect(businessMinutesBetween(d('2026-01-12T15:00:00Z'), d('2026-01-09T21:00:00Z'), NY)).toBe(-120);
  });
});

describe('addBusinessDays', () => {
  it('from a Saturday, 2 days → end of Tuesday', () => {
    // Sat 2026-01-10 10:00 EST → Mon, Tue → Wed 2026-01-14 00:00 EST
    expect(addBusinessDays(d('2026-01-10T15:00:00Z'), 2, NY).toISOString()).toBe('2026-01-14T05:00:00.000Z');
  });

  it('over a holiday', () => {
    // Tue 2026-11-24: Wed (1), Thu Thanksgiving, Fri (2) → Sat 2026-11-28 00:00 EST
    expect(addBusinessDays(d('2026-11-24T20:00:00Z'), 2, NY_US).toISOString()).toBe('2026-11-28T05:00:00.000Z');
  });

  it('days = 0 is the end of the start day itself, even on 23 h and 25 h days', () => {
    expect(addBusinessDays(d('2026-01-10T15:00:00Z'), 0, NY).toISOString()).toBe('2026-01-11T05:00:00.000Z');
    // Sun 2026-03-08 12:00 EDT → Mon 00:00 EDT; Sun 2026-11-01 12:00 EST → Mon 00:00 EST
    expect(addBusinessDays(d('2026-03-08T16:00:00Z'), 0, NY).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(addBusinessDays(d('2026-11-01T17:00:00Z'), 0, NY).toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('uses the local calendar day, not the UTC one', () => {
    // Fri 2026-01-09 23:30 EST (already Saturday in UTC): 1 day → end of Mon 2026-01-12
    expect(addBusinessDays(d('2026-01-10T04:30:00Z'), 1, NY).toISOString()).toBe('2026-01-13T05:00:00.000Z');
  });

  it('Saturday counts when the hours open on Saturday; ends fall after a DST change', () => {
    const sat: BusinessSchedule = { timeZone: 'America/New_York', hours: { ...NINE_TO_FIVE, sat: [['09:00', '12:00']] } };
    // Fri 2026-01-09 → end of Sat 2026-01-10 = Sun 00:00 EST
    expect(addBusinessDays(d('2026-01-09T14:00:00Z'), 1, sat).toISOString()).toBe('2026-01-11T05:00:00.000Z');
    // Fri 2026-03-06 → end of Mon 2026-03-09 = Tue 00:00 EDT
    expect(addBusinessDays(d('2026-03-06T15:00:00Z'), 1, NY).toISOString()).toBe('2026-03-10T04:00:00.000Z');
  });

  it('without hours: Monday-Friday', () => {
    // Sat 2026-01-10: Mon, Tue → end of Tue
    expect(addBusinessDays(d('2026-01-10T15:00:00Z'), 2, WALL).toISOString()).toBe('2026-01-14T05:00:00.000Z');
  });
});
