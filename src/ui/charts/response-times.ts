import type { DeadlineRule } from '../../domain/marketplaces/index.js';
import type { ClockChannel } from '../../domain/types.js';
import { dayLabel, durationLabel, round, shortName, spanLabel, zoneLabel } from './format.js';
import { axisLabel, axisName, axisNameTruncate, baseOption, REFERENCE_COLOURS, REFERENCE_DASHES, SERIES } from './theme.js';
import type { ChartSpec, ResponseTimesInput, Threshold } from './types.js';
import { labelSpots, log2Scale } from './label-placement.js';
import { categoryAxis, dataLine, emptyNote, referenceLines, valueAxisLines } from './parts.js';

export const CHANNEL_WORDS: Record<ClockChannel, string> = {
  message: 'Buyer messages',
  review: 'Reviews',
  return: 'Returns',
  issue: 'Disputes and chargebacks',
};

const STATISTIC_WORDS = { median: 'median', p90: '90th percentile', mean: 'average' } as const;

/** The fastest time the log axis shows: 7.5 minutes (2^-3 h). Faster days sit on its line, labelled "≤ 7.5 min". */
const FLOOR_HOURS = 1 / 8;

const hours = (minutes: number | null | undefined): number | null =>
  minutes == null ? null : round(Math.max(minutes / 60, FLOOR_HOURS), 4);

/** The marketplace deadline as a line, if it is one: business days at 24 h each (the shortest they can be). */
export function deadlineLine(rule: DeadlineRule | null | undefined): Threshold[] {
  if (!rule) return [];
  if (rule.mode === 'calendar') return [{ label: `Marketplace deadline ${durationLabel(rule.minutes)}`, value: rule.minutes / 60 }];
  if (rule.mode === 'business_days') {
    const days = rule.days === 1 ? '1 business day' : `${rule.days} business days`;
    return [{ label: `Marketplace deadline ${days} (drawn at ${durationLabel(rule.days * 24 * 60)})`, value: rule.days * 24 }];
  }
  return [];
}

/**
 * (a) First- and next-reply times per local day against the team's target and maximum and,
 * where given, the marketplace's deadline. A log (base 2) time axis: 15 min to 2 days on one
 * chart, so a 2 h target and a 24 h maximum are both readable.
 */
export function responseTimesChart(input: ResponseTimesInput): ChartSpec {
  const { shop, clock, days } = input;
  const zone = shop.timeZone;
  const channel = CHANNEL_WORDS[input.channel] ?? input.channel;
  const statistic = STATISTIC_WORDS[input.statistic ?? 'median'];
  const hasNext = days.some((d) => d.nextReplyMinutes != null);
  const refs = [
    { label: `Target ${durationLabel(clock.targetMinutes)}`, value: clock.targetMinutes / 60 },
    { label: `Maximum ${durationLabel(clock.maxMinutes)}`, value: clock.maxMinutes / 60 },
    ...deadlineLine(input.marketplaceDeadline),
  ];
  const first = days.map((d) => hours(d.firstReplyMinutes));
  const next = days.map((d) => hours(d.nextReplyMinutes));
  const values = [...first, ...next].filter((v): v is number => v !== null);
  const low = Math.min(...values, clock.targetMinutes / 60);
  const high = Math.max(...values, ...refs.map((r) => r.value));
  const min = Math.max(FLOOR_HOURS, 2 ** Math.floor(Math.log2(low)));
  const max = 2 ** Math.ceil(Math.log2(high * 1.15));
  const clamped = days.some((d) => [d.firstReplyMinutes, d.nextReplyMinutes].some((m) => m != null && m / 60 < FLOOR_HOURS));

  const grid = { left: 92, right: 48, top: 86, bottom: 96 };
  const spots = labelSpots(
    refs.map((r) => ({ text: r.label, value: r.value })),
    [first, next],
    { grid, scale: log2Scale(min, max), categories: days.length },
  );
  const title = `${channel}: time to ${hasNext ? 'first and next reply' : 'first reply'}, per day`;
  const span = days.length ? spanLabel(days[0]!.day, days[days.length - 1]!.day, zone) : 'no days';
  const subtitle = `${shortName(shop.name)} · ${statistic} of each day's cases · ${span}`;
  const option = {
    ...baseOption(title, subtitle),
    grid,
    xAxis: categoryAxis(
      days.map((d) => d.day),
      zone,
      `Day, in the shop's time zone: ${days.length ? zoneLabel(zone, days[days.length - 1]!.day) : zone}`,
    ),
    yAxis: {
      type: 'log',
      logBase: 2,
      min,
      max,
      name: `Time to reply (${statistic}, log scale)`,
      nameLocation: 'middle',
      nameGap: 72,
      nameTextStyle: axisName,
      nameTruncate: axisNameTruncate,
      axisLabel: {
        ...axisLabel,
        formatter: (v: number) => (clamped && v <= FLOOR_HOURS ? `≤ ${durationLabel(v * 60)}` : durationLabel(v * 60)),
      },
      ...valueAxisLines,
    },
    series: [
      {
        ...dataLine(`First reply (${statistic})`, first, SERIES.primary, 'circle', 7),
        markLine: referenceLines(refs, REFERENCE_COLOURS, REFERENCE_DASHES, spots),
      },
      ...(hasNext ? [dataLine(`Next reply (${statistic})`, next, SERIES.secondary, 'triangle')] : []),
    ],
    ...emptyNote(values.length === 0, 'No answered cases in these days'),
  };
  return { id: 'response-times', title, alt: describe(input, channel, statistic), option };
}

function describe(input: ResponseTimesInput, channel: string, statistic: string): string {
  const { days, clock } = input;
  const answered = days.filter((d) => d.firstReplyMinutes != null);
  if (!answered.length) return `${channel} at ${input.shop.name}: no answered cases in the ${days.length} days shown.`;
  const over = (limit: number) => answered.filter((d) => d.firstReplyMinutes! > limit).length;
  const last = answered[answered.length - 1]!;
  return (
    `${channel} at ${input.shop.name}, ${statistic} time to first reply per day over ${days.length} days: ` +
    `${durationLabel(Math.round(last.firstReplyMinutes!))} on ${dayLabel(last.day, input.shop.timeZone)}; ` +
    `${over(clock.targetMinutes)} of ${answered.length} days over the ${durationLabel(clock.targetMinutes)} target, ` +
    `${over(clock.maxMinutes)} over the ${durationLabel(clock.maxMinutes)} maximum.`
  );
}
