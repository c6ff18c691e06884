/**
 * Clocks from the marketplace profile: the marketplace's deadline in its own time mode next to
 * the team's target and maximum, which one bites first, the warning before a marketplace
 * deadline, the deadlines single cases carry and the ship-by move rule. Pure: every instant is
 * passed in; the system clock is never read.
 */
import { DateTime } from 'luxon';
import { addBusinessMinutes } from './business-time.js';
import { DEFAULT_WARNING_LEAD } from './marketplaces/config.js';
import type { DeadlineRule, MarketplaceProfile, ShipByRule } from './marketplaces/index.js';
import { computeDeadlines, formatDuration } from './sla.js';
import type { BusinessSchedule, CaseKind, ClockTable, WeeklyHours } from './types.js';
import { clockChannelFor, DEFAULT_CLOCKS } from './types.js';

const MINUTE = 60_000;
const WHOLE_WEEKDAYS: WeeklyHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [['00:00', '24:00']] as Array<[string, string]>]),
);

/** The zone a marketplace counts in: its own, or the shop's where it names none. */
export function marketplaceTimeZone(profile: MarketplaceProfile, shopTimeZone: string): string {
  return profile.calendar.timeZone ?? shopTimeZone;
}

/** The marketplace's business calendar as a schedule: whole weekdays in its zone, its public holidays closed. */
export function marketplaceCalendar(profile: MarketplaceProfile, shopTimeZone: string): BusinessSchedule {
  const holidays = profile.calendar.holidayCountry;
  return { timeZone: marketplaceTimeZone(profile, shopTimeZone), hours: WHOLE_WEEKDAYS, ...(holidays ? { holidayCountry: holidays } : {}) };
}

/** The local date ("YYYY-MM-DD") an instant falls on in the marketplace's zone: the day its metrics count it in. */
export function marketplaceDay(profile: MarketplaceProfile, instant: Date, shopTimeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: marketplaceTimeZone(profile, shopTimeZone) }).toISODate()!;
}

/**
 * When a marketplace deadline falls for something that arrived at `from`. `calendar` is
 * marketplaceCalendar(…); `eventDueAt` is the date a from_event rule reads (eventDeadline). Null
 * when a from_event rule has no date to read.
 */
export function marketplaceDeadline(rule: DeadlineRule, from: Date, calendar: BusinessSchedule, eventDueAt?: Date | null): Date | null {
  switch (rule.mode) {
    case 'calendar':
      return new Date(from.getTime() + rule.minutes * MINUTE);
    case 'business_days':
      return addBusinessMinutes(from, rule.days * 24 * 60, calendar);
    case 'from_event':
      return eventDueAt ?? null;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The deadline an event carries in `field` (Shopify's evidence_due_by: "2021-12-30T19:00:00-05:00").
 * A date without a time (GraphQL's evidenceDueBy) is taken as the start of that day in `timeZone`,
 * the earliest it can mean. Null when the field is absent or not such a date.
 */
export function eventDeadline(payload: unknown, field: string, timeZone: string): Date | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const raw = (payload as Record<string, unknown>)[field];
  if (typeof raw !== 'string') return null;
  if (DATE_ONLY.test(raw)) {
    const day = DateTime.fromISO(raw, { zone: timeZone });
    return day.isValid ? day.toJSDate() : null;
  }
  if (!WITH_ZONE.test(raw)) return null;
  const t = DateTime.fromISO(raw, { setZone: true });
  return t.isValid ? t.toJSDate() : null;
}

export interface CaseClocksInput {
  /** The effective profile (mergeTeamOverrides). */
  profile: MarketplaceProfile;
  kind: CaseKind;
  arrivedAt: Date;
  /** The shop's business schedule; the team clocks count in it. */
  schedule: BusinessSchedule;
  clocks?: ClockTable;
  /** For from_event rules: eventDeadline(payload, rule.field, …). */
  eventDueAt?: Date | null;
  /** Triggers of the case (e.g. "bbb_or_attorney_general_complaint") for trigger-only case deadlines. */
  triggers?: readonly string[];
}

export type FirstDeadline = { by: 'marketplace' | 'team'; dueAt: Date };

export interface CaseClocks {
  /** The marketplace's deadline; null when it sets none (or a from_event date is missing: see `missingEventDate`). */
  marketplaceDueAt: Date | null;
  missingEventDate: boolean;
  teamTargetAt: Date;
  teamMaxAt: Date;
  /** The deadline that bites first: the marketplace's or the team's maximum (the target is a goal, not a deadline). */
  first: FirstDeadline;
  caseDeadlines: Array<{ id: string; label: string; dueAt: Date; consequence: string }>;
}

/** The earlier of the marketplace's deadline and the team's maximum; on a tie the marketplace's. */
export function firstDeadline(marketplaceDueAt: Date | null, teamMaxAt: Date): FirstDeadline {
  return marketplaceDueAt && marketplaceDueAt.getTime() <= teamMaxAt.getTime()
    ? { by: 'marketplace', dueAt: marketplaceDueAt }
    : { by: 'team', dueAt: teamMaxAt };
}

/** Every clock of a case that arrived at `arrivedAt`: the marketplace's, the team's, the case deadlines. */
export function caseClocks(i: CaseClocksInput): CaseClocks {
  const rule = i.profile.replies[i.kind];
  const calendar = marketplaceCalendar(i.profile, i.schedule.timeZone);
  const marketplaceDueAt = rule.deadline ? marketplaceDeadline(rule.deadline, i.arrivedAt, calendar, i.eventDueAt) : null;
  const team = computeDeadlines(i.arrivedAt, clockChannelFor(i.kind), i.schedule, i.clocks ?? DEFAULT_CLOCKS);
  const caseDeadlines = i.profile.caseDeadlines
    .filter((d) => d.appliesTo.includes(i.kind) && (!d.trigger || (i.triggers ?? []).includes(d.trigger)))
    .map((d) => ({ id: d.id, label: d.label, dueAt: marketplaceDeadline(d.deadline, i.arrivedAt, calendar)!, consequence: d.consequence }));
  return {
    marketplaceDueAt,
    missingEventDate: rule.deadline?.mode === 'from_event' && !marketplaceDueAt,
    teamTargetAt: team.targetAt,
    teamMaxAt: team.maxAt,
    first: firstDeadline(marketplaceDueAt, team.maxAt),
    caseDeadlines,
  };
}

/**
 * The card line for the deadline that bites first, in the shop's zone:
 * "Amazon deadline Sat 18:00 EST, 23 h 10 min left", "Team maximum Mon 18:00 EST, overdue by 2 h".
 */
export function describeFirstDeadline(now: Date, first: FirstDeadline, marketplaceName: string, timeZone: string): string {
  const label = first.by === 'marketplace' ? `${marketplaceName} deadline` : 'Team maximum';
  const diff = first.dueAt.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(diff) / MINUTE);
  const local = DateTime.fromJSDate(first.dueAt, { zone: timeZone }).setLocale('en-US');
  const when = local.toFormat(minutes >= 6 * 24 * 60 ? 'ccc d LLL HH:mm ZZZZ' : 'ccc HH:mm ZZZZ');
  const span = minutes === 0 ? '< 1 min' : formatDuration(minutes);
  if (diff === 0) return `${label} ${when}, due now`;
  return diff > 0 ? `${label} ${when}, ${span} left` : `${label} ${when}, overdue by ${span}`;
}

// ---------------------------------------------------------------- warnings

/** When to warn before a deadline: `lead` × the window before it (never before the window opens). */
export function warningAt(startedAt: Date, dueAt: Date, lead: number = DEFAULT_WARNING_LEAD): Date {
  if (!(lead > 0 && lead < 1)) throw new Error(`warning lead must be between 0 and 1, got ${lead}`);
  const window = Math.max(0, dueAt.getTime() - startedAt.getTime());
  return new Date(dueAt.getTime() - Math.round(window * lead));
}

export type AlertKind = 'warning' | 'breach';

/**
 * Which alerts the overdue scan sends now, once each: the warning from warningAt, the breach at the
 * deadline. A warning not yet sent when the deadline has passed is skipped, not sent late.
 */
export function alertsDue(i: {
  now: Date;
  startedAt: Date;
  dueAt: Date;
  lead?: number;
  sent: Readonly<Partial<Record<AlertKind, boolean>>>;
}): { send: AlertKind[]; skip: AlertKind[] } {
  const send: AlertKind[] = [];
  const skip: AlertKind[] = [];
  const now = i.now.getTime();
  if (now >= i.dueAt.getTime()) {
    if (!i.sent.breach) send.push('breach');
    if (!i.sent.warning) skip.push('warning');
  } else if (!i.sent.warning && now >= warningAt(i.startedAt, i.dueAt, i.lead).getTime()) send.push('warning');
  return { send, skip };
}

// ---------------------------------------------------------------- ship-by

/**
 * Whether a ship-by date may move to `requested` (Etsy: once, before the original passes, at most
 * three weeks later). Days count in the marketplace's zone.
 */
export function shipByChange(
  rule: ShipByRule,
  i: { original: Date; changesMade: number; now: Date; requested: Date; timeZone: string },
): { allowed: true } | { allowed: false; reason: string } {
  const c = rule.change;
  if (!c) return { allowed: false, reason: 'this marketplace does not let sellers move a ship-by date' };
  if (i.changesMade >= c.times)
    return { allowed: false, reason: `the ship-by date can be moved ${c.times === 1 ? 'once' : `${c.times} times`}, and it has been` };
  if (c.onlyBeforeItPasses && i.now.getTime() >= i.original.getTime())
    return { allowed: false, reason: 'the original ship-by date has passed' };
  if (i.requested.getTime() <= i.now.getTime()) return { allowed: false, reason: 'the new ship-by date must be in the future' };
  const latest = DateTime.fromJSDate(i.original, { zone: i.timeZone }).plus({ days: c.maxLaterDays });
  if (i.requested.getTime() > latest.toMillis()) {
    return { allowed: false, reason: `the new date can be at most ${c.maxLaterDays} days after the original (${latest.toISODate()})` };
  }
  return { allowed: true };
}
