/**
 * The shape of a marketplace profile: each marketplace's own reply deadlines, the deadlines a
 * single case carries, its ship-by rules and its standing metrics. Data only; the arithmetic
 * lives in marketplace-clocks.ts, response-clock.ts, marketplace-standing.ts and
 * standing-headroom.ts. Every figure carries the sources it rests on and the date they were
 * read; where a figure could not be confirmed, or sources disagree, its `note` says so.
 */
import type { CaseKind } from '../types.js';

export const MARKETPLACE_IDS = ['member_marketplace', 'amazon', 'ebay', 'etsy', 'walmart', 'tiktok_shop', 'shopify'] as const;
export type MarketplaceId = (typeof MARKETPLACE_IDS)[number];

/** The marketplace of the seeds (marketplace-customer-service-standards.txt): a shop names no other. */
export const DEFAULT_MARKETPLACE: MarketplaceId = 'member_marketplace';

export interface ProfileSource {
  /** An http(s) address, or `seeds/<file>` for the project's own standards documents. */
  url: string;
  title: string;
  /** Date the source was read, ISO yyyy-mm-dd. */
  checked: string;
  /** What the figure rests on in this source. */
  about: string;
}

/**
 * How a marketplace deadline counts:
 * - calendar: every elapsed minute counts, nights, weekends and holidays included;
 * - business_days: whole business days of the marketplace's calendar (Monday to Friday in its
 *   time zone, minus its public holidays), each 24 h, counted from the arrival's wall time; an
 *   arrival on a closed day counts from the next business day's midnight;
 * - from_event: the marketplace sends the deadline with the event (Shopify's `evidence_due_by`).
 */
export type DeadlineRule =
  { mode: 'calendar'; minutes: number } | { mode: 'business_days'; days: number } | { mode: 'from_event'; field: string };

/**
 * What starts a reply clock:
 * - each_buyer_message: every buyer message that arrives while no clock runs starts one (a
 *   message while one runs is answered by the same reply, so the earlier deadline stands);
 * - first_message_per_thread: only the first message of each thread (Etsy);
 * - case_opened: only the message or request that opened the case (returns, claims).
 * Ordered from the most clocks to the fewest: a team may move a kind up this list, never down.
 */
export const CLOCK_STARTS = ['each_buyer_message', 'first_message_per_thread', 'case_opened'] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];

export interface ReplyRule {
  /** null: the marketplace sets no deadline for this kind; the team's own maximum is the only clock. */
  deadline: DeadlineRule | null;
  starts: ClockStart;
  /** Marking a message "no response needed" (Amazon) stops its clock. Auto-acknowledgements never do. */
  noResponseNeededStops: boolean;
  sources: readonly ProfileSource[];
  note?: string;
  /** Set by mergeTeamOverrides when the team tightened the marketplace's deadline. */
  tightenedFrom?: DeadlineRule;
}

export interface MarketplaceCalendar {
  /** IANA zone the marketplace counts its days in; null: it counts in the shop's own zone (or says nothing). */
  timeZone: string | null;
  /** date-holidays country whose public holidays are not business days; absent: holidays are ordinary days. */
  holidayCountry?: string;
  sources: readonly ProfileSource[];
  note?: string;
}

/** A deadline a single case carries besides its reply clock (A-to-z exposure, eBay step-in, BBB complaints). */
export interface CaseDeadline {
  id: string;
  label: string;
  appliesTo: readonly CaseKind[];
  /** What it counts from. */
  from: 'buyer_contact' | 'request_opened' | 'notice';
  deadline: DeadlineRule;
  /** Only for cases the caller flags with this trigger (e.g. a Better Business Bureau complaint); absent: every case of the kinds. */
  trigger?: string;
  /** What happens when it passes. */
  consequence: string;
  sources: readonly ProfileSource[];
  note?: string;
}

export interface ShipByRule {
  /** How the handling or processing time counts. */
  counts: string;
  /** Whether and how the seller may move a ship-by date; null: not at all (or not that SellerDesk knows). */
  change: { times: number; maxLaterDays: number; onlyBeforeItPasses: boolean } | null;
  sources: readonly ProfileSource[];
  note?: string;
}

/** What the caller counts for a metric; the wiring maps orders and cases onto these. */
export type MetricSubject =
  | 'order_defects'
  | 'late_shipments'
  | 'shipped_on_time'
  | 'shipped_on_time_with_tracking'
  | 'delivered_on_time'
  | 'valid_tracking'
  | 'seller_cancellations'
  | 'answered_in_time'
  | 'answered_late'
  | 'refunds'
  | 'returns'
  | 'item_not_received'
  | 'negative_feedback'
  | 'cases_closed_unresolved'
  | 'transaction_defects'
  | 'low_reviews'
  | 'refunded_cases'
  | 'review_stars';

export type MetricWindow = { days: number } | { months: number; extendedMonths?: number; extendWhenBelow?: number };

/**
 * How much a metric weighs: requirement (missing it can restrict or remove the shop), target (the
 * marketplace states it but names no penalty, or says there is none), program (a badge such as
 * Star Seller or Top Rated), sellerdesk (SellerDesk's own mark where the marketplace names no figure).
 */
export type MetricStanding = 'requirement' | 'target' | 'program' | 'sellerdesk';

interface MetricBase {
  id: string;
  name: string;
  subject: MetricSubject;
  /** What is counted, and over what, in words (shown next to the figures). */
  numerator: string;
  denominator: string;
  window: MetricWindow;
  /** Below this many orders (over `window`, or over the metric's own window) the marketplace does not judge. */
  minimum?: { orders: number; window?: MetricWindow; salesCents?: number; text: string };
  standing: MetricStanding;
  program?: string;
  sources: readonly ProfileSource[];
  note?: string;
}

export interface RateMetric extends MetricBase {
  kind: 'rate';
  /** max: the rate must stay under (or at) the threshold; min: it must stay over (or at) it. */
  bound: 'max' | 'min';
  /** Threshold in basis points: 1 % = 100. */
  thresholdBp: number;
  /** true: at the threshold still passes (≤ / ≥); false: it must be strictly under / over. */
  inclusive: boolean;
  /** Bad events up to `count` never cross the line (eBay: 4 defects from different buyers), optionally only while the denominator is small. */
  allowance?: { count: number; whileDenominatorBelow?: number; text: string };
}

export interface AverageMetric extends MetricBase {
  kind: 'average';
  /** The average must be at least this, in tenths (4.8 stars = 48). */
  atLeastTenths: number;
  /** The best score (5 stars). */
  scaleMax: number;
}

export type StandingMetric = RateMetric | AverageMetric;

export interface MarketplaceProfile {
  id: MarketplaceId;
  name: string;
  calendar: MarketplaceCalendar;
  replies: Readonly<Record<CaseKind, ReplyRule>>;
  caseDeadlines: readonly CaseDeadline[];
  shipBy: ShipByRule;
  metrics: readonly StandingMetric[];
  /** What the marketplace says of automatic replies (SellerDesk never counts its own acknowledgement). */
  automaticReplies: { text: string; sources: readonly ProfileSource[] };
  note?: string;
}

/** The date every source in the profiles was read. */
export const PROFILES_CHECKED = '2026-12-01';
