/** Response-time deadlines, ship-by dates and countdown text. Pure: `now` is always passed in. */
import { DateTime } from 'luxon';
import { addBusinessDays, addBusinessMinutes } from './business-time.js';
import type { BusinessSchedule, ClockChannel, ClockTable, HandlingDays } from './types.js';
import { DEFAULT_CLOCKS, DEFAULT_HANDLING } from './types.js';

export interface Deadlines {
  /** When the response goal (target) falls due. */
  targetAt: Date;
  /** The hard maximum. */
  maxAt: Date;
}

/** Target and maximum response deadlines for a case opened at `openedAt`, in business time. */
export function computeDeadlines(
  openedAt: Date,
  channel: ClockChannel,
  schedule: BusinessSchedule,
  clocks: ClockTable = DEFAULT_CLOCKS,
): Deadlines {
  const spec = clocks[channel];
  return {
    targetAt: addBusinessMinutes(openedAt, spec.targetMinutes, schedule),
    maxAt: addBusinessMinutes(openedAt, spec.maxMinutes, schedule),
  };
}

/** Ship-by instant: end of the Nth business day after the (local) day of payment. */
export function computeShipBy(paidAt: Date, custom: boolean, schedule: BusinessSchedule, handling: HandlingDays = DEFAULT_HANDLING): Date {
  return addBusinessDays(paidAt, custom ? handling.custom : handling.readyMade, schedule);
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** From this distance on, the local time also shows the date, since a weekday alone is ambiguous. */
const SHOW_DATE_FROM_MINUTES = 6 * DAY_MINUTES;

/** "2 d 3 h", "1 h 20 min", "45 min"; minutes are dropped from 24 h on. Input in whole minutes. */
export function formatDuration(totalMinutes: number): string {
  if (totalMinutes >= DAY_MINUTES) {
    const d = Math.floor(totalMinutes / DAY_MINUTES);
    const h = Math.floor((totalMinutes % DAY_MINUTES) / 60);
    return h > 0 ? `${d} d ${h} h` : `${d} d`;
  }
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (h === 0) return `${m} min`;
  return m > 0 ? `${h} h ${m} min` : `${h} h`;
}

/**
 * Human countdown for cards: "due in 1 h 20 min (Tue 14:30 EST)", "overdue by 3 h 5 min (Mon 09:00 EST)".
 * Durations are truncated to whole minutes; under a minute reads "< 1 min"; exactly due reads "due now".
 * Local time is in `timeZone` with an en-US zone abbreviation (offset like "GMT+1" where en-US has none);
 * six days or more away, the date is added: "Tue 8 Dec 14:30 EST".
 */
export function describeCountdown(now: Date, due: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(due, { zone: timeZone }).setLocale('en-US');
  if (!local.isValid) throw new Error(`invalid time zone "${timeZone}"`);
  const diffMs = due.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(diffMs) / MINUTE);
  const when = local.toFormat(minutes >= SHOW_DATE_FROM_MINUTES ? 'ccc d LLL HH:mm ZZZZ' : 'ccc HH:mm ZZZZ');
  if (diffMs === 0) return `due now (${when})`;
  const span = minutes === 0 ? '< 1 min' : formatDuration(minutes);
  return diffMs > 0 ? `due in ${span} (${when})` : `overdue by ${span} (${when})`;
}
