import { percentLabel, round, shortDayLabel, shortName, spanLabel, zoneLabel } from './format.js';
import { axisLabel, axisName, axisNameTruncate, baseOption, INK, SERIES, THRESHOLD_COLOURS, THRESHOLD_DASHES } from './theme.js';
import type { ChartSpec, ShippingInput, ShippingWeek } from './types.js';
import { labelSpots, linearScale } from './label-placement.js';
import { dataLine, emptyNote, referenceLines, valueAxisLines } from './parts.js';

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : round(part / whole, 4));

/** Where the axis starts: 5 points under the lowest value or threshold, on a 10% step, never below 0. */
export function percentAxisMin(values: number[]): number {
  const low = Math.min(...values);
  return Math.max(0, Math.floor((low - 0.05) * 10) / 10);
}

/**
 * (b) On-time shipping (shipped by ship-by / due) and valid tracking (recognised tracking /
 * shipped) per local week, against the marketplace's thresholds.
 */
export function shippingChart(input: ShippingInput): ChartSpec {
  const { shop, weeks } = input;
  const zone = shop.timeZone;
  const onTime = weeks.map((w) => ratio(w.shippedOnTime, w.shipDue));
  const tracking = weeks.map((w) => ratio(w.validTracking, w.shipped));
  const thresholds = [...input.onTimeThresholds, ...(input.trackingThresholds ?? [])];
  const values = [...onTime, ...tracking].filter((v): v is number => v !== null);
  const min = percentAxisMin([...values, ...thresholds.map((t) => t.value)]);
  const grid = { left: 86, right: 48, top: 86, bottom: 96 };
  const spots = labelSpots(
    thresholds.map((t) => ({ text: t.label, value: t.value })),
    [onTime, tracking],
    { grid, scale: linearScale(min, 1), categories: weeks.length },
  );
  const title = 'On-time shipping and valid tracking, per week';
  const span = weeks.length ? spanLabel(weeks[0]!.weekStart, weeks[weeks.length - 1]!.weekStart, zone) : 'no weeks';
  const subtitle = `${shortName(shop.name)} · weeks starting ${span}`;
  const option = {
    ...baseOption(title, subtitle),
    grid,
    xAxis: {
      type: 'category',
      data: weeks.map((w) => shortDayLabel(w.weekStart, zone)),
      name: `Week starting, in the shop's time zone: ${weeks.length ? zoneLabel(zone, weeks[weeks.length - 1]!.weekStart) : zone}`,
      nameLocation: 'middle',
      nameGap: 34,
      nameTextStyle: axisName,
      axisLabel: { ...axisLabel, hideOverlap: true },
      axisTick: { alignWithLabel: true, lineStyle: { color: INK.axis } },
      axisLine: { lineStyle: { color: INK.axis } },
    },
    yAxis: {
      type: 'value',
      min,
      max: 1,
      interval: 0.05,
      name: 'Share of orders',
      nameLocation: 'middle',
      nameGap: 64,
      nameTextStyle: axisName,
      nameTruncate: axisNameTruncate,
      axisLabel: { ...axisLabel, formatter: (v: number) => `${Math.round(v * 100)}%` },
      ...valueAxisLines,
    },
    series: [
      {
        ...dataLine('On-time shipping', onTime, SERIES.primary, 'circle'),
        markLine: referenceLines(thresholds, THRESHOLD_COLOURS, THRESHOLD_DASHES, spots),
      },
      dataLine('Valid tracking', tracking, SERIES.secondary, 'triangle'),
    ],
    ...emptyNote(values.length === 0, 'No orders due in these weeks'),
  };
  return { id: 'shipping', title, alt: describe(input, onTime, tracking), option };
}

function describe(input: ShippingInput, onTime: Array<number | null>, tracking: Array<number | null>): string {
  const { weeks, shop } = input;
  const lastIndex = onTime.findLastIndex((v) => v !== null);
  if (lastIndex < 0) return `Shipping at ${shop.name}: no orders were due in the ${weeks.length} weeks shown.`;
  const first = input.onTimeThresholds[0];
  const below = first ? onTime.filter((v) => v !== null && v < first.value).length : 0;
  const week: ShippingWeek = weeks[lastIndex]!;
  const t = tracking[lastIndex];
  return (
    `Shipping at ${shop.name} per week over ${weeks.length} weeks: on time ${percentLabel(onTime[lastIndex]!)} of ${week.shipDue} due ` +
    `in the week of ${shortDayLabel(week.weekStart, shop.timeZone)}` +
    (t != null ? `, valid tracking ${percentLabel(t)}` : '') +
    (first ? `; ${below} week(s) below ${percentLabel(first.value)}.` : '.')
  );
}
