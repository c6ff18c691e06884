import type { DeadlineRule } from '../../domain/marketplaces/index.js';
import type { CaseKind, ClockChannel, ClockSpec } from '../../domain/types.js';

/**
 * The inputs of the four charts: plain figures, named like the ones the text already shows
 * (ShopStats, StandingInput, ClockSpec), so the caller fills a chart from the same numbers it
 * prints. The charts compute no statistic of their own beyond a ratio of two given counts
 * (e.g. shippedOnTime / shipDue, as `percent` in workflows/shop-stats.ts does).
 *
 * Times are instants (Date); `timeZone` (IANA, the shop's) says how to label them.
 */

/** The shop a chart is about. */
export interface ChartShop {
  name: string;
  /** IANA time zone of the shop, e.g. "America/New_York": the time axis is labelled in it. */
  timeZone: string;
}

/** A reference line: a target, a maximum, a marketplace threshold. */
export interface Threshold {
  /** Words on the line, e.g. "At risk below 90%". */
  label: string;
  /** In the unit of the chart's values (a ratio 0..1 for percentages). */
  value: number;
}

// (a) Response times per day

export interface ResponseTimesDay {
  /** Start of the shop's local day (an instant). */
  day: Date;
  /** The day's first-reply time (the `statistic` of the cases opened that day), in minutes; null when none was answered. */
  firstReplyMinutes: number | null;
  /** The day's next-reply time (a buyer's follow-up to our answer), in minutes; null or absent when there is none. */
  nextReplyMinutes?: number | null;
  /** Cases opened that day, for the description. */
  cases?: number;
}

export interface ResponseTimesInput {
  shop: ChartShop;
  /** The clock channel the days are about: its target and maximum differ from the others'. */
  channel: ClockChannel;
  /** The team's target and maximum for the channel (the shop's clock table, e.g. DEFAULT_CLOCKS.message). */
  clock: ClockSpec;
  /**
   * The marketplace's own reply deadline for the channel, as its profile states it
   * (profile.replies[kind].deadline): a calendar deadline is drawn at its minutes, a business-day
   * one at 24 h a day (and says so), one that comes with each event (from_event) is not drawn.
   */
  marketplaceDeadline?: DeadlineRule | null;
  /** What a day's figure is. Default: median. */
  statistic?: 'median' | 'p90' | 'mean';
  /** Oldest first; usually the last 30 local days. */
  days: ResponseTimesDay[];
}

// (b) Shipping per week

export interface ShippingWeek {
  /** Start of the shop's local week (an instant). */
  weekStart: Date;
  /** Orders whose ship-by fell in the week (the base of on-time %), as ShopStats.shipDue. */
  shipDue: number;
  /** Of those, shipped by their ship-by date, as ShopStats.shippedOnTime. */
  shippedOnTime: number;
  /** Orders shipped in the week (the base of valid-tracking %). */
  shipped: number;
  /** Of those, with a tracking number the carrier recognises. */
  validTracking: number;
}

export interface ShippingInput {
  shop: ChartShop;
  /** Oldest first. */
  weeks: ShippingWeek[];
  /** On-time shipping thresholds as ratios, e.g. STANDING_THRESHOLDS.onTimeAtRisk. */
  onTimeThresholds: Threshold[];
  /** The marketplace's valid-tracking threshold(s), as ratios, where it has one. */
  trackingThresholds?: Threshold[];
}

// (c) Open cases by age band and kind

export interface AgeBand {
  id: string;
  label: string;
  /** Cases younger than this many minutes fall in the band (the last band has none). */
  underMinutes?: number;
}

export interface OpenCaseCount {
  kind: CaseKind;
  /** An AgeBand id. */
  band: string;
  open: number;
}

export interface OpenCasesInput {
  shop: ChartShop;
  /** When the ages were measured (the Clock's now). */
  asOf: Date;
  /** Default: AGE_BANDS. */
  bands?: AgeBand[];
  counts: OpenCaseCount[];
}

// (d) One standing metric with its threshold and forecast

export interface MetricPoint {
  /** Start of the shop's local day (an instant). */
  day: Date;
  value: number | null;
}

export interface StandingTrendInput {
  shop: ChartShop;
  /** Words, e.g. "On-time shipping (30 days)". */
  metric: string;
  /** ratio: 0..1 shown as a percentage; count: whole numbers; average: a score such as stars (up to scaleMax). */
  unit: 'ratio' | 'count' | 'average';
  /** The best score of an average (5 stars). */
  scaleMax?: number;
  /** Which side of a threshold is the good side. */
  betterWhen: 'higher' | 'lower';
  /** Oldest first: the metric as it was on each day. */
  history: MetricPoint[];
  /** Oldest first, after the last history day: the forecast. */
  forecast: MetricPoint[];
  /** E.g. STANDING_THRESHOLDS.onTimeAtRisk and onTimeUnderReview. */
  thresholds: Threshold[];
}

export type ChartId = 'response-times' | 'shipping' | 'open-cases' | 'standing-trend';

/** What a builder returns: an ECharts option plus the words around it. Pure data. */
export interface ChartSpec {
  id: ChartId;
  title: string;
  /** A sentence for screen readers and Slack's image alt_text. */
  alt: string;
  /** An ECharts option (typed loosely here so this module never loads echarts). */
  option: Record<string, unknown>;
}

export interface RenderedChart {
  id: ChartId;
  title: string;
  alt: string;
  /** e.g. "response-times.png" */
  fileName: string;
  svg: string;
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
}
