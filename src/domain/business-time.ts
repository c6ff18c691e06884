/**
 * Business-time arithmetic: counting minutes and days inside a seller's opening hours.
 * Pure functions: every instant is passed in; the system clock is never read.
 *
 * Semantics:
 * - Opening intervals are local wall times in `schedule.timeZone`, half-open [open, close).
 *   Minutes are real elapsed minutes inside those intervals, so an interval spanning a DST
 *   change is one hour shorter/longer, while 09:00-17:00 on a DST day is still 8 h.
 * - A public holiday (type 'public' in date-holidays) closes the whole local calendar day.
 * - Without `schedule.hours`, clocks run on the wall clock (holidays are not skipped for minutes).
 */
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import type { BusinessSchedule, Weekday, WeeklyHours } from './types.js';
import { WEEKDAYS } from './types.js';

const MS_PER_MINUTE = 60_000;
/** Give up after this many consecutive days without any opening (e.g. every open weekday a holiday). */
const MAX_CLOSED_DAYS = 400;
const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Problems with a weekly-hours table; empty when it is fine. */
export function validateWeeklyHours(h: WeeklyHours): string[] {
  const problems: string[] = [];
  for (const [day, intervals] of Object.entries(h as Record<string, unknown>)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(`unknown weekday "${day}" (expected one of ${WEEKDAYS.join(', ')})`);
      continue;
    }
    if (intervals === undefined) continue;
    if (!Array.isArray(intervals)) {
      problems.push(`${day}: expected a list of [open, close] pairs`);
      continue;
    }
    const parsed: Array<[number, number]> = [];
    intervals.forEach((iv: unknown, i) => {
      if (!Array.isArray(iv) || iv.length !== 2 || typeof iv[0] !== 'string' || typeof iv[1] !== 'string') {
        problems.push(`${day}[${i}]: expected ["HH:MM", "HH:MM"]`);
        return;
      }
      const [open, close] = iv as [string, string];
      let ok = true;
      if (!TIME_RE.test(open)) {
        problems.push(`${day}[${i}]: open time "${open}" is not HH:MM (00:00-23:59)`);
        ok = false;
      }
      if (!TIME_RE.test(close) && close !== '24:00') {
        problems.push(`${day}[${i}]: close time "${close}" is not HH:MM (00:00-24:00)`);
        ok = false;
      }
      if (!ok) return;
      const o = toMinuteOfDay(open);
      const c = toMinuteOfDay(close);
      if (o >= c) {
        problems.push(`${day}[${i}]: open ${open} must be before close ${close}`);
        return;
      }
      parsed.push([o, c]);
    });
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      const prev = parsed[i - 1]!;
      const cur = parsed[i]!;
      if (cur[0] < prev[1]) {
        problems.push(
          `${day}: intervals ${fmtMinute(prev[0])}-${fmtMinute(prev[1])} and ${fmtMinute(cur[0])}-${fmtMinute(cur[1])} overlap`,
        );
      }
    }
  }
  return problems;
}

function toMinuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function fmtMinute(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- holidays

type Holidays = HolidaysType;
// Loaded on first use: its data for every country costs about 20 MB, and shops without holidays never need it.
let HolidaysCtor: typeof HolidaysType | undefined;
const loadHolidays = (): typeof HolidaysType => (HolidaysCtor ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysType);

const holidayInstances = new Map<string, Holidays>();
const holidayDates = new Map<string, { years: Set<number>; dates: Set<string> }>();

function holidaysFor(country: string): Holidays {
  let hd = holidayInstances.get(country);
  if (hd) return hd;
  const [c = '', state, region] = country.split('-');
  hd = new (loadHolidays())();
  const countries = hd.getCountries();
  if (!countries[c.toUpperCase()]) throw new Error(`unknown holiday country "${country}"`);
  if (state !== undefined && !hd.getStates(c)?.[state.toUpperCase()]) {
    throw new Error(`unknown holiday state "${state}" in "${country}"`);
  }
  if (state !== undefined && region !== undefined && !hd.getRegions(c, state)?.[region.toUpperCase()]) {
    throw new Error(`unknown holiday region "${region}" in "${country}"`);
  }
  if (state === undefined) hd.init(c);
  else if (region === undefined) hd.init(c, state);
  else hd.init(c, state, region);
  holidayInstances.set(country, hd);
  return hd;
}

function loadYear(country: string, year: number, entry: { years: Set<number>; dates: Set<string> }): void {
  if (entry.years.has(year)) return;
  entry.years.add(year);
  for (const h of holidaysFor(country).getHolidays(year)) {
    if (h.type !== 'public') continue;
    // h.date is the holiday's own local "YYYY-MM-DD hh:mm:ss"; cover every calendar day it touches.
    const first = DateTime.fromFormat(h.date.slice(0, 19), 'yyyy-MM-dd HH:mm:ss', { zone: 'utc' });
    if (!first.isValid) continue;
    const last = first.plus({ milliseconds: Math.max(0, h.end.getTime() - h.start.getTime() - 1) });
    for (let d = first.startOf('day'); d <= last; d = d.plus({ days: 1 })) entry.dates.add(d.toISODate()!);
  }
}

function isPublicHoliday(country: string | undefined, day: DateTime): boolean {
  if (!country) return false;
  let entry = holidayDates.get(country);
  if (!entry) {
    entry = { years: new Set(), dates: new Set() };
    holidayDates.set(country, entry);
  }
  loadYear(country, day.year - 1, entry); // multi-day holidays may spill over New Year
  loadYear(country, day.year, entry);
  return entry.dates.has(`${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`);
}

// ---------------------------------------------------------------- days and intervals

function checkZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) throw new Error(`invalid IANA time zone "${timeZone}"`);
}

/** Validates the hours (throws) and makes sure some weekday has an opening. */
function checkHours(hours: WeeklyHours): void {
  const problems = validateWeeklyHours(hours);
  if (problems.length > 0) throw new Error(`invalid business hours: ${problems.join('; ')}`);
  if (!WEEKDAYS.some((d) => (hours[d]?.length ?? 0) > 0)) {
    throw new Error('business hours are empty for every day of the week; a business clock would never advance');
  }
}

function weekdayOf(day: DateTime): Weekday {
  return WEEKDAYS[day.weekday - 1]!;
}

/** Local start of the calendar day containing `instant`. */
function localDay(instant: Date, timeZone: string): DateTime {
  checkZone(timeZone);
  return DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day');
}

function nextDay(day: DateTime): DateTime {
  return day.plus({ days: 1 }).startOf('day');
}

/** Opening intervals of one local day as instants (ms), sorted; empty on closed days. */
function dayIntervals(day: DateTime, schedule: BusinessSchedule): Array<[number, number]> {
  const hours = schedule.hours;
  if (!hours || isPublicHoliday(schedule.holidayCountry, day)) return [];
  const at = (hhmm: string): number => {
    if (hhmm === '24:00') return nextDay(day).toMillis();
    const [h, m] = hhmm.split(':').map(Number);
    return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: h, minute: m }, { zone: day.zone }).toMillis();
  };
  return (hours[weekdayOf(day)] ?? [])
    .map(([o, c]): [number, number] => [at(o), at(c)])
    .filter(([o, c]) => c > o) // an opening swallowed by a DST gap
    .sort((a, b) => a[0] - b[0]);
}

/**
 * A business day: not a public holiday and, with hours set, at least one interval that day;
 * without hours, Monday to Friday. `localDate` is "YYYY-MM-DD" or a luxon DateTime whose own
 * calendar date is used as is.
 */
export function isBusinessDay(localDate: string | DateTime, schedule: BusinessSchedule): boolean {
  checkZone(schedule.timeZone);
  const day =
    typeof localDate === 'string'
      ? DateTime.fromISO(localDate, { zone: schedule.timeZone }).startOf('day')
      : DateTime.fromObject({ year: localDate.year, month: localDate.month, day: localDate.day }, { zone: schedule.timeZone });
  if (!day.isValid) throw new Error(`invalid local date "${String(localDate)}"`);
  if (isPublicHoliday(schedule.holidayCountry, day)) return false;
  if (!schedule.hours) return day.weekday <= 5;
  return (schedule.hours[weekdayOf(day)]?.length ?? 0) > 0;
}

// ---------------------------------------------------------------- minutes

/**
 * `minutes` of business time after `start`. Arrivals outside hours start at the next opening;
 * a result exactly at an interval's close returns that close. With 0 minutes the result is
 * `nextOpening(start)`.
 */
export function addBusinessMinutes(start: Date, minutes: number, schedule: BusinessSchedule): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error(`minutes must be a finite number >= 0, got ${minutes}`);
  if (!schedule.hours) return new Date(start.getTime() + minutes * MS_PER_MINUTE);
  checkHours(schedule.hours);
  let remaining = minutes * MS_PER_MINUTE;
  const from = start.getTime();
  let closedDays = 0;
  for (let day = localDay(start, schedule.timeZone); ; day = nextDay(day)) {
    let openedToday = false;
    for (const [open, close] of dayIntervals(day, schedule)) {
      const s = Math.max(open, from);
      if (s >= close) continue;
      openedToday = true;
      if (remaining <= close - s) return new Date(s + remaining);
      remaining -= close - s;
    }
    closedDays = openedToday ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS) {
      throw new Error(`no business hours within ${MAX_CLOSED_DAYS} days after ${day.toISODate()}; check hours and holidays`);
    }
  }
}

/** True when `instant` lies inside an opening interval (always true without hours). */
export function isOpenAt(instant: Date, schedule: BusinessSchedule): boolean {
  if (!schedule.hours) return true;
  const t = instant.getTime();
  return dayIntervals(localDay(instant, schedule.timeZone), schedule).some(([o, c]) => o <= t && t < c);
}

/** The first open instant at or after `instant` (the instant itself when open). */
export function nextOpening(instant: Date, schedule: BusinessSchedule): Date {
  return addBusinessMinutes(instant, 0, schedule);
}

/**
 * Minutes of open time between `a` and `b` (wall-clock minutes without hours). Fractional
 * minutes are kept; negative when `b` is before `a`.
 */
export function businessMinutesBetween(a: Date, b: Date, schedule: BusinessSchedule): number {
  if (b.getTime() < a.getTime()) return -businessMinutesBetween(b, a, schedule);
  if (!schedule.hours) return (b.getTime() - a.getTime()) / MS_PER_MINUTE;
  checkHours(schedule.hours);
  const from = a.getTime();
  const to = b.getTime();
  let total = 0;
  for (let day = localDay(a, schedule.timeZone); day.toMillis() < to; day = nextDay(day)) {
    for (const [open, close] of dayIntervals(day, schedule)) {
      const s = Math.max(open, from);
      const e = Math.min(close, to);
      if (e > s) total += e - s;
    }
  }
  return total / MS_PER_MINUTE;
}

// ---------------------------------------------------------------- days

/**
 * End (next local midnight, as an instant) of the `days`-th business day strictly after the
 * local calendar day of `start`. days = 0 gives the end of start's own day, business day or not.
 */
export function addBusinessDays(start: Date, days: number, schedule: BusinessSchedule): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error(`days must be an integer >= 0, got ${days}`);
  if (schedule.hours) checkHours(schedule.hours);
  let day = localDay(start, schedule.timeZone);
  let closedDays = 0;
  for (let counted = 0; counted < days;) {
    day = nextDay(day);
    if (isBusinessDay(day, schedule)) {
      counted++;
      closedDays = 0;
    } else if (++closedDays > MAX_CLOSED_DAYS) {
      throw new Error(`no business day within ${MAX_CLOSED_DAYS} days after ${day.toISODate()}; check hours and holidays`);
    }
  }
  return nextDay(day).toJSDate();
}
