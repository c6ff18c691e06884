/** A Shopify (own) store: no marketplace above the shop, but Shopify Payments disputes carry their own deadline. */
import type { CaseKind } from '../types.js';
import { sellerDeskOwnMetrics } from './member-marketplace.js';
import type { MarketplaceProfile, ProfileSource, ReplyRule } from './types.js';
import { PROFILES_CHECKED as checked } from './types.js';

const DISPUTE_OBJECT: ProfileSource = {
  url: 'https://shopify.dev/docs/api/admin-graphql/2025-04/objects/ShopifyPaymentsDispute',
  title: 'Shopify Admin API: ShopifyPaymentsDispute',
  checked,
  about: 'evidenceDueBy: the deadline for evidence submission; type: inquiry or chargeback',
};
const WEBHOOK: ProfileSource = {
  url: 'https://shopify.dev/docs/api/webhooks',
  title: 'Shopify webhooks: disputes/create sample payload',
  checked,
  about:
    'the payload carries evidence_due_by with its offset, e.g. "2021-12-30T19:00:00-05:00" (copied to test/fakes/shopify-samples/disputes-create.json)',
};
const WINDOW: ProfileSource = {
  url: 'https://kahunam.com/articles/shopify/how-to-submit-evidence-for-a-chargeback-on-shopify',
  title: 'Kahunam: How to submit evidence for a chargeback on Shopify',
  checked,
  about: 'typically 7 to 21 days after the chargeback; after the due date no more evidence can be sent',
};
const OWN: ProfileSource = {
  url: 'seeds/small-shop-service-promises.txt',
  title: 'Small shop service promises',
  checked,
  about: 'the shop’s own promises: timely answers, ready-to-wear in 2 business days, custom in 7',
};

const own = (): ReplyRule => ({
  deadline: null,
  starts: 'case_opened',
  noResponseNeededStops: false,
  sources: [OWN],
  note: 'An own store answers to no marketplace: the team’s target and maximum are the clocks.',
});
const evidence = (): ReplyRule => ({
  deadline: { mode: 'from_event', field: 'evidence_due_by' },
  starts: 'case_opened',
  noResponseNeededStops: false,
  sources: [DISPUTE_OBJECT, WEBHOOK, WINDOW],
  note: 'Inquiries and chargebacks alike; the date comes with the disputes/create webhook.',
});

const replies: Record<CaseKind, ReplyRule> = {
  message: { ...own(), starts: 'each_buyer_message' },
  review: own(),
  return: own(),
  dispute: evidence(),
  chargeback: evidence(),
};

export const SHOPIFY: MarketplaceProfile = {
  id: 'shopify',
  name: 'Shopify store',
  calendar: {
    timeZone: null,
    sources: [WEBHOOK],
    note: 'Shopify sends instants with their offset; day boundaries follow the shop’s zone.',
  },
  replies,
  caseDeadlines: [],
  shipBy: { counts: 'The shop’s own handling promise (by default 2 business days, 7 for custom).', change: null, sources: [OWN] },
  metrics: sellerDeskOwnMetrics('shopify', [OWN]),
  automaticReplies: { text: 'No marketplace rule; SellerDesk never counts its own acknowledgement as an answer.', sources: [OWN] },
  note: 'Shopify publishes no seller standing metrics; card-network chargeback programmes were not confirmed and are left out.',
};
