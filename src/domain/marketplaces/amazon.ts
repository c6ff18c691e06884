/** Amazon (seller-fulfilled orders, amazon.com rules unless a note says otherwise). */
import type { MarketplaceProfile, ProfileSource } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const MESSAGES: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/202152030',
  title: 'Seller Central: respond to buyer messages',
  checked,
  about:
    'respond within 24 hours including weekends and holidays; auto-responders are not a valid response; mark thank-you messages "No Response Required"',
};
const RESPONSE_TIME: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/200549770',
  title: 'Seller Central: Contact Response Time',
  checked,
  about:
    'Late Response Rate = messages not answered within 24 h, timed from each buyer message received, weekends and holidays included; 7, 30 and 90-day periods; "Mark as no response needed" excludes a message',
};
const NINETY_PERCENT: ProfileSource = {
  url: 'https://channelx.world/2012/02/amazon-introduce-247-communication-metric-requirements',
  title: 'ChannelX: Amazon introduce 24/7 communication metric requirements (2012)',
  checked,
  about:
    "quotes Amazon's notice: respond to 90 % or more of messages within 24 hours; thank-you messages must be marked as not needing a response",
};
const A_TO_Z: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/help.html?itemID=27951&language=en_US',
  title: 'Seller Central: About A-to-Z Guarantee claims',
  checked,
  about:
    'buyers contact the seller first and may file after 48 hours; a claim is granted and debited if the contact was not answered within 72 hours; information requests on a claim must be answered within 72 hours',
};
const RETURNS: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/help.html?itemID=201887610&language=en_US',
  title: 'Seller Central: Return Dissatisfaction Rate',
  checked,
  about: 'a return request not authorised, refunded or closed within 48 hours of receipt counts as a late response',
};
const RETURNS_UK: ProfileSource = {
  url: 'https://sellercentral-europe.amazon.com/gp/help/external/help.html?itemID=201887610&language=en_GB',
  title: 'Seller Central (UK): Return Dissatisfaction Rate',
  checked,
  about: 'target: Return Dissatisfaction Rate under 10 %; no penalty for missing it at this time',
};
const CHARGEBACKS: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/G202145040?language=en_US',
  title: 'Seller Central: Respond to a chargeback claim',
  checked,
  about: 'respond to a chargeback claim within seven calendar days of the email date, or the account may be debited',
};
const ODR: ProfileSource = {
  url: 'https://sellercentral.amazon.com/gp/help/external/G200285170?language=en_US',
  title: 'Seller Central: Order Defect Rate',
  checked,
  about:
    'orders with negative feedback, an A-to-z claim or a chargeback ÷ orders in a 60-day period, by order date; keep under 1 % or the account may be deactivated',
};
const CANCELS: ProfileSource = {
  url: 'https://sellercentral.amazon.ca/gp/help/external/200285210',
  title: 'Seller Central: Cancellation Rate',
  checked,
  about:
    'seller-cancelled orders ÷ orders in a 7-day period, seller-fulfilled only, buyer-requested cancellations excluded; under 2.5 % or seller-fulfilled offers may be deactivated',
};
const TARGETS: ProfileSource = {
  url: 'https://www.hellotax.com/amazon/performance-measurement/',
  title: 'hellotax: Amazon seller performance measurement',
  checked,
  about:
    'the three targets: ODR under 1 %, pre-fulfilment cancel rate under 2.5 %, late shipment rate under 4 % (orders not ship-confirmed by the expected ship date)',
};
const LATE_WINDOWS: ProfileSource = {
  url: 'https://sellercentral-europe.amazon.com/forums/t/late-shipment-rate-10-day-or-30-day/219320/6',
  title: 'Seller Forums: Late shipment rate, 10 day or 30 day?',
  checked,
  about: 'the late shipment rate is shown over 10 and 30 days; both are held to the 4 % target',
};
const TRACKING: ProfileSource = {
  url: 'https://sellercentral.amazon.in/gp/help/external/G201817070',
  title: 'Seller Central: Valid Tracking Rate',
  checked,
  about:
    'packages with a valid tracking number (at least one carrier scan) ÷ packages ship-confirmed; 95 % target; 7 and 30-day periods by promised delivery date',
};
const TRACKING_EU: ProfileSource = {
  url: 'https://sellercentral-europe.amazon.com/gp/help/external/201817070',
  title: 'Seller Central (Europe): Valid Tracking Rate',
  checked,
  about: 'missing the 95 % target does not currently suspend the account',
};
const PACIFIC: ProfileSource = {
  url: 'https://support.shippingeasy.com/hc/en-us/articles/204351635',
  title: "ShippingEasy: How do I comply with Amazon's policy for post-dated labels?",
  checked,
  about: "Amazon's dates are configured to US Pacific time",
};
const HANDLING: ProfileSource = {
  url: 'https://sellercentral.amazon.ca/gp/help/external/200955560',
  title: 'Seller Central: Handling time',
  checked,
  about: 'the ship-by date follows from the handling time; delivery time adds holidays',
};

export const AMAZON: MarketplaceProfile = {
  id: 'amazon',
  name: 'Amazon',
  calendar: {
    timeZone: 'America/Los_Angeles',
    holidayCountry: 'US',
    sources: [PACIFIC],
    note: 'Amazon counts its reply deadlines in elapsed hours, so the zone only sets the days of its metric windows.',
  },
  replies: {
    message: {
      deadline: { mode: 'calendar', minutes: 24 * 60 },
      starts: 'each_buyer_message',
      noResponseNeededStops: true,
      sources: [MESSAGES, RESPONSE_TIME],
      note: 'Amazon times every buyer message from when it arrives; one reply answers every message waiting. In December 2015 Amazon asked for 12-hour replies for that month; no later source repeats it.',
    },
    review: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [ODR],
      note: 'No reply deadline for feedback; negative feedback (1 or 2 stars) counts as an order defect.',
    },
    return: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [RETURNS, RETURNS_UK],
      note: 'Late responses feed the Return Dissatisfaction Rate (target under 10 %, no penalty at this time); that rate is not a metric here because its window could not be confirmed.',
    },
    dispute: {
      deadline: { mode: 'calendar', minutes: 72 * 60 },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [A_TO_Z],
      note: "An A-to-z claim: Amazon's requests for information must be answered within 72 hours.",
    },
    chargeback: {
      deadline: { mode: 'calendar', minutes: 7 * 24 * 60 },
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [CHARGEBACKS],
    },
  },
  caseDeadlines: [
    {
      id: 'amazon_a_to_z_unanswered_contact',
      label: 'A-to-z: buyer contact unanswered',
      appliesTo: ['message', 'return'],
      from: 'buyer_contact',
      deadline: { mode: 'calendar', minutes: 72 * 60 },
      consequence:
        'If the buyer files an A-to-z claim and the contact is still unanswered after 72 hours, Amazon grants the claim and debits the amount.',
      sources: [A_TO_Z],
    },
  ],
  shipBy: {
    counts: 'Handling time in business days after the order; the expected ship date is set by Amazon.',
    change: null,
    sources: [HANDLING],
  },
  metrics: [
    {
      kind: 'rate',
      id: 'amazon_order_defect_rate',
      name: 'Order defect rate',
      subject: 'order_defects',
      numerator: 'orders with negative feedback, an A-to-z claim or a credit-card chargeback (one defect per order)',
      denominator: 'orders placed in the window',
      bound: 'max',
      thresholdBp: 100,
      inclusive: false,
      window: { days: 60 },
      standing: 'requirement',
      sources: [ODR, TARGETS],
      note: 'No minimum order count was found: with few orders one defect moves the rate a long way.',
    },
    ...[10, 30].map((days) => ({
      kind: 'rate' as const,
      id: `amazon_late_shipment_rate_${days}d`,
      name: `Late shipment rate (${days} days)`,
      subject: 'late_shipments' as const,
      numerator: 'orders ship-confirmed after their expected ship date',
      denominator: 'orders due to ship in the window',
      bound: 'max' as const,
      thresholdBp: 400,
      inclusive: false,
      window: { days },
      standing: 'requirement' as const,
      sources: [TARGETS, LATE_WINDOWS],
      note: 'The 10 and 30-day figures are both held to 4 %; the windows rest on a seller-forum answer, not a help page.',
    })),
    {
      kind: 'rate',
      id: 'amazon_cancel_rate',
      name: 'Pre-fulfilment cancel rate',
      subject: 'seller_cancellations',
      numerator: 'orders the seller cancelled before ship confirmation (buyer-requested cancellations excluded)',
      denominator: 'seller-fulfilled orders in the window',
      bound: 'max',
      thresholdBp: 250,
      inclusive: false,
      window: { days: 7 },
      standing: 'requirement',
      sources: [CANCELS, TARGETS],
    },
    {
      kind: 'rate',
      id: 'amazon_valid_tracking_rate',
      name: 'Valid tracking rate',
      subject: 'valid_tracking',
      numerator: 'packages shipped with a carrier and a valid tracking number',
      denominator: 'packages ship-confirmed in the window',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: true,
      window: { days: 30 },
      standing: 'target',
      sources: [TRACKING, TRACKING_EU],
      note: "Amazon's own example (190 of 200 = 95 %) meets the target. Sources disagree on the penalty: the European page says missing it does not suspend the account, the Indian page that it will impact the account.",
    },
    {
      kind: 'rate',
      id: 'amazon_late_response_rate',
      name: 'Late response rate (messages)',
      subject: 'answered_late',
      numerator: 'buyer messages answered after 24 hours, or not answered 24 hours after they arrived',
      denominator: 'buyer messages in the window that needed a response',
      bound: 'max',
      thresholdBp: 1000,
      inclusive: true,
      window: { days: 30 },
      standing: 'target',
      sources: [RESPONSE_TIME, NINETY_PERCENT],
      note: 'The current help page names no threshold; the 10 % mark is the "90 % within 24 hours" of Amazon\'s 2012 notice to sellers.',
    },
  ],
  automaticReplies: {
    text: 'Auto-responders are not a valid response. Only a message marked "no response needed" needs no reply.',
    sources: [MESSAGES, RESPONSE_TIME],
  },
};
