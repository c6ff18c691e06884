import { AT_RISK_FROM, describeThreshold, formatPercent, type Tally } from '../../domain/marketplace-standing.js';
import type { StandingMetric } from '../../domain/marketplaces/index.js';
import type { ChartShop, MetricPoint, StandingTrendInput, Threshold } from './types.js';

/**
 * Chart (d) straight from a marketplace standing metric (src/domain/marketplaces) and the shop's
 * daily tallies, so the chart shows the figures /shop-status judges: each day's value is the
 * metric over its window ending that day (numerator / denominator, as evaluateMetric computes
 * it), and the forecast rolls the window forward at the last `trendDays` days' average, the same
 * projection as forecastCrossing in src/domain/standing-headroom.ts (a test holds them together).
 */

export interface MetricDay {
  /** Start of the local day (an instant). */
  day: Date;
  /** That day's counts as the metric counts them (bad events of a max rate, good of a min rate, points of an average). */
  tally: Tally;
}

export interface StandingTrendFromMetric {
  shop: ChartShop;
  metric: StandingMetric;
  /** One tally per local day, oldest first, ending today: at least the window plus the days to show. */
  daily: readonly MetricDay[];
  /** Days in the metric's window; default its `days`, or 30 a month for month windows (pass metricWindow's span to be exact). */
  windowDays?: number;
  /** Default 30. */
  historyDays?: number;
  /** Default 14. */
  forecastDays?: number;
  /** Default 14, as forecastCrossing. */
  trendDays?: number;
}

const DAY = 86_400_000;

const sum = (days: readonly Tally[]): Tally =>
  days.reduce((a, d) => ({ numerator: a.numerator + d.numerator, denominator: a.denominator + d.denominator }), {
    numerator: 0,
    denominator: 0,
  });

const value = (t: Tally): number | null => (t.denominator > 0 ? t.numerator / t.denominator : null);

/** The line and, inside it, where the metric turns "at risk" (AT_RISK_FROM of its room used). */
export function metricThresholds(metric: StandingMetric): Threshold[] {
  if (metric.kind === 'average') {
    const line = metric.atLeastTenths / 10;
    const atRisk = metric.scaleMax - AT_RISK_FROM * (metric.scaleMax - line);
    return [
      { label: `Line: ${describeThreshold(metric)}`, value: line },
      { label: `At risk below ${Math.round(atRisk * 100) / 100}`, value: atRisk },
    ];
  }
  const line = metric.thresholdBp / 10_000;
  const atRisk = metric.bound === 'max' ? AT_RISK_FROM * line : 1 - AT_RISK_FROM * (1 - line);
  return [
    { label: `Line: ${describeThreshold(metric).replace(' %', '%')}`, value: line },
    { label: `At risk ${metric.bound === 'max' ? 'from' : 'below'} ${formatPercent(atRisk).replace(' %', '%')}`, value: atRisk },
  ];
}

export function standingTrendFromMetric(i: StandingTrendFromMetric): StandingTrendInput {
  const { metric } = i;
  const windowDays = i.windowDays ?? ('days' in metric.window ? metric.window.days : metric.window.months * 30);
  const historyDays = Math.min(i.historyDays ?? 30, Math.max(0, i.daily.length - windowDays + 1));
  const tallies = i.daily.map((d) => d.tally);
  const history: MetricPoint[] = [];
  for (let k = i.daily.length - historyDays; k < i.daily.length; k++)
    history.push({ day: i.daily[k]!.day, value: value(sum(tallies.slice(Math.max(0, k - windowDays + 1), k + 1))) });
  const recent = tallies.slice(-(i.trendDays ?? 14));
  const trend = sum(recent);
  const forecast: MetricPoint[] = [];
  const last = i.daily[i.daily.length - 1];
  if (last && recent.length && trend.denominator > 0) {
    const perDay = { numerator: trend.numerator / recent.length, denominator: trend.denominator / recent.length };
    const window = tallies.slice(-windowDays);
    for (let d = 1; d <= (i.forecastDays ?? 14); d++) {
      window.shift();
      window.push(perDay);
      // Noon steps keep the day right across a DST change; the axis labels it in the shop's zone.
      forecast.push({ day: new Date(last.day.getTime() + d * DAY + DAY / 2), value: value(sum(window)) });
    }
  }
  return {
    shop: i.shop,
    metric: metric.name,
    unit: metric.kind === 'average' ? 'average' : 'ratio',
    ...(metric.kind === 'average' ? { scaleMax: metric.scaleMax } : {}),
    betterWhen: metric.kind === 'average' || metric.bound === 'min' ? 'higher' : 'lower',
    history,
    forecast,
    thresholds: metricThresholds(metric),
  };
}
