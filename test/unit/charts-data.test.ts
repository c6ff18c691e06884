import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ageBandOf,
  AGE_BANDS,
  firstForecastPastLine,
  openCasesChart,
  responseTimesChart,
  shippingChart,
  standingTrendChart,
  type ChartSpec,
} from '../../src/ui/charts/index.js';
import { durationLabel, percentLabel, zoneLabel } from '../../src/ui/charts/format.js';
import { labelSpots, linearScale } from '../../src/ui/charts/label-placement.js';
import { countAxis } from '../../src/ui/charts/open-cases.js';
import { openCasesDataset, responseTimesDataset, shippingDataset, standingTrendDataset } from '../charts/datasets.js';

/** The builders are pure: figures in, an ECharts option out. These check that the option plots exactly the given figures. */

type Series = {
  name: string;
  data: Array<number | null | { value: number; label: { formatter: string } }>;
  markLine?: { data: Array<{ yAxis: number; name: string }> };
};
const series = (spec: ChartSpec) => spec.option.series as Series[];
const xLabels = (spec: ChartSpec) => (spec.option.xAxis as { data: string[] }).data;
const yAxis = (spec: ChartSpec) => spec.option.yAxis as { min: number; max: number; axisLabel: { formatter: (v: number) => string } };

describe('response times per day', () => {
  it('plots the given minutes as hours, one point per day, gaps where nobody was answered', () => {
    const input = responseTimesDataset();
    const spec = responseTimesChart(input);
    const [first, next] = series(spec);
    expect(first!.data).toEqual(
      input.days.map((d) => (d.firstReplyMinutes == null ? null : Math.round((d.firstReplyMinutes / 60) * 1e4) / 1e4)),
    );
    expect(next!.data[9]).toBeNull();
    expect(first!.markLine!.data.map((l) => [l.name, l.yAxis])).toEqual([
      ['Target 2 h', 2],
      ['Maximum 24 h', 24],
      ['Marketplace deadline 2 days', 48],
    ]);
    // The log axis reaches past the highest line and starts on a power of two.
    expect(yAxis(spec).max).toBe(64);
    expect(Number.isInteger(Math.log2(yAxis(spec).min))).toBe(true);
  });

  it('labels days in the shop time zone, not the server one', () => {
    const input = responseTimesDataset();
    expect(xLabels(responseTimesChart(input))[0]).toBe('Sun 1 Nov');
    // The same instants (New York midnights) are still Saturday evening in Los Angeles.
    const la = responseTimesChart({ ...input, shop: { ...input.shop, timeZone: 'America/Los_Angeles' } });
    expect(xLabels(la)[0]).toBe('Sat 31 Oct');
    expect((la.option.xAxis as { name: string }).name).toContain('America/Los_Angeles (UTC-8)');
    expect(zoneLabel('Asia/Kolkata', input.days[0]!.day)).toBe('Asia/Kolkata (UTC+5:30)');
    expect(zoneLabel('UTC', input.days[0]!.day)).toBe('UTC (UTC)');
  });

  it('leaves out the next-reply line and the deadline when they are not given', () => {
    const input = responseTimesDataset();
    const spec = responseTimesChart({
      ...input,
      marketplaceDeadline: null,
      days: input.days.map(({ day, firstReplyMinutes }) => ({ day, firstReplyMinutes })),
    });
    expect(series(spec).map((s) => s.name)).toEqual(['First reply (median)']);
    expect(series(spec)[0]!.markLine!.data).toHaveLength(2);
    expect(spec.title).toBe('Buyer messages: time to first reply, per day');
  });

  it('shows replies faster than the floor on the floor, labelled as "or less"', () => {
    const input = responseTimesDataset();
    input.days[0]!.firstReplyMinutes = 2;
    const spec = responseTimesChart(input);
    expect(series(spec)[0]!.data[0]).toBe(0.125);
    expect(yAxis(spec).axisLabel.formatter(0.125)).toBe('≤ 7.5 min');
    expect(yAxis(spec).axisLabel.formatter(2)).toBe('2 h');
  });

  it('describes the figures in words for alt text', () => {
    const spec = responseTimesChart(responseTimesDataset());
    expect(spec.alt).toMatch(
      /^Buyer messages at Maple & Thread, median time to first reply per day over 30 days: .+ on Mon 30 Nov; \d+ of 29 days over the 2 h target, \d+ over the 24 h maximum\.$/,
    );
  });
});

describe('shipping per week', () => {
  it('plots on-time as shippedOnTime / shipDue and tracking as validTracking / shipped, like the text', () => {
    const input = shippingDataset();
    input.weeks[2] = { ...input.weeks[2]!, shipDue: 0, shippedOnTime: 0 };
    const [onTime, tracking] = series(shippingChart(input));
    input.weeks.forEach((w, i) => {
      if (w.shipDue === 0) expect(onTime!.data[i]).toBeNull();
      else expect(onTime!.data[i]).toBeCloseTo(w.shippedOnTime / w.shipDue, 4);
      expect(tracking!.data[i]).toBeCloseTo(w.validTracking / w.shipped, 4);
    });
    // The same rounding as `percent` in workflows/shop-stats.ts: 51/55 -> 92.7%.
    expect(shippingChart(input).alt).toContain(`on time ${percentLabel(51 / 55)} of 55 due`);
    expect(percentLabel(51 / 55)).toBe('92.7%');
  });

  it('draws every threshold and starts the axis below the lowest of them', () => {
    const spec = shippingChart(shippingDataset());
    expect(series(spec)[0]!.markLine!.data.map((l) => l.yAxis)).toEqual([0.9, 0.75, 0.95]);
    expect(yAxis(spec).min).toBe(0.7);
    expect(yAxis(spec).axisLabel.formatter(0.85)).toBe('85%');
  });
});

describe('open cases by age and kind', () => {
  it('stacks the counts per band by kind and puts the total on top', () => {
    const spec = openCasesChart(openCasesDataset());
    const s = series(spec);
    expect(s.map((x) => x.name)).toEqual(['Buyer message', 'Negative review', 'Return request', 'Dispute', 'Chargeback']);
    const value = (v: Series['data'][number] | undefined) => (typeof v === 'object' && v !== null ? v.value : v);
    const totals = AGE_BANDS.map((_, i) => s.reduce((n, x) => n + (value(x.data[i]) ?? 0), 0));
    expect(totals).toEqual([7, 5, 5, 4, 3]);
    const labels = AGE_BANDS.map(
      (_, i) => s.map((x) => x.data[i]).find((v) => typeof v === 'object' && v !== null) as { label: { formatter: string } },
    );
    expect(labels.map((l) => l.label.formatter)).toEqual(['7', '5', '5', '4', '3']);
    expect(spec.alt).toBe('Maple & Thread has 24 open case(s) by age: 7 under 2 h, 5 2–24 h, 5 1–2 days, 4 2–7 days, 3 over 7 days.');
  });

  it('bands ages at 2 h, 24 h, 2 days and 7 days', () => {
    expect([0, 119, 120, 1439, 1440, 2879, 2880, 10079, 10080, 1e6].map((m) => ageBandOf(m).id)).toEqual([
      'under-2h',
      'under-2h',
      '2h-24h',
      '2h-24h',
      '1d-2d',
      '1d-2d',
      '2d-7d',
      '2d-7d',
      'over-7d',
      'over-7d',
    ]);
  });

  it('leaves room above the highest bar, with the top on a whole step', () => {
    expect([0, 7, 9, 24, 230].map(countAxis)).toEqual([
      { interval: 1, max: 1 },
      { interval: 1, max: 8 },
      { interval: 2, max: 12 },
      { interval: 5, max: 30 },
      { interval: 50, max: 300 },
    ]);
  });

  it('shows the time of the count in the shop zone', () => {
    expect(openCasesChart(openCasesDataset()).title).toBe('Open cases by age and kind');
    expect((openCasesChart(openCasesDataset()).option.title as { subtext: string }).subtext).toBe(
      'Maple & Thread · 24 open · as of Mon 30 Nov 2026, 16:00 (America/New_York)',
    );
  });
});

describe('standing metric with forecast', () => {
  it('joins the forecast to the last measured day and finds where it crosses the threshold', () => {
    const input = standingTrendDataset();
    const spec = standingTrendChart(input);
    const [measured, forecast] = series(spec);
    expect(measured!.data).toHaveLength(44);
    expect(measured!.data.slice(30).every((v) => v === null)).toBe(true);
    expect(forecast!.data[29]).toBe(input.history[29]!.value);
    expect(forecast!.data.slice(0, 29).every((v) => v === null)).toBe(true);
    expect(forecast!.data.slice(30)).toEqual(input.forecast.map((p) => p.value));
    expect(firstForecastPastLine(input)?.day).toEqual(input.forecast[0]!.day);
    expect((spec.option.title as { subtext: string }).subtext).toContain('forecast below 90% from Tue 1 Dec');
  });

  it('shades above the threshold when lower is better (a count)', () => {
    const day = (d: number) => DateTime.fromISO('2026-11-01', { zone: 'UTC' }).plus({ days: d }).toJSDate();
    const spec = standingTrendChart({
      shop: { name: 'Shop', timeZone: 'UTC' },
      metric: 'Overdue cases',
      unit: 'count',
      betterWhen: 'lower',
      history: [0, 1, 2, 4].map((value, i) => ({ day: day(i), value })),
      forecast: [6, 8, 11].map((value, i) => ({ day: day(i + 4), value })),
      thresholds: [{ label: 'Under review at 10', value: 10 }],
    });
    const area = (series(spec)[0] as unknown as { markArea: { data: Array<Array<{ yAxis: number }>> } }).markArea.data[0]!;
    expect(area.map((p) => p.yAxis)).toEqual([10, yAxis(spec).max]);
    expect(yAxis(spec).max).toBeGreaterThan(11);
    expect(spec.alt).toBe(
      'Overdue cases at Shop: 4 on Wed 4 Nov, forecast 11 by Sat 7 Nov; threshold Under review at 10, crossed in the forecast on Sat 7 Nov.',
    );
  });
});

describe('words on the charts', () => {
  it('cuts a long shop name so the subtitle keeps its figures', () => {
    const input = standingTrendDataset();
    input.shop = { ...input.shop, name: 'The Extremely Long Named Handmade Knitwear and Haberdashery Emporium' };
    const subtitle = (standingTrendChart(input).option.title as { subtext: string }).subtext;
    expect(subtitle).toMatch(/^The Extremely Long Named Handmade Knitw… · 1 Nov – 14 Dec 2026 · forecast below 90% from Tue 1 Dec$/);
  });

  it('writes durations in words', () => {
    expect([7.5, 30, 60, 90, 120, 24 * 60, 48 * 60, 64 * 60].map(durationLabel)).toEqual([
      '7.5 min',
      '30 min',
      '1 h',
      '1 h 30 min',
      '2 h',
      '24 h',
      '2 days',
      '64 h',
    ]);
  });

  it('moves a reference label away from the data that crosses its usual spot', () => {
    const grid = { left: 80, right: 40, top: 80, bottom: 100 };
    const scale = linearScale(0, 1);
    const labels = [{ text: 'At risk below 90%', value: 0.9 }];
    // Nothing near the line: the label sits at the right end, above it.
    expect(labelSpots(labels, [[0.5, 0.5, 0.5, 0.5]], { grid, scale, categories: 4 })).toEqual(['insideEndTop']);
    // Data just above the line at the right end: below it.
    expect(labelSpots(labels, [[0.5, 0.5, 0.93, 0.93]], { grid, scale, categories: 4 })).toEqual(['insideEndBottom']);
    // Data hugging both sides at the right end: the left end.
    expect(
      labelSpots(
        labels,
        [
          [0.5, 0.5, 0.93, 0.93],
          [0.5, 0.5, 0.87, 0.87],
        ],
        { grid, scale, categories: 4 },
      ),
    ).toEqual(['insideStartTop']);
  });
});
