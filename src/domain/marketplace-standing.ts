/**
 * Standing from the marketplace's own formulas: the caller counts (numerator and denominator per
 * metric, over the metric's window); this file classifies single items, judges each metric
 * against its threshold, allowance and minimum, and orders the metrics by how close they are to
 * their line. Pure: counts and instants in, verdicts out.
 *
 * The classification rule: an item still inside its clock (a message not yet due, an order not
 * yet due to ship, an order not yet shipped) is pending, neither a hit nor a miss, and stays out
 * of numerator and denominator until it is decided.
 */
import { DateTime } from 'luxon';
import type { MetricWindow, RateMetric, StandingMetric } from './marketplaces/index.js';
import type { Standing } from './standing.js';

/** As the metric counts: rate metrics the counted events (bad for max, good for min) over all; averages the points over the count. */
export interface Tally {
  numerator: number;
  denominator: number;
}

export type Outcome = 'good' | 'bad' | 'pending';

/** A reply: good when answered by the deadline, bad when answered later or still unanswered after it, pending before. */
export function classifyResponse(i: { dueAt: Date; answeredAt?: Date | null; now: Date }): Outcome {
  if (i.answeredAt) return i.answeredAt.getTime() <= i.dueAt.getTime() ? 'good' : 'bad';
  return i.now.getTime() > i.dueAt.getTime() ? 'bad' : 'pending';
}

/** A shipment against its ship-by: good when shipped by it, bad when shipped later or still unshipped after it, pending before. */
export function classifyShipment(i: { shipBy: Date; shippedAt?: Date | null; now: Date }): Outcome {
  if (i.shippedAt) return i.shippedAt.getTime() <= i.shipBy.getTime() ? 'good' : 'bad';
  return i.now.getTime() > i.shipBy.getTime() ? 'bad' : 'pending';
}

/** Valid tracking: a carrier and a tracking number present when it shipped; an unshipped order is pending. */
export function classifyTracking(i: { shippedAt?: Date | null; carrier?: string | null; trackingNumber?: string | null }): Outcome {
  if (!i.shippedAt) return 'pending';
  return i.carrier?.trim() && i.trackingNumber?.trim() ? 'good' : 'bad';
}

/** Counts outcomes the way a rate metric counts them; pending items stay out. */
export function tallyOutcomes(metric: RateMetric, outcomes: readonly Outcome[]): Tally & { pending: number } {
  let good = 0;
  let bad = 0;
  let pending = 0;
  for (const o of outcomes) {
    if (o === 'good') good++;
    else if (o === 'bad') bad++;
    else pending++;
  }
  return { numerator: metric.bound === 'min' ? good : bad, denominator: good + bad, pending };
}

// ---------------------------------------------------------------- the line

/** Bad events in a tally: what a max rate counts, what a min rate misses; for averages the missing points. */
export function badCount(metric: StandingMetric, t: Tally): number {
  if (metric.kind === 'average') return metric.scaleMax * t.denominator - t.numerator;
  return metric.bound === 'max' ? t.numerator : t.denominator - t.numerator;
}

/** Within the allowance: few enough bad events that the rate does not count (eBay, Etsy). */
export function withinAllowance(metric: StandingMetric, t: Tally): boolean {
  if (metric.kind !== 'rate' || !metric.allowance) return false;
  const a = metric.allowance;
  return badCount(metric, t) <= a.count && (a.whileDenominatorBelow === undefined || t.denominator < a.whileDenominatorBelow);
}

/** The rate or average alone against the threshold (integer-exact for whole counts). */
export function rateMeetsLine(metric: StandingMetric, t: Tally): boolean {
  if (metric.kind === 'average') return 10 * t.numerator >= metric.atLeastTenths * t.denominator;
  const lhs = 10_000 * t.numerator;
  const rhs = metric.thresholdBp * t.denominator;
  if (metric.bound === 'max') return metric.inclusive ? lhs <= rhs : lhs < rhs;
  return metric.inclusive ? lhs >= rhs : lhs > rhs;
}

/** The marketplace's line: within the allowance, or the rate on the right side of the threshold. */
export function meetsLine(metric: StandingMetric, t: Tally): boolean {
  return withinAllowance(metric, t) || rateMeetsLine(metric, t);
}

/** "under 1 %", "at most 2 %", "at least 95 %", "over 95 %", "at least 4.8". */
export function describeThreshold(metric: StandingMetric): string {
  if (metric.kind === 'average') return `at least ${metric.atLeastTenths / 10}`;
  const words = metric.bound === 'max' ? (metric.inclusive ? 'at most' : 'under') : metric.inclusive ? 'at least' : 'over';
  return `${words} ${formatPercent(metric.thresholdBp / 10_000)}`;
}

/** 0.009 → "0.9 %", 0.95 → "95 %", 0.0025 → "0.25 %". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))} %`;
}

// ---------------------------------------------------------------- verdicts

export type Verdict = 'meets' | 'at_risk' | 'misses' | 'too_few' | 'no_data';

export interface MetricInput extends Tally {
  /** The count the minimum is judged on (orders in its window); the denominator when absent. */
  minimumBase?: number;
  /** Sales in the minimum's window, in cents, where the minimum has a sales figure; unchecked when absent. */
  salesCents?: number;
}

export interface MetricResult {
  metric: StandingMetric;
  numerator: number;
  denominator: number;
  /** The rate as a fraction, or the average; null without data. */
  value: number | null;
  verdict: Verdict;
  /** How much of the allowed room is used: 0 untouched, 1 at the line, above 1 past it; null when not judged. */
  pressure: number | null;
  /** Passing only because of the marketplace's allowance (eBay's 4 defects, Etsy's 4 low reviews under 40). */
  byAllowance: boolean;
  /** "9 of 1000 (0.9 %), under 1 %", "too few orders to judge: 3 of 5". */
  text: string;
}

/** A passing metric is "at risk" from this share of its room on. */
export const AT_RISK_FROM = 0.75;

function pressureOf(metric: StandingMetric, t: Tally): number {
  // Shares of the room, in whole numbers where the counts are whole, so "on the line" is exactly 1.
  if (metric.kind === 'average') {
    return (metric.scaleMax * 10 * t.denominator - 10 * t.numerator) / (t.denominator * (metric.scaleMax * 10 - metric.atLeastTenths));
  }
  const roomBp = metric.bound === 'max' ? metric.thresholdBp : 10_000 - metric.thresholdBp;
  return (10_000 * badCount(metric, t)) / (t.denominator * roomBp);
}

/** Judges one metric on the caller's counts. */
export function evaluateMetric(metric: StandingMetric, input: MetricInput, atRiskFrom: number = AT_RISK_FROM): MetricResult {
  const t = { numerator: input.numerator, denominator: input.denominator };
  const base = { metric, ...t, value: null, pressure: null, byAllowance: false };
  if (t.denominator <= 0) return { ...base, verdict: 'no_data', text: `no ${metric.denominator} yet` };
  const min = metric.minimum;
  const minimumBase = input.minimumBase ?? t.denominator;
  if (min && minimumBase < min.orders) {
    return { ...base, verdict: 'too_few', text: `too few orders to judge: ${minimumBase} of the ${min.orders} needed (${min.text})` };
  }
  if (min?.salesCents !== undefined && input.salesCents !== undefined && input.salesCents < min.salesCents) {
    return { ...base, verdict: 'too_few', text: `too few sales to judge (${min.text})` };
  }
  const value = t.numerator / t.denominator;
  const byAllowance = !rateMeetsLine(metric, t) && withinAllowance(metric, t);
  const passes = byAllowance || rateMeetsLine(metric, t);
  const allowance = metric.kind === 'rate' ? metric.allowance : undefined;
  const pressure = byAllowance && allowance ? badCount(metric, t) / (allowance.count + 1) : pressureOf(metric, t);
  const shown = metric.kind === 'average' ? value.toFixed(2) : formatPercent(value);
  const text =
    `${t.numerator} of ${t.denominator} (${shown}), ${passes ? 'within' : 'past'} the line of ${describeThreshold(metric)}` +
    (byAllowance && allowance ? ` (${allowance.text})` : '');
  return { metric, ...t, value, pressure, byAllowance, verdict: passes ? (pressure >= atRiskFrom ? 'at_risk' : 'meets') : 'misses', text };
}

const JUDGED: ReadonlySet<Verdict> = new Set(['meets', 'at_risk', 'misses']);

/**
 * Metrics ordered for /shop-status: the one closest to (or furthest past) its line first.
 * Marketplace requirements, targets and SellerDesk's marks come before program badges; metrics
 * without a verdict (no data, too few orders) come last.
 */
export function closestToThreshold(results: readonly MetricResult[]): MetricResult[] {
  const group = (r: MetricResult) => (!JUDGED.has(r.verdict) ? 2 : r.metric.standing === 'program' ? 1 : 0);
  return [...results].sort((a, b) => group(a) - group(b) || (b.pressure ?? 0) - (a.pressure ?? 0));
}

/**
 * The shop's standing from its metrics: a missed requirement is "under review" (where the
 * marketplace would step in); a missed target or SellerDesk mark, or any metric at risk, is "at
 * risk"; programs (badges) never lower standing. No data and too few orders are never a miss.
 */
export function summarizeStanding(results: readonly MetricResult[]): { standing: Standing; lead: MetricResult | null } {
  const counted = results.filter((r) => r.metric.standing !== 'program');
  let standing: Standing = 'good';
  for (const r of counted) {
    if (r.verdict === 'misses' && r.metric.standing === 'requirement') standing = 'under_review';
    else if ((r.verdict === 'misses' || r.verdict === 'at_risk') && standing === 'good') standing = 'at_risk';
  }
  const lead = closestToThreshold(results)[0];
  return { standing, lead: lead && JUDGED.has(lead.verdict) ? lead : null };
}

// ---------------------------------------------------------------- windows

/**
 * The window a metric counts over, ending at `now`, in the marketplace's zone: N local calendar
 * days (so across a DST change it is an hour shorter or longer than N × 24 h) or N months
 * (clamped to month ends: three months before 31 May is 28 February). eBay's window grows to 12
 * months when the seller had fewer than 400 transactions in the last three.
 */
export function metricWindow(
  window: MetricWindow,
  now: Date,
  timeZone: string,
  transactionsInShortWindow?: number,
): { from: Date; to: Date; days?: number; months?: number } {
  const end = DateTime.fromJSDate(now, { zone: timeZone });
  if ('days' in window) return { from: end.minus({ days: window.days }).toJSDate(), to: now, days: window.days };
  const extend =
    window.extendedMonths !== undefined &&
    window.extendWhenBelow !== undefined &&
    transactionsInShortWindow !== undefined &&
    transactionsInShortWindow < window.extendWhenBelow;
  const months = extend ? window.extendedMonths! : window.months;
  return { from: end.minus({ months }).toJSDate(), to: now, months };
}
