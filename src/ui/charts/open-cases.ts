import { CASE_KINDS } from '../../domain/types.js';
import { kindLabel } from '../format.js';
import { DateTime } from 'luxon';
import { shortName } from './format.js';
import { axisLabel, axisName, axisNameTruncate, baseOption, FONT, INK, KIND_COLOURS } from './theme.js';
import type { AgeBand, ChartSpec, OpenCasesInput } from './types.js';
import { emptyNote, valueAxisLines } from './parts.js';

/** The age bands of open cases: the message target (2 h), a day, the return/review maximum (2 days), a week. */
export const AGE_BANDS: AgeBand[] = [
  { id: 'under-2h', label: 'Under 2 h', underMinutes: 120 },
  { id: '2h-24h', label: '2–24 h', underMinutes: 24 * 60 },
  { id: '1d-2d', label: '1–2 days', underMinutes: 48 * 60 },
  { id: '2d-7d', label: '2–7 days', underMinutes: 7 * 24 * 60 },
  { id: 'over-7d', label: 'Over 7 days' },
];

/** The band of a case opened `ageMinutes` ago: the rule the caller's counts (and text) use too. */
export function ageBandOf(ageMinutes: number, bands: AgeBand[] = AGE_BANDS): AgeBand {
  return bands.find((b) => b.underMinutes === undefined || ageMinutes < b.underMinutes) ?? bands[bands.length - 1]!;
}

/** A count axis with room above `highest`: steps of 1, 2, 5, 10, 20, 50… and a top on a step. */
export function countAxis(highest: number): { interval: number; max: number } {
  const room = Math.max(1, highest * 1.12);
  const magnitude = 10 ** Math.floor(Math.log10(room / 5));
  const interval = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((step) => room / step <= 10) ?? 10 * magnitude);
  return { interval, max: Math.ceil(room / interval) * interval };
}

/** (c) Open cases by age (stacked by kind), the total on each bar. */
export function openCasesChart(input: OpenCasesInput): ChartSpec {
  const bands = input.bands ?? AGE_BANDS;
  const count = (kind: string, band: string) =>
    input.counts.filter((c) => c.kind === kind && c.band === band).reduce((n, c) => n + c.open, 0);
  const kinds = CASE_KINDS.filter((k) => input.counts.some((c) => c.kind === k && c.open > 0));
  const totals = bands.map((b) => kinds.reduce((n, k) => n + count(k, b.id), 0));
  const top = bands.map((b) => [...kinds].reverse().find((k) => count(k, b.id) > 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const asOf = DateTime.fromJSDate(input.asOf, { zone: input.shop.timeZone }).setLocale('en-US').toFormat("ccc d LLL yyyy', 'HH:mm");
  const title = 'Open cases by age and kind';
  const subtitle = `${shortName(input.shop.name)} · ${total} open · as of ${asOf} (${input.shop.timeZone})`;
  const option = {
    ...baseOption(title, subtitle),
    grid: { left: 80, right: 32, top: 86, bottom: 96 },
    xAxis: {
      type: 'category',
      data: bands.map((b) => b.label),
      name: 'Time since the case opened',
      nameLocation: 'middle',
      nameGap: 34,
      nameTextStyle: axisName,
      axisLabel,
      axisTick: { alignWithLabel: true, lineStyle: { color: INK.axis } },
      axisLine: { lineStyle: { color: INK.axis } },
    },
    yAxis: {
      type: 'value',
      // Headroom for the totals above the bars, on a whole step.
      ...countAxis(Math.max(...totals)),
      name: 'Open cases',
      nameLocation: 'middle',
      nameGap: 48,
      nameTextStyle: axisName,
      nameTruncate: axisNameTruncate,
      axisLabel,
      ...valueAxisLines,
    },
    series: kinds.map((kind) => ({
      name: kindLabel(kind),
      type: 'bar',
      stack: 'open',
      barWidth: '56%',
      itemStyle: { color: KIND_COLOURS[kind], borderColor: INK.background, borderWidth: 1 },
      data: bands.map((b, i) => {
        const value = count(kind, b.id);
        if (top[i] !== kind) return value;
        const label = { show: true, position: 'top', formatter: String(totals[i]), fontSize: FONT.label, fontWeight: 600, color: INK.text };
        return { value, label };
      }),
    })),
    ...emptyNote(total === 0, 'No open cases'),
  };
  return { id: 'open-cases', title, alt: describe(input, bands, totals, total), option };
}

function describe(input: OpenCasesInput, bands: AgeBand[], totals: number[], total: number): string {
  if (total === 0) return `${input.shop.name} has no open cases.`;
  const parts = bands.flatMap((b, i) => (totals[i] ? [`${totals[i]} ${b.label.toLowerCase()}`] : []));
  return `${input.shop.name} has ${total} open case(s) by age: ${parts.join(', ')}.`;
}
