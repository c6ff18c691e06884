/** Etsy: customer service standards (everyone) and Star Seller (a badge). */
import type { MarketplaceProfile, ProfileSource, RateMetric } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const STANDARDS: ProfileSource = {
  url: 'https://help.etsy.com/hc/en-us/articles/360036207794-What-are-Etsy-s-Customer-Service-Standards',
  title: "Etsy Help: What are Etsy's Customer Service Standards?",
  checked,
  about:
    'four areas (message response, on-time shipping, reviews, cases); stats shown once a shop has 5 sales in three months; reply to 80 % of first messages in a thread within 48 hours',
};
const COMPARED: ProfileSource = {
  url: 'https://help.etsy.com/hc/en-us/articles/29654393638679-How-Do-Star-Seller-Metrics-Compare-to-Customer-Service-Standards',
  title: 'Etsy Help: How do Star Seller metrics compare to customer service standards?',
  checked,
  about:
    'standards: 80 % of first messages within 24–48 h; 80 % shipped on time; under 40 reviews at most 4 of 3 stars or lower, 40 or more under 10 %; under 300 orders at most 3 cases refunded, 300 or more under 1 %. Star Seller: 95 %, 95 % with tracking, 4.8',
};
const GUIDE: ProfileSource = {
  url: 'https://redlib.hyperreal.coffee/r/Etsy/s/BlTac9qNEl',
  title: "r/Etsy: Etsy's Customer Service Standards, a guide for sellers",
  checked,
  about:
    'standards since September 2024 over rolling three months; tracking not needed for the 80 % on-time; spam and "from Etsy" messages need no reply; says "10 % or less" for low reviews',
};
const STAR: ProfileSource = {
  url: 'https://help.etsy.com/hc/en-us/articles/4403058372503-How-to-Become-a-Star-Seller',
  title: 'Etsy Help: How to become a Star Seller',
  checked,
  about:
    'reviewed on the 1st of each month over the past three months; eligible 90 days after the first sale with at least 5 orders and $300 in sales',
};
const STAR_MESSAGES: ProfileSource = {
  url: 'https://help.etsy.com/hc/en-us/articles/29665255990039-How-to-Track-Your-Progress-Toward-Becoming-a-Star-Seller',
  title: 'Etsy Help: How to track your progress toward becoming a Star Seller',
  checked,
  about:
    '"initial message" is the first message of a thread; 95 % answered within 24 hours; new messages answered in time ÷ new messages received',
};
const OLD_MINIMUM: ProfileSource = {
  url: 'https://www.thehappywish.com/post/etsy-star-seller-a-new-way-to-reward-etsy-sellers',
  title: 'Etsy Star Seller, a new way to reward Etsy sellers',
  checked,
  about: 'gives a minimum of 10 orders (the launch criteria); Etsy now says 5',
};
const UTC: ProfileSource = {
  url: 'https://community.etsy.com/t5/Technical-Issues/Star-Seller-Tracking-Incorrect-for-Message-Response/td-p/140268617',
  title: 'Etsy Community: Star Seller tracking incorrect for message response',
  checked,
  about:
    "sellers' analysis of Etsy's CSV files: dates are in UTC, a message counts in the month its reply window ends; rates are rounded down",
};
const SHIP_BY_CHANGE: ProfileSource = {
  url: 'https://www.etsy.com/help/article/3234',
  title: 'Etsy Help: Update ship-by date / processing time',
  checked,
  about: 'the ship-by date can be edited once, while the original has not passed, to at most three weeks after the original',
};
const PROCESSING: ProfileSource = {
  url: 'https://help.etsy.com/hc/en-us/articles/115015588087',
  title: 'Etsy Help: How to set processing times and ship-by dates',
  checked,
  about: 'processing times and ship-by dates count business days, not weekends, but may include holidays',
};

const AUTO_REPLY: ProfileSource = {
  url: 'https://wp-ecommerce.org/index-4382.html',
  title: 'EcommerceBytes: Etsy adds tool for analyzing Star Seller response rates',
  checked,
  about:
    'a moderator advised setting up an auto-responder; only initial buyer messages count, follow-ups in the same thread need no reply in 24 h',
};

const THREE_MONTHS = { months: 3 } as const;
const FIVE_ORDERS = { orders: 5, text: 'Etsy shows these stats from 5 sales in three months' };

const rate = (m: Omit<RateMetric, 'kind' | 'window'>): RateMetric => ({ kind: 'rate', window: THREE_MONTHS, ...m });

export const ETSY: MarketplaceProfile = {
  id: 'etsy',
  name: 'Etsy',
  calendar: {
    timeZone: 'UTC',
    sources: [UTC, PROCESSING],
    note: 'UTC rests on sellers’ analysis in the Etsy community, not a help page. Etsy’s processing days skip weekends but not holidays.',
  },
  replies: {
    message: {
      deadline: { mode: 'calendar', minutes: 48 * 60 },
      starts: 'first_message_per_thread',
      noResponseNeededStops: false,
      sources: [STANDARDS, COMPARED, STAR_MESSAGES],
      note: 'The standard is 48 h (the comparison page says "24–48 hours"); Star Seller needs 24 h: a team aiming for it tightens the message deadline to 24 h. Later messages in a thread start no clock.',
    },
    review: { deadline: null, starts: 'case_opened', noResponseNeededStops: false, sources: [COMPARED] },
    return: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [STANDARDS],
      note: 'No return-request deadline found.',
    },
    dispute: {
      deadline: null,
      starts: 'case_opened',
      noResponseNeededStops: false,
      sources: [COMPARED],
      note: 'No case reply deadline found; refunded cases count against the case rate.',
    },
    chargeback: { deadline: null, starts: 'case_opened', noResponseNeededStops: false, sources: [COMPARED] },
  },
  caseDeadlines: [],
  shipBy: {
    counts: 'The end of the longest processing time in business days (weekends skipped, holidays counted).',
    change: { times: 1, maxLaterDays: 21, onlyBeforeItPasses: true },
    sources: [PROCESSING, SHIP_BY_CHANGE],
  },
  metrics: [
    rate({
      id: 'etsy_message_response_rate',
      name: 'Message response rate',
      subject: 'answered_in_time',
      numerator: 'first messages of a thread answered within 48 hours',
      denominator: 'first messages of a thread received',
      bound: 'min',
      thresholdBp: 8000,
      inclusive: true,
      minimum: FIVE_ORDERS,
      standing: 'requirement',
      sources: [STANDARDS, COMPARED],
    }),
    rate({
      id: 'etsy_on_time_shipping',
      name: 'On-time shipping',
      subject: 'shipped_on_time',
      numerator: 'orders marked shipped by their ship-by date (tracking not needed)',
      denominator: 'orders due to ship',
      bound: 'min',
      thresholdBp: 8000,
      inclusive: true,
      minimum: FIVE_ORDERS,
      standing: 'requirement',
      sources: [COMPARED, GUIDE],
    }),
    rate({
      id: 'etsy_low_reviews',
      name: 'Reviews of 3 stars or lower',
      subject: 'low_reviews',
      numerator: 'reviews of 3 stars or lower',
      denominator: 'reviews received',
      bound: 'max',
      thresholdBp: 1000,
      inclusive: false,
      allowance: { count: 4, whileDenominatorBelow: 40, text: 'under 40 reviews, up to 4 low reviews are allowed' },
      minimum: FIVE_ORDERS,
      standing: 'requirement',
      sources: [COMPARED, GUIDE],
      note: 'Etsy says "<10 %"; the community guide says "10 % or less". SellerDesk keeps the stricter.',
    }),
    rate({
      id: 'etsy_case_rate',
      name: 'Case rate',
      subject: 'refunded_cases',
      numerator: 'orders with a case refunded from the Payment account',
      denominator: 'orders completed',
      bound: 'max',
      thresholdBp: 100,
      inclusive: false,
      allowance: { count: 3, whileDenominatorBelow: 300, text: 'under 300 orders, up to 3 refunded cases are allowed' },
      minimum: FIVE_ORDERS,
      standing: 'requirement',
      sources: [COMPARED],
      note: 'The window is assumed to be the same rolling three months.',
    }),
    rate({
      id: 'etsy_star_seller_messages',
      name: 'Star Seller: message response rate',
      subject: 'answered_in_time',
      numerator: 'first messages of a thread answered within 24 hours',
      denominator: 'first messages of a thread received',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: true,
      minimum: { orders: 5, salesCents: 30_000, text: 'Star Seller needs 5 orders and $300 in three months, 90 days after the first sale' },
      standing: 'program',
      program: 'Star Seller',
      sources: [STAR, STAR_MESSAGES, OLD_MINIMUM, UTC],
      note: 'Rates are rounded down: 94.7 % does not reach 95 %. Messages count in the UTC month their reply window ends.',
    }),
    rate({
      id: 'etsy_star_seller_shipping',
      name: 'Star Seller: on-time shipping with tracking',
      subject: 'shipped_on_time_with_tracking',
      numerator: 'orders shipped on time with valid tracking or an Etsy label',
      denominator: 'orders due to ship',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: true,
      minimum: { orders: 5, salesCents: 30_000, text: 'Star Seller needs 5 orders and $300 in three months' },
      standing: 'program',
      program: 'Star Seller',
      sources: [STAR, COMPARED],
    }),
    {
      kind: 'average',
      id: 'etsy_star_seller_rating',
      name: 'Star Seller: average review rating',
      subject: 'review_stars',
      numerator: 'stars given',
      denominator: 'reviews received',
      atLeastTenths: 48,
      scaleMax: 5,
      window: THREE_MONTHS,
      minimum: { orders: 5, salesCents: 30_000, text: 'Star Seller needs 5 orders and $300 in three months' },
      standing: 'program',
      program: 'Star Seller',
      sources: [STAR, COMPARED],
    },
  ],
  automaticReplies: {
    text: 'Not stated by Etsy. A moderator once advised auto-replies for Star Seller, which suggests they count there; SellerDesk never counts its own acknowledgement.',
    sources: [AUTO_REPLY],
  },
};
