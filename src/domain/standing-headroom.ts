/**
 * Forecast and headroom for a standing metric: how many more bad events (late shipments,
 * unanswered messages, defects) fit in the current window before the metric crosses its line,
 * the day it would cross at the current 14-day trend, and how many good events it takes to
 * recover ("each late order needs 19 on-time ones to stay at 95 %"). Pure: counts in, numbers out.
 */
import { DateTime } from 'luxon';
import { meetsLine, rateMeetsLine, type Tally } from './marketplace-standing.js';
import type { MetricSubject, StandingMetric } from './marketplaces/index.js';

/** Searches stop here; a metric that allows more is effectively unlimited. */
export const HEADROOM_CAP = 1_000_000_000;

/** The tally after `bad` more bad events and `good` more good ones (a bad review is 1 star, a good one the best score). */
export function addEvents(metric: StandingMetric, t: Tally, bad: number, good: number): Tally {
  const denominator = t.denominator + bad + good;
  if (metric.kind === 'average') return { numerator: t.numerator + bad * 1 + good * metric.scaleMax, denominator };
  return { numerator: t.numerator + (metric.bound === 'max' ? bad : good), denominator };
}

/** Largest k in [0, cap] with ok(k), for ok true at 0 and monotone (true, then false). */
function largest(ok: (k: number) => boolean): number {
  let lo = 0;
  let hi = 1;
  while (hi < HEADROOM_CAP && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  if (hi >= HEADROOM_CAP && ok(HEADROOM_CAP)) return HEADROOM_CAP;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Smallest k in [0, cap] with ok(k), for ok monotone (false, then true); the cap when never. */
function smallest(ok: (k: number) => boolean): number {
  if (ok(0)) return 0;
  const below = largest((k) => !ok(k));
  return Math.min(below + 1, HEADROOM_CAP);
}

/**
 * How many more bad events fit before the metric crosses its line (each also adds to the
 * denominator: a late order is an order). 0 at the line; null when it has already crossed.
 */
export function headroom(metric: StandingMetric, t: Tally): number | null {
  if (!meetsLine(metric, t)) return null;
  return largest((k) => meetsLine(metric, addEvents(metric, t, k, 0)));
}

/** How many good events it takes to get back on the right side of the line; 0 when there already. */
export function goodEventsToRecover(metric: StandingMetric, t: Tally): number {
  return smallest((g) => meetsLine(metric, addEvents(metric, t, 0, g)));
}

/** How many good events each bad one needs to keep the rate on the line: 19 at 95 %, 100 under 1 %. */
export function goodPerBadEvent(metric: StandingMetric): number {
  return smallest((g) => rateMeetsLine(metric, addEvents(metric, { numerator: 0, denominator: 0 }, 1, g)));
}

const NOUNS: Record<MetricSubject, [bad: string, good: string]> = {
  order_defects: ['order defect', 'order without a defect'],
  late_shipments: ['late shipment', 'on-time shipment'],
  shipped_on_time: ['late shipment', 'on-time shipment'],
  shipped_on_time_with_tracking: ['late or untracked shipment', 'on-time tracked shipment'],
  delivered_on_time: ['late delivery', 'on-time delivery'],
  valid_tracking: ['shipment without valid tracking', 'tracked shipment'],
  seller_cancellations: ['cancelled order', 'fulfilled order'],
  answered_in_time: ['late or missed reply', 'reply in time'],
  answered_late: ['late or missed reply', 'reply in time'],
  refunds: ['refunded order', 'order kept'],
  returns: ['returned order', 'order kept'],
  item_not_received: ['order reported not received', 'order received'],
  negative_feedback: ['one or two-star rating', 'order without one'],
  cases_closed_unresolved: ['case closed without your resolution', 'transaction without one'],
  transaction_defects: ['transaction defect', 'transaction without a defect'],
  low_reviews: ['review of 3 stars or lower', 'better review'],
  refunded_cases: ['refunded case', 'order without one'],
  review_stars: ['one-star review', 'five-star review'],
};

/** The words for one bad and one good event of a metric ("late shipment", "on-time shipment"). */
export function eventNouns(metric: StandingMetric): { bad: string; good: string } {
  const [bad, good] = NOUNS[metric.subject];
  return { bad, good };
}

export type Forecast =
  { status: 'already_crossed' } | { status: 'crosses'; on: string; inDays: number } | { status: 'holds' } | { status: 'no_trend' };

/**
 * The day the metric would cross its line if the last `trendDays` days went on: the window rolls
 * forward one day at a time, its oldest day dropping out and a day at the trend's average coming
 * in. `series` is the window's daily tallies, oldest first, one per local day, ending today
 * (`today`, "YYYY-MM-DD" in the marketplace's zone). After a full window of trend days the rate is
 * the trend's own, so a metric that has not crossed by then holds.
 */
export function forecastCrossing(metric: StandingMetric, series: readonly Tally[], today: string, trendDays = 14): Forecast {
  const sum = (days: readonly Tally[]): Tally =>
    days.reduce((a, d) => ({ numerator: a.numerator + d.numerator, denominator: a.denominator + d.denominator }), {
      numerator: 0,
      denominator: 0,
    });
  const current = sum(series);
  if (current.denominator > 0 && !meetsLine(metric, current)) return { status: 'already_crossed' };
  const recent = series.slice(-trendDays);
  const total = sum(recent);
  if (recent.length === 0 || total.denominator === 0) return { status: 'no_trend' };
  const perDay = { numerator: total.numerator / recent.length, denominator: total.denominator / recent.length };
  const window = [...series];
  for (let d = 1; d <= series.length; d++) {
    window.shift();
    window.push(perDay);
    if (!meetsLine(metric, sum(window))) {
      const on = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: d }).toISODate()!;
      return { status: 'crosses', on, inDays: d };
    }
  }
  return { status: 'holds' };
}
