import { describe, expect, it } from 'vitest';
import { assessStanding, type StandingInput } from '../../src/domain/standing.js';
import { currentLateStreak, detectPatterns, isOrderSurge, withPatterns, type PatternInput } from '../../src/domain/standing-patterns.js';

const quiet: PatternInput = { ordersLast7Days: 5, ordersPrior28Days: 20, recentShipmentsLate: [false, false, true], unansweredPastMax: 0 };
const healthy: StandingInput = {
  shipDue: 20,
  shippedOnTime: 20,
  cases: 10,
  answeredWithinMax: 10,
  answeredWithinTarget: 9,
  overdueOpen: 0,
  lateUnshipped: 0,
  escalations: 0,
};

describe('order surge', () => {
  it('needs twice the 4-week weekly average and at least 10 orders', () => {
    expect(isOrderSurge(10, 20)).toBe(true); // average 5 a week
    expect(isOrderSurge(9, 4)).toBe(false); // too few orders
    expect(isOrderSurge(19, 40)).toBe(false); // 1.9x
    expect(isOrderSurge(20, 40)).toBe(true);
  });

  it('needs a baseline: a shop with no earlier orders has no surge', () => {
    expect(isOrderSurge(50, 0)).toBe(false);
  });
});

describe('late-shipping streak', () => {
  it('counts only the current run of late shipments', () => {
    expect(currentLateStreak([true, true, true, false, true])).toBe(3);
    expect(currentLateStreak([false, true, true, true])).toBe(0);
    expect(currentLateStreak([])).toBe(0);
  });
});

describe('detectPatterns', () => {
  it('finds nothing in a quiet month', () => {
    expect(detectPatterns(quiet)).toEqual([]);
  });

  it('flags a surge, a streak and unanswered messages, each with its knowledge-base topic', () => {
    const f = detectPatterns({ ordersLast7Days: 30, ordersPrior28Days: 40, recentShipmentsLate: [true, true, true], unansweredPastMax: 2 });
    expect(f.map((x) => [x.pattern, x.level, x.topic])).toEqual([
      ['order_surge', 'at_risk', 'bulk-editing'],
      ['late_streak', 'at_risk', 'shipping-orders'],
      ['unanswered_messages', 'at_risk', 'managing-orders'],
    ]);
    expect(f[0]!.text).toBe('order surge: 30 orders in the last 7 days against 10 a week before');
  });

  it('escalates long streaks and many unanswered buyers to under review', () => {
    const f = detectPatterns({ ...quiet, recentShipmentsLate: Array(6).fill(true) as boolean[], unansweredPastMax: 5 });
    expect(f.map((x) => x.level)).toEqual(['under_review', 'under_review']);
  });
});

describe('withPatterns', () => {
  it('keeps a verdict without findings as it is', () => {
    const v = assessStanding(healthy);
    expect(withPatterns(v, [])).toBe(v);
  });

  it('raises a good shop to at risk, with the pattern as the thing to improve', () => {
    const v = withPatterns(assessStanding(healthy), detectPatterns({ ...quiet, recentShipmentsLate: [true, true, true] }));
    expect(v.standing).toBe('at_risk');
    expect(v.reasons).toEqual(['3 late shipments in a row']);
    expect(v.improve).toMatch(/^Ship the waiting orders/);
  });

  it('keeps the rates\u2019 advice when they are as bad as the patterns, and never lowers a verdict', () => {
    const base = assessStanding({ ...healthy, shippedOnTime: 10 }); // 50%: under review
    const v = withPatterns(base, detectPatterns({ ...quiet, unansweredPastMax: 1 }));
    expect(v.standing).toBe('under_review');
    expect(v.improve).toBe(base.improve);
    expect(v.reasons).toHaveLength(2);
  });
});
