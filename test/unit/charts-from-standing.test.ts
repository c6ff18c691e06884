import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { evaluateMetric, type Tally } from '../../src/domain/marketplace-standing.js';
import { marketplaceProfile, type StandingMetric } from '../../src/domain/marketplaces/index.js';
import { forecastCrossing } from '../../src/domain/standing-headroom.js';
import {
  deadlineLine,
  firstForecastPastLine,
  renderChart,
  responseTimesChart,
  standingTrendChart,
  standingTrendFromMetric,
  type MetricDay,
} from '../../src/ui/charts/index.js';
import { responseTimesDataset } from '../charts/datasets.js';
import { pixelStats } from '../charts/png.js';

/** The charts read the marketplace profiles' own figures: the standing metric's window, line and forecast, the reply deadline. */

const ZONE = 'America/New_York';
const etsy = marketplaceProfile('etsy');
const metric = (id: string): StandingMetric => etsy.metrics.find((m) => m.id === id)!;

/** `n` local days ending 30 Nov 2026, with a tally each: `late(i)` of `due(i)` orders late. */
function days(n: number, due: (i: number) => number, late: (i: number) => number): MetricDay[] {
  const end = DateTime.fromISO('2026-11-30', { zone: ZONE });
  return Array.from({ length: n }, (_, i) => ({
    day: end.minus({ days: n - 1 - i }).toJSDate(),
    tally: { numerator: due(i) - late(i), denominator: due(i) },
  }));
}

describe('chart (d) from a marketplace standing metric', () => {
  const onTime = metric('etsy_on_time_shipping');
  // A shop slipping: 2 of 10 late a day at first, 4 of 10 in the last 20 days.
  const daily = days(
    120,
    () => 10,
    (i) => (i < 100 ? 1 : 4),
  );
  const windowDays = 'days' in onTime.window ? onTime.window.days : 90;

  it("plots each day's value over the metric's window, ending with what evaluateMetric judges today", () => {
    const input = standingTrendFromMetric({ shop: { name: 'Shop', timeZone: ZONE }, metric: onTime, daily });
    expect(input.history).toHaveLength(30);
    const window = daily.slice(-windowDays).map((d) => d.tally);
    const today = window.reduce<Tally>((a, t) => ({ numerator: a.numerator + t.numerator, denominator: a.denominator + t.denominator }), {
      numerator: 0,
      denominator: 0,
    });
    expect(input.history.at(-1)!.value).toBe(evaluateMetric(onTime, today).value);
    expect(input.thresholds[0]).toEqual({ label: 'Line: at least 80%', value: 0.8 });
    expect(input.thresholds[1]!.label).toBe('At risk below 85%');
    expect(input.betterWhen).toBe('higher');
  });

  it('crosses the line in its forecast on the day forecastCrossing names', () => {
    const input = standingTrendFromMetric({ shop: { name: 'Shop', timeZone: ZONE }, metric: onTime, daily, forecastDays: 60 });
    const domain = forecastCrossing(
      onTime,
      daily.slice(-windowDays).map((d) => d.tally),
      '2026-11-30',
    );
    expect(domain.status).toBe('crosses');
    const chart = firstForecastPastLine(input);
    expect(chart && DateTime.fromJSDate(chart.day, { zone: ZONE }).toISODate()).toBe(domain.status === 'crosses' ? domain.on : 'none');
  });

  it('renders a small "lower is better" rate on an axis that starts at 0', async () => {
    const cases = metric('etsy_case_rate');
    // A max rate counts the bad events: 1 case in 9 days of 40 orders each.
    const daily = days(
      150,
      () => 40,
      () => 0,
    ).map((d, i) => ({ ...d, tally: { numerator: i % 9 === 0 ? 1 : 0, denominator: 40 } }));
    const input = standingTrendFromMetric({ shop: { name: 'Shop', timeZone: ZONE }, metric: cases, daily });
    expect(input.betterWhen).toBe('lower');
    const spec = standingTrendChart(input);
    const axis = spec.option.yAxis as { min: number; max: number };
    expect(axis.min).toBe(0);
    expect(axis.max).toBeLessThan(0.1);
    const chart = await renderChart(spec);
    expect(pixelStats(chart.png).variance).toBeGreaterThan(300);
    // The line (1 %) and the at-risk mark (0.75 %) are drawn apart, each at its own height.
    const heights = [...chart.svg.matchAll(/<path d="M86 ([\d.]+)L752 [\d.]+"[^>]*stroke-dasharray/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(Math.abs(heights[0]! - heights[1]!)).toBeGreaterThan(20);
  });
});

describe('chart (a) with the marketplace reply deadline from its profile', () => {
  it('draws a calendar deadline at its minutes and a business-day one at 24 h a day, saying so', () => {
    expect(deadlineLine({ mode: 'calendar', minutes: 24 * 60 })).toEqual([{ label: 'Marketplace deadline 24 h', value: 24 }]);
    expect(deadlineLine({ mode: 'business_days', days: 2 })).toEqual([
      { label: 'Marketplace deadline 2 business days (drawn at 2 days)', value: 48 },
    ]);
    expect(deadlineLine({ mode: 'from_event', field: 'respond_by' })).toEqual([]);
    expect(deadlineLine(null)).toEqual([]);
  });

  it("takes the profile's rule as it is", () => {
    const spec = responseTimesChart({ ...responseTimesDataset(), marketplaceDeadline: etsy.replies.message.deadline });
    const lines = (spec.option.series as Array<{ markLine?: { data: Array<{ name: string }> } }>)[0]!.markLine!.data.map((l) => l.name);
    expect(lines.slice(0, 2)).toEqual(['Target 2 h', 'Maximum 24 h']);
    expect(lines.length).toBe(etsy.replies.message.deadline && etsy.replies.message.deadline.mode !== 'from_event' ? 3 : 2);
  });
});
