/**
 * The seeds' Member Marketplace (shared/seeds/marketplace-customer-service-standards.txt) and the
 * team layer of customer-service-best-practices.md. The standards name no hours and no rates: they
 * review "on-time shipping, communication on orders and responsiveness" and watch "surges in order
 * volume, late shipping, or lack of communication". So the marketplace sets no deadline of its own,
 * the team's target and maximum are the clocks, and the rates below are SellerDesk's marks.
 */
import type { CaseKind } from '../types.js';
import type { MarketplaceProfile, ProfileSource, RateMetric, ReplyRule } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const STANDARDS: ProfileSource = {
  url: 'seeds/marketplace-customer-service-standards.txt',
  title: 'Member Marketplace: Our Customer Service Expectations',
  checked,
  about:
    'ship within the shipping window; respond to inquiries promptly; reviews weigh on-time shipping, communication and responsiveness; patterns of surges, late shipping and lack of communication; education first, then removal',
};
const BEST_PRACTICES: ProfileSource = {
  url: 'seeds/customer-service-best-practices.md',
  title: 'Customer Service Best Practices',
  checked,
  about:
    "response goals: messages 2 h / 24 h, reviews 24 h / 48 h, returns 24 h / 48 h, issues 4 h / 24 h (the team's target and maximum); don't use automated responses for everything",
};
const PROMISES: ProfileSource = {
  url: 'seeds/small-shop-service-promises.txt',
  title: 'Small shop service promises',
  checked,
  about: 'ready-to-wear ships within 2 business days of payment, custom orders within 7',
};

const noDeadline = (starts: ReplyRule['starts']): ReplyRule => ({
  deadline: null,
  starts,
  noResponseNeededStops: false,
  sources: [STANDARDS, BEST_PRACTICES],
  note: 'The standards say "promptly" and name no hours; the team maximum from the best-practices table is the clock.',
});

/**
 * SellerDesk's own marks for shops whose marketplace publishes none (the Member Marketplace, an
 * own Shopify store): the early-warning lines the standing check has used since it was written.
 */
export function sellerDeskOwnMetrics(prefix: string, sources: readonly ProfileSource[]): RateMetric[] {
  return [
    {
      kind: 'rate',
      id: `${prefix}_on_time_shipping`,
      name: 'On-time shipping',
      subject: 'shipped_on_time',
      numerator: 'orders shipped by their ship-by date',
      denominator: 'orders due to ship in the last 30 days',
      bound: 'min',
      thresholdBp: 9000,
      inclusive: true,
      window: { days: 30 },
      minimum: { orders: 5, text: 'SellerDesk judges a rate from 5 orders' },
      standing: 'sellerdesk',
      sources,
      note: 'SellerDesk’s mark, not the marketplace’s: the standards name no figure.',
    },
    {
      kind: 'rate',
      id: `${prefix}_responsiveness`,
      name: 'Answered within the maximum',
      subject: 'answered_in_time',
      numerator: 'buyer messages and cases answered within the team maximum',
      denominator: 'buyer messages and cases due in the last 30 days',
      bound: 'min',
      thresholdBp: 9500,
      inclusive: true,
      window: { days: 30 },
      minimum: { orders: 5, text: 'SellerDesk judges a rate from 5 cases' },
      standing: 'sellerdesk',
      sources,
      note: 'SellerDesk’s mark, not the marketplace’s: the standards name no figure.',
    },
  ];
}

const replies: Record<CaseKind, ReplyRule> = {
  message: {
    ...noDeadline('each_buyer_message'),
    note: 'No hours from the marketplace. Every buyer message after a reply is a new inquiry, so it starts a new team clock (SellerDesk’s reading of "responsiveness to inquiries").',
  },
  review: noDeadline('case_opened'),
  return: noDeadline('case_opened'),
  dispute: noDeadline('case_opened'),
  chargeback: noDeadline('case_opened'),
};

export const MEMBER_MARKETPLACE: MarketplaceProfile = {
  id: 'member_marketplace',
  name: 'Member Marketplace',
  calendar: { timeZone: null, sources: [STANDARDS], note: 'The standards name no time zone; the shop’s own is used.' },
  replies,
  caseDeadlines: [],
  shipBy: {
    counts: 'Within the shipping window of the shop’s shipping policies: by default 2 business days for ready-made, 7 for custom orders.',
    change: null,
    sources: [STANDARDS, PROMISES],
  },
  metrics: sellerDeskOwnMetrics('member', [STANDARDS, BEST_PRACTICES]),
  automaticReplies: {
    text: '"Don’t use automated responses for everything": an acknowledgement never answers the buyer.',
    sources: [BEST_PRACTICES],
  },
  note: 'Surges, late-shipping streaks and unanswered messages are the patterns of standing-patterns.ts.',
};
