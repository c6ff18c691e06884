import { dayLabel, isMonday, shortDayLabel } from './format.js';
import type { LabelSpot } from './label-placement.js';
import { axisLabel, axisName, FONT, FONT_FAMILY, INK } from './theme.js';
import type { Threshold } from './types.js';

/** Pieces the four charts share. */

/** A day axis: every day a tick, Mondays labelled (all days when there are few; "3 Nov" without the weekday past three weeks). */
export function categoryAxis(days: Date[], zone: string, name: string): Record<string, unknown> {
  const labelled = days.map((d) => days.length <= 10 || isMonday(d, zone));
  return {
    type: 'category',
    data: days.map((d) => dayLabel(d, zone)),
    name,
    nameLocation: 'middle',
    nameGap: 34,
    nameTextStyle: axisName,
    boundaryGap: true,
    axisLabel: {
      ...axisLabel,
      interval: (i: number) => labelled[i] ?? false,
      formatter: (value: string, i: number) => (days.length > 21 && days[i] ? shortDayLabel(days[i], zone) : value),
      hideOverlap: true,
    },
    axisTick: { interval: 0, alignWithLabel: true, lineStyle: { color: INK.axis } },
    axisLine: { lineStyle: { color: INK.axis } },
  };
}

/** Horizontal reference lines, labelled in words at their right end; colour and dash both tell them apart. */
export function referenceLines(
  refs: Threshold[],
  colours: readonly string[],
  dashes: ReadonlyArray<number[]>,
  spots: LabelSpot[] = [],
): Record<string, unknown> {
  return {
    silent: true,
    symbol: 'none',
    animation: false,
    // ECharts rounds a mark line's value to `precision` decimals (default 2): 0.0075 would be drawn at 0.01.
    precision: 10,
    data: refs.map((r, i) => {
      const colour = colours[i % colours.length]!;
      return {
        name: r.label,
        yAxis: r.value,
        lineStyle: { color: colour, type: dashes[i % dashes.length], width: 2 },
        label: {
          show: true,
          formatter: r.label,
          position: spots[i] ?? 'insideEndTop',
          color: colour,
          fontFamily: FONT_FAMILY,
          fontSize: FONT.small,
          fontWeight: 600,
          textBorderColor: INK.background,
          textBorderWidth: 3,
        },
      };
    }),
  };
}

/** A centred note when there is nothing to plot. */
export function emptyNote(show: boolean, text: string): Record<string, unknown> {
  if (!show) return {};
  return {
    graphic: {
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text, fontFamily: FONT_FAMILY, fontSize: FONT.label, fill: INK.muted },
    },
  };
}

/** A data line: 3 px, the same colour for line and points; the symbol tells series apart without colour. */
export function dataLine(
  name: string,
  data: Array<number | null>,
  colour: string,
  symbol: string,
  symbolSize = 9,
): Record<string, unknown> {
  return {
    name,
    type: 'line',
    data,
    connectNulls: false,
    symbol,
    symbolSize,
    lineStyle: { width: 3, color: colour },
    itemStyle: { color: colour },
  };
}

/** The grid lines and axis line of a value axis. */
export const valueAxisLines = {
  splitLine: { lineStyle: { color: INK.grid } },
  axisLine: { show: true, lineStyle: { color: INK.axis } },
};
