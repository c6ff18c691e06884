import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  classifyShipment,
  classifyTracking,
  closestToThreshold,
  evaluateMetric,
  metricWindow,
  summarizeStanding,
  tallyOutcomes,
  type Tally,
} from '../../src/domain/marketplace-standing.js';
import { MARKETPLACE_PROFILES, type RateMetric, type StandingMetric } from '../../src/domain/marketplaces/index.js';
import { eventNouns, forecastCrossing, goodEventsToRecover, goodPerBadEvent, headroom } from '../../src/domain/standing-headroom.js';

const d = (iso: string): Date => new Date(iso);
const all = Object.values(MARKETPLACE_PROFILES).flatMap((p) => p.metrics);
const m = (id: string): StandingMetric => all.find((x) => x.id === id)!;
const t = (numerator: number, denominator: number): Tally => ({ numerator, denominator });

describe('Amazon order defect rate on 1,000 orders', () => {
  const odr = m('amazon_order_defect_rate');

  it('0.9 % is within the line (close to it), 1.1 % is past it, exactly 1 % is past it too', () => {
    const within = evaluateMetric(odr, t(9, 1000));
    expect(within).toMatchObject({ verdict: 'at_risk', value: 0.009, byAllowance: false });
    expect(within.pressure).toBeCloseTo(0.9, 10);
    expect(within.text).toBe('9 of 1000 (0.9 %), within the line of under 1 %');
    expect(evaluateMetric(odr, t(11, 1000))).toMatchObject({ verdict: 'misses', text: '11 of 1000 (1.1 %), past the line of under 1 %' });
    expect(evaluateMetric(odr, t(10, 1000)).verdict).toBe('misses');
    expect(evaluateMetric(odr, t(5, 1000)).verdict).toBe('meets');
  });

  it('at 0.9 % one more defect fits; at 1.1 % it takes 101 good orders; each defect needs 100', () => {
    expect(headroom(odr, t(9, 1000))).toBe(1); // 10 of 1001 = 0.999 %; 11 of 1002 = 1.098 %
    expect(headroom(odr, t(11, 1000))).toBeNull();
    expect(goodEventsToRecover(odr, t(11, 1000))).toBe(101); // 11 of 1101 = 0.9991 %
    expect(goodEventsToRecover(odr, t(9, 1000))).toBe(0);
    expect(goodPerBadEvent(odr)).toBe(100); // 1 of 101 is under 1 %, 1 of 100 is not
  });
});

describe('eBay’s minimum-transaction rule', () => {
  const tdr = m('ebay_transaction_defect_rate');

  it('a rate above 2 % counts only from 5 defects from different buyers', () => {
    expect(evaluateMetric(tdr, t(3, 60))).toMatchObject({ verdict: 'meets', byAllowance: true }); // 5 %, 3 buyers
    expect(evaluateMetric(tdr, t(4, 60))).toMatchObject({ verdict: 'at_risk', byAllowance: true, pressure: 0.8 });
    expect(evaluateMetric(tdr, t(5, 200))).toMatchObject({ verdict: 'misses', byAllowance: false }); // 2.5 %
    expect(evaluateMetric(tdr, t(5, 250))).toMatchObject({ verdict: 'at_risk', byAllowance: false, pressure: 1 }); // exactly 2 %: at most 2 %
    expect(evaluateMetric(tdr, t(3, 60)).text).toBe(
      '3 of 60 (5 %), within the line of at most 2 % (eBay counts the rate only from 5 defects from different buyers)',
    );
  });

  it('cases closed without seller resolution: 2 never count, then 0.3 %', () => {
    const cases = m('ebay_cases_closed_unresolved');
    expect(evaluateMetric(cases, t(2, 100)).verdict).not.toBe('misses');
    expect(evaluateMetric(cases, t(3, 1000)).verdict).toBe('at_risk'); // exactly 0.3 %
    expect(evaluateMetric(cases, t(3, 900)).verdict).toBe('misses');
  });

  it('headroom counts the allowance: 4 defects fit on 50 transactions, 20 on 1,000', () => {
    expect(headroom(tdr, t(0, 50))).toBe(4); // the rate alone would allow 1 (1 of 51 = 1.96 %)
    expect(headroom(tdr, t(0, 1000))).toBe(20); // 20 of 1020 = 1.96 %, 21 of 1021 = 2.06 %
  });

  it('Top Rated is not judged under 100 transactions in 12 months', () => {
    const top = m('ebay_top_rated_late_shipment_rate');
    expect(evaluateMetric(top, { ...t(1, 80), minimumBase: 80 })).toMatchObject({
      verdict: 'too_few',
      text: 'too few orders to judge: 80 of the 100 needed (Top Rated needs 100 transactions and $1,000 with US buyers in 12 months)',
    });
    expect(evaluateMetric(top, { ...t(1, 80), minimumBase: 120, salesCents: 50_000 }).verdict).toBe('too_few');
    expect(evaluateMetric(top, { ...t(1, 80), minimumBase: 120, salesCents: 150_000 }).verdict).toBe('meets');
  });

  it('evaluates over three months, or twelve under 400 transactions', () => {
    const end = d('2026-05-31T19:00:00Z'); // 12:00 PDT
    expect(metricWindow(tdr.window, end, 'America/Los_Angeles', 400)).toEqual({ from: d('2026-02-28T20:00:00Z'), to: end, months: 3 });
    expect(metricWindow(tdr.window, end, 'America/Los_Angeles', 399)).toEqual({ from: d('2025-05-31T19:00:00Z'), to: end, months: 12 });
  });
});

describe('items still inside their clocks are not misses', () => {
  const now = d('2026-01-12T16:00:00Z');

  it('classifies replies, shipments and tracking', () => {
    const due = d('2026-01-13T15:00:00Z');
    expect(classifyResponse({ dueAt: due, answeredAt: due, now })).toBe('good'); // answered at the deadline
    expect(classifyResponse({ dueAt: due, answeredAt: d('2026-01-13T15:00:00.001Z'), now })).toBe('bad');
    expect(classifyResponse({ dueAt: due, now })).toBe('pending');
    expect(classifyResponse({ dueAt: due, now: due })).toBe('pending'); // due now, not yet missed
    expect(classifyResponse({ dueAt: due, now: d('2026-01-13T15:00:00.001Z') })).toBe('bad');
    expect(classifyShipment({ shipBy: due, now })).toBe('pending');
    expect(classifyShipment({ shipBy: d('2026-01-12T05:00:00Z'), now })).toBe('bad'); // unshipped past its ship-by
    expect(classifyShipment({ shipBy: due, shippedAt: now, now })).toBe('good');
    expect(classifyTracking({ shippedAt: now, carrier: 'USPS', trackingNumber: ' ' })).toBe('bad');
    expect(classifyTracking({ shippedAt: now, carrier: 'USPS', trackingNumber: '9400' })).toBe('good');
    expect(classifyTracking({})).toBe('pending');
  });

  it('a healthy new shop with two fresh messages inside their clocks is not at risk', () => {
    const responsiveness = m('member_responsiveness') as RateMetric;
    const fresh = [d('2026-01-12T15:00:00Z'), d('2026-01-12T15:30:00Z')].map((at) =>
      classifyResponse({ dueAt: new Date(at.getTime() + 24 * 3_600_000), now }),
    );
    const tally = tallyOutcomes(responsiveness, fresh);
    expect(tally).toEqual({ numerator: 0, denominator: 0, pending: 2 });
    const onTime = tallyOutcomes(m('member_on_time_shipping') as RateMetric, [
      classifyShipment({ shipBy: d('2026-01-14T05:00:00Z'), now }),
    ]);
    const results = [evaluateMetric(responsiveness, tally), evaluateMetric(m('member_on_time_shipping'), onTime)];
    expect(results.map((r) => r.verdict)).toEqual(['no_data', 'no_data']);
    expect(summarizeStanding(results)).toEqual({ standing: 'good', lead: null });
  });

  it('counts good events for a min rate and bad ones for a max rate', () => {
    const outcomes = ['good', 'good', 'bad', 'pending'] as const;
    expect(tallyOutcomes(m('amazon_valid_tracking_rate') as RateMetric, outcomes)).toEqual({ numerator: 2, denominator: 3, pending: 1 });
    expect(tallyOutcomes(m('amazon_late_shipment_rate_30d') as RateMetric, outcomes)).toEqual({ numerator: 1, denominator: 3, pending: 1 });
  });
});

describe('headroom at 95 %', () => {
  const vtr = m('amazon_valid_tracking_rate');

  it('190 of 200 is exactly on the line: nothing more fits, and each miss needs 19 good ones', () => {
    expect(evaluateMetric(vtr, t(190, 200))).toMatchObject({ verdict: 'at_risk', pressure: 1 });
    expect(headroom(vtr, t(190, 200))).toBe(0);
    expect(evaluateMetric(vtr, t(190, 201)).verdict).toBe('misses');
    expect(headroom(vtr, t(200, 200))).toBe(10); // 200 of 210 = 95.2 %; 200 of 211 = 94.8 %
    expect(goodPerBadEvent(vtr)).toBe(19);
    expect(goodEventsToRecover(vtr, t(180, 200))).toBe(200); // 380 of 400 = 95 %
  });

  it('"each late order needs 19 on-time ones to stay at 95 %", and 20 to stay over 95 %', () => {
    const star = m('etsy_star_seller_shipping');
    expect(goodPerBadEvent(star)).toBe(19);
    expect(eventNouns(star)).toEqual({ bad: 'late or untracked shipment', good: 'on-time tracked shipment' });
    expect(goodPerBadEvent(m('walmart_seller_response_rate'))).toBe(20); // "> 95 %": 19 of 20 is not over
    expect(goodPerBadEvent(m('amazon_late_shipment_rate_30d'))).toBe(25); // 1 of 26 is under 4 %
  });

  it('a 4.8 average: every one-star review needs nineteen five-star ones', () => {
    const rating = m('etsy_star_seller_rating');
    expect(evaluateMetric(rating, { ...t(96, 20), salesCents: 40_000 })).toMatchObject({ verdict: 'at_risk', value: 4.8, pressure: 1 });
    expect(evaluateMetric(rating, { ...t(99, 20), salesCents: 40_000 })).toMatchObject({ verdict: 'meets', pressure: 0.25 }); // 4.95
    expect(headroom(rating, t(100, 20))).toBe(1); // 101 of 21 = 4.81; 102 of 22 = 4.64
    expect(headroom(rating, t(50, 10))).toBe(0);
    expect(goodPerBadEvent(rating)).toBe(19); // (1 + 95) / 20 = 4.8
    expect(goodEventsToRecover(rating, t(44, 10))).toBe(20); // (44 + 100) / 30 = 4.8
  });
});

describe('forecast at the 14-day trend', () => {
  const lsr = m('amazon_late_shipment_rate_30d');
  const today = '2026-12-01';
  // 30 days of 10 orders; the last 14 have a late order every other day (7 late): 7 of 300 = 2.3 %.
  const series: Tally[] = Array.from({ length: 30 }, (_, i) => t(i >= 16 && i % 2 === 0 ? 1 : 0, 10));

  it('crosses 4 % on the tenth day: 7 + 0.5 a day late, 300 orders throughout', () => {
    expect(series.reduce((a, x) => a + x.numerator, 0)).toBe(7);
    expect(forecastCrossing(lsr, series, today)).toEqual({ status: 'crosses', on: '2026-12-11', inDays: 10 });
  });

  it('holds without late orders, says when it has crossed already, and when nothing happens', () => {
    const quiet = series.map((x, i) => (i >= 16 ? t(0, 10) : x));
    expect(forecastCrossing(lsr, quiet, today)).toEqual({ status: 'holds' });
    expect(forecastCrossing(lsr, [...series.slice(0, 29), t(10, 10)], today)).toEqual({ status: 'already_crossed' });
    expect(
      forecastCrossing(
        lsr,
        Array.from({ length: 30 }, () => t(0, 0)),
        today,
      ),
    ).toEqual({ status: 'no_trend' });
  });
});

describe('which metric leads /shop-status', () => {
  it('the one closest to its line, requirements before badges', () => {
    const results = [
      evaluateMetric(m('amazon_order_defect_rate'), t(5, 1000)), // pressure 0.5
      evaluateMetric(m('amazon_late_shipment_rate_30d'), t(30, 1000)), // 3 % of 4 %: 0.75
      evaluateMetric(m('amazon_cancel_rate'), t(0, 100)),
      evaluateMetric(m('amazon_valid_tracking_rate'), t(990, 1000)), // 1 % of a 5 % room: 0.2
      evaluateMetric(m('amazon_late_response_rate'), t(0, 0)),
    ];
    expect(closestToThreshold(results).map((r) => r.metric.id)).toEqual([
      'amazon_late_shipment_rate_30d',
      'amazon_order_defect_rate',
      'amazon_valid_tracking_rate',
      'amazon_cancel_rate',
      'amazon_late_response_rate',
    ]);
    expect(summarizeStanding(results)).toMatchObject({ standing: 'at_risk', lead: { metric: { id: 'amazon_late_shipment_rate_30d' } } });
    const defects = [...results, evaluateMetric(m('amazon_order_defect_rate'), t(11, 1000))];
    expect(summarizeStanding(defects)).toMatchObject({
      standing: 'under_review',
      lead: { metric: { id: 'amazon_order_defect_rate' }, numerator: 11 },
    });
  });

  it('a missed badge never lowers standing; too few orders is never a verdict', () => {
    const etsy = [
      evaluateMetric(m('etsy_star_seller_messages'), { ...t(8, 10), salesCents: 50_000 }),
      evaluateMetric(m('etsy_message_response_rate'), t(9, 10)),
      evaluateMetric(m('etsy_on_time_shipping'), t(3, 3)),
    ];
    expect(etsy.map((r) => r.verdict)).toEqual(['misses', 'meets', 'too_few']);
    expect(summarizeStanding(etsy)).toMatchObject({ standing: 'good', lead: { metric: { id: 'etsy_message_response_rate' } } });
  });
});

describe('windows across DST and month ends', () => {
  it('a 30-day Amazon window is 30 local days: one hour short across the spring change', () => {
    const end = d('2026-03-20T19:00:00Z'); // 12:00 PDT
    const w = metricWindow({ days: 30 }, end, 'America/Los_Angeles');
    expect(w.from).toEqual(d('2026-02-18T20:00:00Z')); // 12:00 PST
    expect((end.getTime() - w.from.getTime()) / 3_600_000).toBe(30 * 24 - 1);
  });

  it('three months before a month end clamp to the shorter month', () => {
    expect(metricWindow({ months: 3 }, d('2026-05-31T12:00:00Z'), 'UTC').from).toEqual(d('2026-02-28T12:00:00Z'));
    expect(metricWindow({ months: 3 }, d('2026-03-31T19:00:00Z'), 'America/Los_Angeles').from).toEqual(d('2025-12-31T20:00:00Z'));
  });
});
