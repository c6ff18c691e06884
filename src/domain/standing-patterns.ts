/**
 * The patterns the standards say the marketplace watches besides the rates: "potentially
 * unmanageable surges in order volume, late shipping, or lack of communication". Pure:
 * counts in, findings out; `withPatterns` folds them into an assessStanding verdict.
 */
import type { Standing, StandingVerdict } from './standing.js';

export interface PatternInput {
  /** Orders paid in the last 7 days. */
  ordersLast7Days: number;
  /** Orders paid in the 28 days before those 7 (the 4-week baseline). */
  ordersPrior28Days: number;
  /**
   * Lateness of the shop's most recent shipments, newest first (true = shipped after its
   * ship-by, or still unshipped past it). Only the leading run matters: the current streak.
   */
  recentShipmentsLate: boolean[];
  /** Message cases with no first response, past their maximum response time. */
  unansweredPastMax: number;
}

export type PatternKind = 'order_surge' | 'late_streak' | 'unanswered_messages';

export interface PatternFinding {
  pattern: PatternKind;
  level: Exclude<Standing, 'good'>;
  text: string;
  improve: string;
  /** Which knowledge-base topic helps (matches the reminders file's tip topics). */
  topic: 'managing-orders' | 'shipping-orders' | 'bulk-editing';
}

export const PATTERN_THRESHOLDS = {
  /** Last 7 days at least this many times the 4-week weekly average … */
  surgeRatio: 2,
  /** … and at least this many orders (a jump from 1 to 3 orders is no surge). */
  surgeMinOrders: 10,
  lateStreakAtRisk: 3,
  lateStreakUnderReview: 6,
  unansweredAtRisk: 1,
  unansweredUnderReview: 5,
};

/** Consecutive late shipments at the head of a newest-first list. */
export function currentLateStreak(newestFirst: boolean[]): number {
  let n = 0;
  for (const late of newestFirst) {
    if (!late) break;
    n++;
  }
  return n;
}

/**
 * A surge needs a baseline: with no orders at all in the prior four weeks (a shop just
 * connected, or just opened) there is nothing to compare with, so no surge is reported.
 */
export function isOrderSurge(last7: number, prior28: number, t = PATTERN_THRESHOLDS): boolean {
  if (prior28 <= 0 || last7 < t.surgeMinOrders) return false;
  return last7 >= t.surgeRatio * (prior28 / 4);
}

export function detectPatterns(i: PatternInput, t = PATTERN_THRESHOLDS): PatternFinding[] {
  const out: PatternFinding[] = [];
  if (isOrderSurge(i.ordersLast7Days, i.ordersPrior28Days, t)) {
    const avg = Math.round((i.ordersPrior28Days / 4) * 10) / 10;
    out.push({
      pattern: 'order_surge',
      level: 'at_risk',
      text: `order surge: ${i.ordersLast7Days} orders in the last 7 days against ${avg} a week before`,
      improve: 'Check you can ship the surge on time: extend processing times or pause listings with a bulk edit if not.',
      topic: 'bulk-editing',
    });
  }
  const streak = currentLateStreak(i.recentShipmentsLate);
  if (streak >= t.lateStreakAtRisk) {
    out.push({
      pattern: 'late_streak',
      level: streak >= t.lateStreakUnderReview ? 'under_review' : 'at_risk',
      text: `${streak} late shipments in a row`,
      improve: 'Ship the waiting orders and tell those buyers about the delay; set handling times you can keep.',
      topic: 'shipping-orders',
    });
  }
  if (i.unansweredPastMax >= t.unansweredAtRisk) {
    out.push({
      pattern: 'unanswered_messages',
      level: i.unansweredPastMax >= t.unansweredUnderReview ? 'under_review' : 'at_risk',
      text: `${i.unansweredPastMax} buyer message(s) unanswered past the maximum response time`,
      improve: 'Answer the waiting buyers now: even a short acknowledgement counts.',
      topic: 'managing-orders',
    });
  }
  return out;
}

const RANK: Record<Standing, number> = { good: 0, at_risk: 1, under_review: 2 };
export const standingRank = (s: Standing): number => RANK[s];

/**
 * The verdict with the patterns added: the worse level wins; the one thing to improve is
 * taken from the worst finding, the rates' advice first when they tie.
 */
export function withPatterns(base: StandingVerdict, findings: PatternFinding[]): StandingVerdict {
  if (findings.length === 0) return base;
  const worst = findings.reduce((a, f) => (RANK[f.level] > RANK[a.level] ? f : a));
  const standing: Standing = RANK[worst.level] > RANK[base.standing] ? worst.level : base.standing;
  const improve = standing === base.standing && base.improve ? base.improve : worst.improve;
  return { standing, reasons: [...base.reasons, ...findings.map((f) => f.text)], improve };
}
