/** Walmart Marketplace (US, seller-fulfilled orders). */
import type { MarketplaceProfile, MetricSubject, ProfileSource, RateMetric } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const CARE: ProfileSource = {
  url: 'https://marketplacelearn.walmart.com/guides/Order%20management/Customer%20care/Customer-Care-policy',
  title: 'Walmart Marketplace Learn: Customer Care Policy',
  checked,
  about:
    'a high-quality response to every customer or Walmart Customer Care inquiry within 48 hours of receipt, weekends and days off included; Better Business Bureau and Attorney General complaints within the first hour; Seller Response Rate > 95 %',
};
const MESSAGES_CA: ProfileSource = {
  url: 'https://marketplacelearn.walmart.com/ca/guides/respond-to-customer-messages-in-seller-center?locale=en-CA',
  title: 'Walmart Marketplace Learn: Respond to customer messages in Seller Center',
  checked,
  about: 'the 48-hour rule applies 7 days a week, holidays and outage periods included',
};
const AUTOMATED: ProfileSource = {
  url: 'https://marketplace.walmart.com/customer-service-communications/',
  title: 'Walmart Marketplace: Guide for responding to customer messages',
  checked,
  about: "don't provide automated responses that require multiple follow-ups; every message requires a response",
};
const STANDARDS: ProfileSource = {
  url: 'https://marketplacelearn.walmart.com/guides/Policies%3E%3E%20&%20standards/Performance/Seller-performance-standards',
  title: 'Walmart Marketplace Learn: Seller Performance Standards (eight metrics)',
  checked,
  about:
    'evaluated over the last 30 or 60 days; cancellation ≤ 2 %; on-time delivery ≥ 90 %; the table continues with tracking, refunds, response, returns, item not received, negative feedback',
};
const STANDARDS_OLD: ProfileSource = {
  url: 'https://marketplacelearn.walmart.com/guides/Policies%20&%20standards/Performance/Seller-performance-standards',
  title: 'Walmart Marketplace Learn: Seller Performance Standards (five metrics, earlier version)',
  checked,
  about: 'last 30 days; cancellation < 2 %, on-time delivery > 95 %, valid tracking > 99 %, refunds < 6 %',
};
const EIGHT: ProfileSource = {
  url: 'https://www.walmartinsiders.co/p/you-need-to-know-about-these-two-new-seller-performance-metrics',
  title: 'Walmart Insiders: two new seller performance metrics',
  checked,
  about: 'cancellation ≤ 2 %, on-time delivery ≥ 90 %, valid tracking ≥ 99 %, refunds ≤ 6 %, response ≥ 95 %',
};
const NEGATIVE: ProfileSource = {
  url: 'https://marketplacelearn.walmart.com/guides/negative-feedback-rate-overview',
  title: 'Walmart Marketplace Learn: Negative Feedback Rate',
  checked,
  about: 'orders with a one or two-star rating in the last 60 days (the lower of item and seller rating); at most 2 %',
};
const NEW_TWO: ProfileSource = {
  url: 'https://www.geekseller.com/?p=34321',
  title: 'GeekSeller: Walmart adds Return Rate and Item Not Received Rate',
  checked,
  about: 'announced 2026-01-29: Return Rate at most 6 % and Item Not Received Rate at most 2 %, each over the past 60 days',
};
const RESPONSE_API: ProfileSource = {
  url: 'https://developer.walmart.com/us-marketplace/docs/seller-response-rate-reports',
  title: 'Walmart developer docs: Seller response rate reports',
  checked,
  about: 'the share of messages answered within 48 hours, over 14, 30, 60 or 90 days; keep at least 95 %',
};

type Def = [
  id: string,
  name: string,
  subject: MetricSubject,
  numerator: string,
  bound: 'max' | 'min',
  bp: number,
  inclusive: boolean,
  days: number,
];
const DEFS: Def[] = [
  [
    'walmart_cancellation_rate',
    'Cancellation rate',
    'seller_cancellations',
    'orders the seller cancelled after receiving them',
    'max',
    200,
    true,
    30,
  ],
  [
    'walmart_on_time_delivery',
    'On-time delivery rate',
    'delivered_on_time',
    'orders delivered by the expected delivery date',
    'min',
    9000,
    true,
    30,
  ],
  ['walmart_valid_tracking_rate', 'Valid tracking rate', 'valid_tracking', 'orders with valid tracking information', 'min', 9900, true, 30],
  ['walmart_refund_rate', 'Refund rate', 'refunds', 'orders refunded for reasons the seller is responsible for', 'max', 600, true, 30],
  [
    'walmart_negative_feedback_rate',
    'Negative feedback rate',
    'negative_feedback',
    'orders with a one or two-star rating',
    'max',
    200,
    true,
    60,
  ],
  ['walmart_return_rate', 'Return rate', 'returns', 'delivered orders the customer returned', 'max', 600, true, 60],
  [
    'walmart_item_not_received_rate',
    'Item not received rate',
    'item_not_received',
    'orders reported as not received',
    'max',
    200,
    true,
    60,
  ],
];
const NOTES: Record<string, { sources: ProfileSource[]; note?: string }> = {
  walmart_cancellation_rate: {
    sources: [STANDARDS, EIGHT, STANDARDS_OLD],
    note: 'The earlier page says "< 2 %", the current one "≤ 2 %".',
  },
  walmart_on_time_delivery: {
    sources: [STANDARDS, EIGHT, STANDARDS_OLD],
    note: 'Sources disagree: the current page and Walmart Insiders give ≥ 90 %, the earlier page > 95 %. SellerDesk follows the current page.',
  },
  walmart_valid_tracking_rate: {
    sources: [EIGHT, STANDARDS_OLD],
    note: 'The current page is cut off at this figure; ≥ 99 % rests on Walmart Insiders and the earlier page.',
  },
  walmart_refund_rate: { sources: [EIGHT, STANDARDS_OLD] },
  walmart_negative_feedback_rate: { sources: [NEGATIVE] },
  walmart_return_rate: { sources: [NEW_TWO, STANDARDS] },
  walmart_item_not_received_rate: { sources: [NEW_TWO, STANDARDS] },
};

const metrics: RateMetric[] = DEFS.map(([id, name, subject, numerator, bound, thresholdBp, inclusive, days]) => ({
  kind: 'rate',
  id,
  name,
  subject,
  numerator,
  denominator: days === 60 ? 'orders in the last 60 days' : 'orders in the last 30 days',
  bound,
  thresholdBp,
  inclusive,
  window: { days },
  standing: 'requirement',
  ...NOTES[id]!,
}));

export const WALMART: MarketplaceProfile = {
  id: 'walmart',
  name: 'Walmart',
  calendar: {
    timeZone: null,
    sources: [CARE],
    note: 'The zone Walmart counts its metric days in was not found; the 48 h runs in elapsed hours, so the zone only moves day boundaries.',
  },
  replies: {
    message: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'each_buyer_message',
      noResponseNeededStops: false,
      sources: [CARE, MESSAGES_CA, RESPONSE_API],
    },
    review: { deadline: null, starts: 'case_opened', noResponseNeededStops: false, sources: [NEGATIVE] },
    return: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'each_buyer_message',
      noResponseNeededStops: false,
      sources: [CARE],
      note: 'Any customer or Walmart Customer Care inquiry gets 48 hours, whatever it is about.',
    },
    dispute: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'each_buyer_message',
      noResponseNeededStops: false,
      sources: [CARE],
      note: 'Any customer or Walmart Customer Care inquiry gets 48 hours, whatever it is about.',
    },
    chargeback: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [CARE],
      note: 'No chargeback deadline found.',
    },
  },
  caseDeadlines: [
    {
      id: 'walmart_bbb_or_attorney_general_complaint',
      label: 'Better Business Bureau or Attorney General complaint',
      appliesTo: ['message', 'return', 'dispute', 'chargeback', 'review'],
      from: 'notice',
      deadline: { mode: 'calendar', minutes: 60 },
      trigger: 'bbb_or_attorney_general_complaint',
      consequence: 'Walmart requires a high-quality response within the first hour.',
      sources: [CARE],
    },
  ],
  shipBy: {
    counts: 'Fulfilment lag time set by the seller; the expected ship and delivery dates come from Walmart.',
    change: null,
    sources: [STANDARDS],
  },
  metrics: [
    ...metrics,
    {
      kind: 'rate',
      id: 'walmart_seller_response_rate',
      name: 'Seller response rate',
      subject: 'answered_in_time',
      numerator: 'customer inquiries answered within 48 hours',
      denominator: 'customer inquiries received in the last 30 days',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: false,
      window: { days: 30 },
      standing: 'requirement',
      sources: [CARE, RESPONSE_API, EIGHT],
      note: 'The Customer Care Policy says "> 95 %", the developer docs and Walmart Insiders "at least 95 %". SellerDesk keeps the stricter.',
    },
  ],
  automaticReplies: {
    text: 'Automated responses that need follow-ups do not meet the "high-quality response" Walmart asks for.',
    sources: [AUTOMATED],
  },
  note: 'No minimum order count for these metrics was found.',
};
