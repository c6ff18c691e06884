/**
 * What the desk needs from a Shopify app, as data: the webhook topics it understands and the
 * access scopes its calls and topics need. docs/shopify.md and `sellerdesk shopify subscribe`
 * are built from these tables.
 *
 * Sources (checked 2026-12, API version 2026-01):
 * - topics and sample payloads: https://shopify.dev/docs/api/webhooks/2026-07 (samples) and
 *   https://shopify.dev/docs/api/admin-graphql/2026-01/enums/WebhookSubscriptionTopic
 * - "shop-specific subscriptions by the GraphQL Admin API to all non-compliance topics"; the
 *   mandatory compliance topics are set in the Partner/Dev Dashboard or the app configuration
 *   file: https://shopify.dev/docs/api/webhooks and https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
 * - scopes: the "Requires … access scope" line of each object and mutation in the 2026-01 reference.
 */

export interface DeskTopic {
  /** As in X-Shopify-Topic. */
  topic: string;
  /** The WebhookSubscriptionTopic enum value; absent for compliance topics (not subscribable by API). */
  graphqlTopic?: string;
  compliance: boolean;
  scopes: string[];
  /** What the desk does with it. */
  purpose: string;
}

const t = (topic: string, scopes: string[], purpose: string): DeskTopic => ({
  topic,
  graphqlTopic: topic.toUpperCase().replace(/\//g, '_'),
  compliance: false,
  scopes,
  purpose,
});
const compliance = (topic: string, purpose: string): DeskTopic => ({ topic, compliance: true, scopes: [], purpose });

export const DESK_TOPICS: readonly DeskTopic[] = [
  t(
    'orders/create',
    ['read_orders'],
    'stores the order (buyer, line items with ids, amounts in the buyer’s currency) and its ship-by clock',
  ),
  t('orders/paid', ['read_orders'], 'as orders/create; the paid time starts the ship-by clock'),
  t('orders/updated', ['read_orders'], 'keeps the stored order current (items, totals, fulfilments, refunds)'),
  t('orders/cancelled', ['read_orders'], 'marks the order cancelled at the payload’s cancelled_at'),
  t('fulfillments/create', ['read_orders'], 'a successful fulfilment marks the order shipped with every tracking number and URL'),
  t('fulfillments/update', ['read_orders'], 'as fulfillments/create; a cancelled fulfilment is reported so the order is no longer shipped'),
  t('fulfillment_events/create', ['read_orders'], 'in transit and delivered (sets delivered_at); a delivery failure opens a case'),
  t('refunds/create', ['read_orders'], 'counts refunds made in Shopify once, with their line items and restock'),
  t('returns/request', ['read_returns'], 'opens a return case, also on orders the desk never saw (the order is fetched)'),
  t('returns/approve', ['read_returns'], 'moves the return case on: approved'),
  t('returns/decline', ['read_returns'], 'resolves the return case as declined, with Shopify’s reason and note'),
  t('returns/close', ['read_returns'], 'resolves the return case'),
  t('returns/reopen', ['read_returns'], 'reopens the return case'),
  t('disputes/create', ['read_shopify_payments_disputes'], 'opens a chargeback or inquiry case; evidence_due_by becomes its deadline'),
  t(
    'disputes/update',
    ['read_shopify_payments_disputes'],
    'won/lost/accepted resolve the case with the outcome; needs_response reopens it',
  ),
  t('app/uninstalled', [], 'stops Admin API calls for the shop and says so on its cards'),
  compliance('customers/data_request', 'writes the customer’s data as a JSON file in DATA_DIR and notifies the escalations route'),
  compliance('customers/redact', 'removes or masks the customer’s name, email, address and messages in every table'),
  compliance('shop/redact', 'removes the shop’s data (sent 48 hours after the app is uninstalled)'),
];

export interface DeskScope {
  scope: string;
  why: string;
  optional?: boolean;
}

export const DESK_SCOPES: readonly DeskScope[] = [
  { scope: 'read_orders', why: 'order(id:) for orders the desk never stored; orders, fulfilments, fulfilment events and refunds topics' },
  { scope: 'write_orders', why: 'refundCreate (refunds with line items and restock)' },
  {
    scope: 'read_all_orders',
    why: 'orders older than 60 days: without it order(id:) sees only the last 60 days (needs Shopify’s approval for public apps)',
    optional: true,
  },
  { scope: 'read_draft_orders', why: 'finds a replacement an earlier attempt created (retries stay idempotent)' },
  { scope: 'write_draft_orders', why: 'draftOrderCreate + draftOrderComplete for replacements (Reship)' },
  { scope: 'read_returns', why: 'returns topics and return details' },
  { scope: 'read_customers', why: 'the buyer’s name and email on fetched orders (protected customer data, level 2 for name and email)' },
  { scope: 'read_shopify_payments_disputes', why: 'disputes topics and dispute(id:)' },
  { scope: 'read_shopify_payments_dispute_evidences', why: 'reads the dispute evidence to update' },
  {
    scope: 'write_shopify_payments_dispute_evidences',
    why: 'disputeEvidenceUpdate (send the evidence pack); the staff member must also have manage_orders_information',
  },
];

/** The topics `sellerdesk shopify subscribe` can create through webhookSubscriptionCreate. */
export const SUBSCRIBABLE_TOPICS = DESK_TOPICS.filter((x): x is DeskTopic & { graphqlTopic: string } => !x.compliance);
export const COMPLIANCE_TOPICS = DESK_TOPICS.filter((x) => x.compliance).map((x) => x.topic);
