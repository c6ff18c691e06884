import { dayLabel, percentLabel, round, shortName, spanLabel, zoneLabel } from './format.js';
import { axisLabel, axisName, axisNameTruncate, baseOption, INK, SERIES, THRESHOLD_COLOURS, THRESHOLD_DASHES } from './theme.js';
import type { ChartSpec, MetricPoint, StandingTrendInput, Threshold } from './types.js';
import { labelSpots, linearScale } from './label-placement.js';
import { categoryAxis, dataLine, emptyNote, referenceLines, valueAxisLines } from './parts.js';
import { countAxis } from './open-cases.js';
import { percentAxisMin } from './shipping.js';

const worse = (input: StandingTrendInput, value: number, t: Threshold): boolean =>
  input.betterWhen === 'higher' ? value < t.value : value > t.value;

/** How a value reads: "92.5%", "4.85", "12". */
const valueWords =
  (unit: StandingTrendInput['unit']) =>
  (v: number): string =>
    unit === 'ratio' ? percentLabel(v) : unit === 'average' ? String(round(v, 2)) : String(round(v, 1));

/** Small "lower is better" rates (defects under 1 %): 0 up to a round share above the highest value or line. */
const SMALL_RATE_TOPS = [0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1];

/** The value axis: percentages near 100 % zoom in, small rates start at 0, averages end at the best score, counts on whole steps. */
export function valueAxis(input: StandingTrendInput, bounds: number[]): { min: number; max: number; interval?: number } {
  const high = Math.max(...bounds, 0);
  if (input.unit === 'ratio' && input.betterWhen === 'higher') return { min: percentAxisMin(bounds), max: 1, interval: 0.05 };
  if (input.unit === 'ratio') {
    const max = SMALL_RATE_TOPS.find((top) => top >= high * 1.2) ?? 1;
    return { min: 0, max, interval: max / 5 };
  }
  if (input.unit === 'average') {
    const best = input.scaleMax ?? 5;
    const min = Math.max(0, Math.floor((Math.min(...bounds, best) - 0.2) * 5) / 5);
    return { min, max: best, interval: best - min > 1.2 ? 0.5 : 0.2 };
  }
  return { min: 0, ...countAxis(high) };
}

/** The first forecast day past the first threshold, if the forecast gets there. */
export function firstForecastPastLine(input: StandingTrendInput): MetricPoint | undefined {
  const t = input.thresholds[0];
  return t && input.forecast.find((p) => p.value !== null && worse(input, p.value, t));
}

/**
 * (d) One standing metric: its last days (solid), the forecast (dashed, joined to the last
 * known day), its thresholds, and the wrong side of the first threshold shaded.
 */
export function standingTrendChart(input: StandingTrendInput): ChartSpec {
  const { shop, history, forecast } = input;
  const zone = shop.timeZone;
  const fmt = valueWords(input.unit);
  const days = [...history, ...forecast].map((p) => p.day);
  const lastKnown = history.findLastIndex((p) => p.value !== null);
  const actual = [...history.map((p) => p.value), ...forecast.map(() => null)];
  const ahead = days.map((_, i) =>
    i === lastKnown ? history[i]!.value : i >= history.length ? forecast[i - history.length]!.value : null,
  );
  const values = [...actual, ...ahead].filter((v): v is number => v !== null);
  const bounds = [...values, ...input.thresholds.map((t) => t.value)];
  const axis = valueAxis(input, bounds);
  const { min, max } = axis;
  const grid = { left: 86, right: 48, top: 86, bottom: 96 };
  const spots = labelSpots(
    input.thresholds.map((t) => ({ text: t.label, value: t.value })),
    [actual, ahead],
    { grid, scale: linearScale(min, max), categories: days.length },
  );
  const first = input.thresholds[0];
  const crossing = firstForecastPastLine(input);
  const title = `${input.metric}: trend and forecast`;
  const subtitle =
    `${shortName(shop.name)} · ${days.length ? spanLabel(days[0]!, days[days.length - 1]!, zone) : 'no days'}` +
    (crossing && first
      ? ` · forecast ${input.betterWhen === 'higher' ? 'below' : 'above'} ${fmt(first.value)} from ${dayLabel(crossing.day, zone)}`
      : '');
  const today = lastKnown >= 0 ? dayLabel(history[lastKnown]!.day, zone) : undefined;
  const option = {
    ...baseOption(title, subtitle),
    grid,
    xAxis: categoryAxis(days, zone, `Day, in the shop's time zone: ${days.length ? zoneLabel(zone, days[days.length - 1]!) : zone}`),
    yAxis: {
      type: 'value',
      min,
      max,
      ...(axis.interval ? { interval: axis.interval } : {}),
      name: input.metric,
      nameLocation: 'middle',
      nameGap: 64,
      nameTextStyle: axisName,
      nameTruncate: axisNameTruncate,
      axisLabel: { ...axisLabel, formatter: (v: number) => fmt(v) },
      ...valueAxisLines,
    },
    series: [
      {
        ...dataLine('Measured', actual, SERIES.primary, 'circle', 6),
        markLine: referenceLines(input.thresholds, THRESHOLD_COLOURS, THRESHOLD_DASHES, spots),
        ...(first
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(213, 94, 0, 0.08)' },
                data: [[{ yAxis: first.value }, { yAxis: input.betterWhen === 'higher' ? min : max }]],
              },
            }
          : {}),
      },
      {
        name: 'Forecast',
        type: 'line',
        data: ahead,
        connectNulls: false,
        symbol: 'emptyCircle',
        symbolSize: 6,
        lineStyle: { width: 3, color: SERIES.primary, type: [8, 6] },
        itemStyle: { color: SERIES.primary },
        ...(today
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                data: [
                  {
                    xAxis: today,
                    label: { formatter: 'Today', position: 'end', color: INK.muted },
                    lineStyle: { color: INK.axis, type: 'solid' },
                  },
                ],
              },
            }
          : {}),
      },
    ],
    ...emptyNote(values.length === 0, 'No figures for these days'),
  };
  return { id: 'standing-trend', title, alt: describe(input, fmt, crossing), option };
}

function describe(input: StandingTrendInput, fmt: (v: number) => string, crossing: MetricPoint | undefined): string {
  const last = input.history.findLast((p) => p.value !== null);
  if (!last) return `${input.metric} at ${input.shop.name}: no figures yet.`;
  const first = input.thresholds[0];
  const end = input.forecast.findLast((p) => p.value !== null);
  return (
    `${input.metric} at ${input.shop.name}: ${fmt(last.value!)} on ${dayLabel(last.day, input.shop.timeZone)}` +
    (end ? `, forecast ${fmt(end.value!)} by ${dayLabel(end.day, input.shop.timeZone)}` : '') +
    (first ? `; threshold ${first.label}` : '') +
    (crossing ? `, crossed in the forecast on ${dayLabel(crossing.day, input.shop.timeZone)}.` : '.')
  );
}
