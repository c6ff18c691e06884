/** eBay (the US seller-standards program unless a note says otherwise). */
import type { MarketplaceProfile, MetricWindow, ProfileSource } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const INR: ProfileSource = {
  url: 'https://www.ebay.com/help/selling/managing-returns-refunds/helping-buyers-items-not-received?id=4116',
  title: "eBay: Help a buyer with an item they didn't receive",
  checked,
  about:
    'once an item-not-received request is opened the seller has 3 business days to resolve it; then either side can ask eBay to step in',
};
const STEP_IN: ProfileSource = {
  url: 'https://wwww.ebay.co.uk/help/buying/returns-refunds/ask-ebay-step-help-buyers?id=4701',
  title: 'eBay: Ask eBay to step in',
  checked,
  about: 'after a return request or an item-not-received report the seller should respond within 3 business days',
};
const PERIOD: ProfileSource = {
  url: 'https://www.ebay.com.au/help/policies/selling-policies/seller-performance-policy?id=4347',
  title: 'eBay: Seller performance policy',
  checked,
  about: 'evaluated monthly; 400 or more transactions in the last three months: over those three months, otherwise over the past 12 months',
};
const DEFECTS: ProfileSource = {
  url: 'https://ocsnext.ebay.com.my/ocs/sr?topicName=Defects&query=1514',
  title: 'eBay help: Defects',
  checked,
  about:
    'defect rate = seller-cancelled transactions + cases closed without seller resolution ÷ transactions; Above Standard ≤ 2 % and 4 or fewer defects from unique buyers; Below Standard > 2 % and 5 or more',
};
const CASES: ProfileSource = {
  url: 'http://sellercentre.ebay.com.au/node/758',
  title: 'eBay Seller Centre: eBay Seller Standards',
  checked,
  about: 'cases closed without seller resolution: at most 0.3 % or 2 cases, for all sellers and Top Rated alike',
};
const LEVELS_GUIDE: ProfileSource = {
  url: 'https://www.droopify.co/docs/documentation/seller-level',
  title: 'Droopify: eBay seller levels',
  checked,
  about:
    'Below Standard when cases exceed 2 and 0.3 %, or defects exceed 2 % from more than 4 buyers; late shipments alone usually do not cause Below Standard',
};
const TOP_RATED: ProfileSource = {
  url: 'https://sellglobal.ebay.in/seller-center/becoming-top-rated-seller/',
  title: 'eBay: Becoming a Top Rated Seller (US requirements)',
  checked,
  about:
    '100 or more transactions and $1,000 with US buyers in 12 months; defects ≤ 0.5 % (≤ 3); cases ≤ 0.3 % (≤ 2); late shipment ≤ 3 % with 5 or fewer',
};
const LEVELS_IN: ProfileSource = {
  url: 'https://ocsnext.ebay.in/ocs/sr?query=1472&topicName=Seller+performance+standards&st=6&levelHierarchy=2a1a5',
  title: 'eBay help: Seller performance standards',
  checked,
  about: 'Above Standard: no more than 7 % shipped late, with 7 or fewer late shipments',
};
const EXPECTATIONS: ProfileSource = {
  url: 'https://www.ebay.ph/pages/help/policies/seller-non-performance.html',
  title: 'eBay: Seller performance policy (expectations)',
  checked,
  about: "sellers are expected to respond to buyers' questions promptly and ship within the handling time; no hour figure is given",
};
const PACIFIC_DAY: ProfileSource = {
  url: 'http://ecommerce.red/p/2535.html',
  title: 'eBay handling time explained',
  checked,
  about: "handling time counts business days; eBay's day ends at 11:59:59 pm Pacific Time",
};
const FEDERAL_HOLIDAYS: ProfileSource = {
  url: 'https://app.trupeer.ai/view/rltBRG61e',
  title: 'Managing eBay time away',
  checked,
  about: 'eBay follows the USPS federal holiday calendar: Saturdays, Sundays and federal holidays are not business days',
};
const PAYMENT_DISPUTE: ProfileSource = {
  url: 'https://developer.ebay.com/api-docs/sell/fulfillment/types/api:PaymentDispute',
  title: 'eBay Fulfillment API: PaymentDispute',
  checked,
  about: 'payment disputes carry evidence requests, each with a respond-by date (respondByDate); overdue responses are flagged',
};

const TIME_AWAY: ProfileSource = {
  url: 'https://www.ebay.com.sg/pages/help/sell/placing-store-vacation.html',
  title: 'eBay: Placing your Store on vacation',
  checked,
  about: 'an automatic response can be set for messages during time away',
};

/** eBay's evaluation window: three months, or twelve for sellers with fewer than 400 transactions in three months. */
const EVALUATION: MetricWindow = { months: 3, extendedMonths: 12, extendWhenBelow: 400 };

export const EBAY: MarketplaceProfile = {
  id: 'ebay',
  name: 'eBay',
  calendar: {
    timeZone: 'America/Los_Angeles',
    holidayCountry: 'US',
    sources: [PACIFIC_DAY, FEDERAL_HOLIDAYS],
    note: 'Both sources are third-party; date-holidays "US" public holidays stand in for the USPS federal calendar.',
  },
  replies: {
    message: {
      deadline: null,
      starts: 'each_buyer_message',
      noResponseNeededStops: false,
      sources: [EXPECTATIONS],
      note: 'eBay asks sellers to answer questions promptly but names no hour figure.',
    },
    review: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [DEFECTS],
      note: 'Feedback no longer counts in the defect rate.',
    },
    return: { deadline: { mode: 'business_days', days: 3 }, starts: 'case_opened', noResponseNeededStops: false, sources: [STEP_IN] },
    dispute: {
      deadline: { mode: 'business_days', days: 3 },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [INR, STEP_IN],
      note: 'An item-not-received or not-as-described request. Whether the 3 days end at the same time of day or at the end of the third day is not stated; SellerDesk takes the earlier.',
    },
    chargeback: {
      deadline: { mode: 'from_event', field: 'respondByDate' },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [PAYMENT_DISPUTE],
    },
  },
  caseDeadlines: [
    {
      id: 'ebay_step_in',
      label: 'eBay can step in',
      appliesTo: ['dispute', 'return'],
      from: 'request_opened',
      deadline: { mode: 'business_days', days: 3 },
      consequence:
        'After 3 business days either side can ask eBay to step in; a case eBay closes in the buyer’s favour counts as closed without seller resolution, a defect.',
      sources: [INR, STEP_IN, DEFECTS],
    },
  ],
  shipBy: {
    counts: 'Handling time in business days (no weekends or federal holidays), each ending at 11:59:59 pm Pacific.',
    change: null,
    sources: [PACIFIC_DAY, FEDERAL_HOLIDAYS],
  },
  metrics: [
    {
      kind: 'rate',
      id: 'ebay_transaction_defect_rate',
      name: 'Transaction defect rate',
      subject: 'transaction_defects',
      numerator: 'transactions the seller cancelled (out of stock or could not fulfil) plus cases closed without seller resolution',
      denominator: 'transactions in the evaluation period',
      bound: 'max',
      thresholdBp: 200,
      inclusive: true,
      allowance: { count: 4, text: 'eBay counts the rate only from 5 defects from different buyers' },
      window: EVALUATION,
      standing: 'requirement',
      sources: [DEFECTS, PERIOD, LEVELS_GUIDE],
      note: 'The allowance counts defects from unique buyers: count one per buyer.',
    },
    {
      kind: 'rate',
      id: 'ebay_cases_closed_unresolved',
      name: 'Cases closed without seller resolution',
      subject: 'cases_closed_unresolved',
      numerator: 'Money Back Guarantee cases eBay closed in the buyer’s favour without the seller resolving them',
      denominator: 'transactions in the evaluation period',
      bound: 'max',
      thresholdBp: 30,
      inclusive: true,
      allowance: { count: 2, text: 'up to 2 cases never make a seller Below Standard' },
      window: EVALUATION,
      standing: 'requirement',
      sources: [CASES, LEVELS_GUIDE, PERIOD],
    },
    {
      kind: 'rate',
      id: 'ebay_late_shipment_rate',
      name: 'Late shipment rate',
      subject: 'late_shipments',
      numerator: 'transactions without an acceptance scan within the handling time and delivered after the estimated date',
      denominator: 'transactions in the evaluation period',
      bound: 'max',
      thresholdBp: 700,
      inclusive: true,
      allowance: { count: 7, text: 'up to 7 late shipments are allowed' },
      window: EVALUATION,
      standing: 'target',
      sources: [LEVELS_IN, LEVELS_GUIDE],
      note: 'Sources disagree: eBay India gives Above Standard ≤ 7 % with 7 or fewer; a third-party guide says late shipments alone usually do not make a US seller Below Standard, and the Australian table gives 10 % / 8. Not confirmed for the US program.',
    },
    {
      kind: 'rate',
      id: 'ebay_top_rated_late_shipment_rate',
      name: 'Late shipment rate (Top Rated)',
      subject: 'late_shipments',
      numerator: 'transactions shipped late (as above)',
      denominator: 'transactions in the evaluation period',
      bound: 'max',
      thresholdBp: 300,
      inclusive: true,
      allowance: { count: 5, text: 'Top Rated allows 5 or fewer late shipments' },
      window: EVALUATION,
      minimum: {
        orders: 100,
        window: { months: 12 },
        salesCents: 100_000,
        text: 'Top Rated needs 100 transactions and $1,000 with US buyers in 12 months',
      },
      standing: 'program',
      program: 'Top Rated Seller',
      sources: [TOP_RATED],
    },
  ],
  automaticReplies: {
    text: 'eBay offers an automatic response for time away; no source found says it resolves a request, so a request still needs the seller’s answer.',
    sources: [TIME_AWAY],
  },
};
