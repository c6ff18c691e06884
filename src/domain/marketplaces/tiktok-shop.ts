/** TikTok Shop (US seller rules where found; several figures come from other markets or third parties). */
import type { MarketplaceProfile, ProfileSource } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const TWELVE_HOURS: ProfileSource = {
  url: 'https://seller-th.tiktok.com/university/essay?knowledge_id=8918857185183490&lang=en',
  title: 'TikTok Shop Academy: Customer Service Communication Requirements',
  checked,
  about:
    'from 15 August 2025 the 12-Hour Response Rate replaces the 24-hour one; every customer message needs a reply, weekends and holidays too; chats in holiday mode, seller-started chats, chats resolved by automated replies and blocked users are left out',
};
const EIGHTY_FIVE: ProfileSource = {
  url: 'https://www.mapmychannel.com/blog/tiktok-shop-latest-update-everything-sellers-want-to-know',
  title: 'MapMyChannel: TikTok Shop latest update',
  checked,
  about: 'target: answer more than 85 % of customer-initiated chats within 12 hours, over the last 30 calendar days',
};
const US_POLICY: ProfileSource = {
  url: 'https://staging.polici.net/changes/customer-service-policy/cmpmfprkc006zql3a0h87366i',
  title: 'Polici: TikTok Shop US Customer Service Policy change',
  checked,
  about:
    'US policy text: a 24-hour response requirement; with the chatbot on, weekend messages must be answered by Monday 12 PM local time; small talk is not a valid reply',
};
const HUMAN_ONLY: ProfileSource = {
  url: 'https://eshoppick.com/en/blog/tiktok-shop-customer-service-response-rate-guide-2026',
  title: 'eShopPick: TikTok Shop customer service and response rate (2026)',
  checked,
  about: '24-hour response rate: warning under 90 %, enforcement under 85 %; only manual human responses count',
};
const RETURNS: ProfileSource = {
  url: 'https://www.echotik.live/blog/echotik-how-to-process-order-cancellation-and-refundreturn-clfbz40q9936601kqlc9cs8fwl/',
  title: 'EchoTik: How to process order cancellation and refund/return',
  checked,
  about: 'answer a return or refund request within 2 days (48 h), or the platform approves it',
};
const REFUND_ONLY: ProfileSource = {
  url: 'https://www.keyouyun.com/managing-refund-only-request/',
  title: 'Managing refund-only requests',
  checked,
  about: 'refund-only requests: respond within 2 calendar days or they are approved automatically',
};
const FULFILMENT: ProfileSource = {
  url: 'https://support.gelato.com/en/articles/9956249-tiktok-policies',
  title: 'Gelato: TikTok policies',
  checked,
  about:
    'seller-fault cancellation rate ≤ 2.5 %, late dispatch rate ≤ 4 %, valid tracking rate ≥ 95 %, seller-fault return and refund rate under 1 %',
};
const DISPATCH: ProfileSource = {
  url: 'https://sellerops.io/tiktok-shop-late-dispatch-rate-explained',
  title: 'SellerOps: TikTok Shop late dispatch rate explained',
  checked,
  about: 'US dispatch within 2 business days (Monday to Friday, US federal holidays excluded), measured by the carrier scan; LDR ≤ 4 %',
};

const WINDOW_NOTE = 'The evaluation window is not confirmed (third-party sources say 30 or 90 days); SellerDesk uses 30 days.';

export const TIKTOK_SHOP: MarketplaceProfile = {
  id: 'tiktok_shop',
  name: 'TikTok Shop',
  calendar: {
    timeZone: null,
    holidayCountry: 'US',
    sources: [US_POLICY, DISPATCH],
    note: 'TikTok Shop counts in the seller’s local time.',
  },
  replies: {
    message: {
      deadline: { mode: 'calendar', minutes: 12 * 60 },
      starts: 'each_buyer_message',
      noResponseNeededStops: false,
      sources: [TWELVE_HOURS, EIGHTY_FIVE, US_POLICY, HUMAN_ONLY],
      note: 'Sources disagree: TikTok Shop Academy (South-East Asia) moved to 12 hours in August 2025, the US policy text still speaks of 24 hours. SellerDesk keeps the stricter 12 h.',
    },
    review: { deadline: null, starts: 'case_opened', noResponseNeededStops: false, sources: [FULFILMENT] },
    return: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [RETURNS, REFUND_ONLY],
      note: 'Some markets give 1 working day; the US figure rests on third-party guides.',
    },
    dispute: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [RETURNS],
      note: 'No dispute deadline found.',
    },
    chargeback: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [RETURNS],
      note: 'No chargeback deadline found.',
    },
  },
  caseDeadlines: [],
  shipBy: {
    counts: 'Dispatch within 2 business days (Monday to Friday, US federal holidays excluded), counted by the carrier’s first scan.',
    change: null,
    sources: [DISPATCH],
  },
  metrics: [
    {
      kind: 'rate',
      id: 'tiktok_response_rate',
      name: '12-hour response rate',
      subject: 'answered_in_time',
      numerator: 'customer-started chats answered within 12 hours',
      denominator: 'customer-started chats in the last 30 days',
      bound: 'min',
      thresholdBp: 8500,
      inclusive: false,
      window: { days: 30 },
      standing: 'target',
      sources: [EIGHTY_FIVE, TWELVE_HOURS, HUMAN_ONLY],
      note: 'No violation points for missed replies since July 2025 (South-East Asia); it weighs on the store rating. A 2026 US guide gives 90 % for a warning.',
    },
    {
      kind: 'rate',
      id: 'tiktok_late_dispatch_rate',
      name: 'Late dispatch rate',
      subject: 'late_shipments',
      numerator: 'orders not in transit by the dispatch deadline',
      denominator: 'orders dispatched',
      bound: 'max',
      thresholdBp: 400,
      inclusive: true,
      window: { days: 30 },
      standing: 'requirement',
      sources: [FULFILMENT, DISPATCH],
      note: WINDOW_NOTE,
    },
    {
      kind: 'rate',
      id: 'tiktok_seller_fault_cancellation_rate',
      name: 'Seller-fault cancellation rate',
      subject: 'seller_cancellations',
      numerator: 'orders cancelled for a reason the seller is responsible for',
      denominator: 'orders',
      bound: 'max',
      thresholdBp: 250,
      inclusive: true,
      window: { days: 30 },
      standing: 'requirement',
      sources: [FULFILMENT],
      note: WINDOW_NOTE,
    },
    {
      kind: 'rate',
      id: 'tiktok_valid_tracking_rate',
      name: 'Valid tracking rate',
      subject: 'valid_tracking',
      numerator: 'orders with a valid tracking number, carrier and service',
      denominator: 'orders shipped',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: true,
      window: { days: 30 },
      standing: 'requirement',
      sources: [FULFILMENT],
      note: WINDOW_NOTE,
    },
  ],
  automaticReplies: {
    text: 'Sources disagree: TikTok Shop Academy leaves chats fully resolved by automated replies out of the count; a 2026 US guide says only manual human replies count. SellerDesk never counts its own acknowledgement.',
    sources: [TWELVE_HOURS, HUMAN_ONLY],
  },
  note: 'No minimum order count for these metrics was found.',
};
