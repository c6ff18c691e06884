import { DateTime } from 'luxon';
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './types.js';

/**
 * When a team's monthly seller-success reminder is due: the nth weekday of the month at a
 * local time, in the team's time zone. Pure: the job asks "has this month's instant passed?"
 * on every tick, so no timer lives in memory and a restart loses nothing.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24-hour local time)');

/** `reminders` in team settings (teams.settings.reminders, or the team in the config file). */
export const reminderScheduleSchema = z.object({
  /** Day of the week: mon … sun. */
  weekday: z.enum(WEEKDAYS).default('tue'),
  /** Which one in the month: 1–4, or -1 for the last. */
  nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]).default(1),
  /** Local time in the team's time zone. */
  time: hhmm.default('10:00'),
  enabled: z.boolean().default(true),
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;

export const DEFAULT_REMINDER_SCHEDULE: ReminderSchedule = { weekday: 'tue', nth: 1, time: '10:00', enabled: true };

/** Parses `settings.reminders` of a team row; absent means the default schedule. */
export function reminderScheduleOf(settings: unknown): { ok: true; schedule: ReminderSchedule } | { ok: false; error: string } {
  const raw = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).reminders : undefined;
  const parsed = reminderScheduleSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, schedule: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `settings.reminders.${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

/** "YYYY-MM" */
export type MonthKey = string;

const LUXON_WEEKDAY: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export function monthKey(year: number, month: number): MonthKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function parseMonth(key: MonthKey): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (!m) throw new RangeError(`not a month key (YYYY-MM): ${key}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The month that `instant` falls in, in `timeZone`. */
export function localMonth(instant: Date, timeZone: string): MonthKey {
  const d = DateTime.fromJSDate(instant, { zone: timeZone });
  return monthKey(d.year, d.month);
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  const { year, month } = parseMonth(key);
  const i = year * 12 + (month - 1) + n;
  return monthKey(Math.floor(i / 12), (i % 12) + 1);
}

/** [start, end) of a local month, as instants. */
export function monthRange(key: MonthKey, timeZone: string): { from: Date; to: Date } {
  const { year, month } = parseMonth(key);
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: timeZone });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The local calendar day of the nth (or last) weekday of a month. */
export function nthWeekdayOfMonth(key: MonthKey, weekday: Weekday, nth: ReminderSchedule['nth']): number {
  const { year, month } = parseMonth(key);
  const first = DateTime.utc(year, month, 1);
  const target = LUXON_WEEKDAY[weekday];
  if (nth === -1) {
    const last = first.endOf('month');
    return last.day - ((last.weekday - target + 7) % 7);
  }
  return 1 + ((target - first.weekday + 7) % 7) + (nth - 1) * 7;
}

/**
 * The instant the reminder of `key` is due in `timeZone`. A local time that does not exist
 * (a DST gap) moves forward by the gap; a repeated one (DST end) is its second occurrence, as luxon resolves them.
 */
export function scheduledInstant(
  key: MonthKey,
  timeZone: string,
  s: Pick<ReminderSchedule, 'weekday' | 'nth' | 'time'> = DEFAULT_REMINDER_SCHEDULE,
): Date {
  const { year, month } = parseMonth(key);
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  const day = nthWeekdayOfMonth(key, s.weekday, s.nth);
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: timeZone }).toJSDate();
}

export type DueState = { due: false; month: MonthKey; at: Date; next: Date } | { due: true; month: MonthKey; at: Date; late: boolean };

/**
 * Whether the reminder of the current local month is due at `now`. Only the current month
 * is ever due: a month missed entirely (the bot was down past the end of it) is skipped,
 * since its webinar has passed and its digest would arrive next to the new one.
 * `lateAfterMs`: sent this long after its instant, a reminder is marked late.
 */
export function dueState(now: Date, timeZone: string, s: ReminderSchedule, lateAfterMs = LATE_AFTER_MS): DueState {
  const month = localMonth(now, timeZone);
  const at = scheduledInstant(month, timeZone, s);
  if (now.getTime() < at.getTime()) return { due: false, month, at, next: at };
  return { due: true, month, at, late: now.getTime() - at.getTime() > lateAfterMs };
}

/** The job ticks every 10 minutes; anything later than an hour means the bot was not running. */
export const LATE_AFTER_MS = 60 * 60_000;

/** The next instant after `now` (this month's if still ahead, else next month's). */
export function nextScheduled(now: Date, timeZone: string, s: ReminderSchedule): Date {
  const month = localMonth(now, timeZone);
  const at = scheduledInstant(month, timeZone, s);
  return at.getTime() > now.getTime() ? at : scheduledInstant(addMonths(month, 1), timeZone, s);
}
