import type { Connector, ShopifyConfig, Tracking } from '../connector.js';
import { updateDisputeEvidence } from './disputes.js';
import { createAdminClient, type AdminClient } from './graphql.js';
import { fetchOrder } from './order-query.js';
import { createShopifyRefund, orderGid } from './refunds.js';
import { createShopifyReplacement } from './reship.js';
import { ensureWebhookSubscriptions, listWebhookSubscriptions } from './subscriptions.js';

export { orderGid } from './refunds.js';
export { parseItems } from './reship.js';

export const TRACKING_QUERY = `query SellerDeskTracking($id: ID!) {
  order(id: $id) {
    fulfillments(first: 10) { status displayStatus deliveredAt trackingInfo(first: 1) { number company } }
  }
}`;

/**
 * Everything the desk does with one shop's Admin API, for callers that need more than the
 * Connector port (the subscribe command, the dispute and order-fetch wiring).
 */
export function createShopifyAdmin(config: ShopifyConfig, fetchImpl?: typeof fetch) {
  const admin: AdminClient = createAdminClient(config, fetchImpl);
  return {
    admin,
    fetchOrder: (orderId: string) => fetchOrder(admin, orderId),
    updateDisputeEvidence: (r: Parameters<typeof updateDisputeEvidence>[1]) => updateDisputeEvidence(admin, r),
    listWebhookSubscriptions: () => listWebhookSubscriptions(admin),
    ensureWebhookSubscriptions: (uri: string, topics?: readonly string[]) => ensureWebhookSubscriptions(admin, uri, topics),
  };
}

/**
 * The Shopify connector: refunds through refundCreate (presentment currency, refundLineItems with
 * restock, notify per request, @idempotent plus a key in the note so a retry whose answer was lost
 * finds the refund), replacements as completed draft orders, orders on demand through order(id:),
 * dispute evidence through disputeEvidenceUpdate. userErrors are refusals (not retried); 5xx and
 * timeouts are retryable; THROTTLED carries the wait Shopify implies (`retryAfterMs`).
 */
export function createShopifyConnector(config: ShopifyConfig, fetchImpl?: typeof fetch): Connector {
  const shopify = createShopifyAdmin(config, fetchImpl);
  const { admin } = shopify;
  return {
    type: 'shopify',
    refund: (r) => createShopifyRefund(admin, r),
    reship: (r) => createShopifyReplacement(admin, r),
    async replyToBuyer(r) {
      // The Admin API has no buyer messaging: the reply is kept and someone sends it.
      const to = r.buyer.email ?? r.order?.buyerEmail;
      return {
        ok: true,
        sent: false,
        ref: `shopify:unsent:${r.idempotencyKey}`,
        manual: {
          title: 'Send the reply by hand',
          checklist: [to ? `Email it to ${to} or answer in Shopify Inbox.` : 'Answer in Shopify Inbox.'],
        },
      };
    },
    async fetchTracking({ order }): Promise<Tracking | undefined> {
      const id = orderGid(order);
      if (!id) return undefined;
      type Res = { order: { fulfillments: Array<{ status: string; displayStatus: string | null; deliveredAt: string | null }> } | null };
      const res = await admin.request<Res>(TRACKING_QUERY, { id });
      const last = res.ok ? res.data.order?.fulfillments.at(-1) : undefined;
      if (!last) return undefined;
      return { status: last.displayStatus ?? last.status, ...(last.deliveredAt ? { deliveredAt: new Date(last.deliveredAt) } : {}) };
    },
    fetchOrder: ({ orderId }) => shopify.fetchOrder(orderId),
    updateDisputeEvidence: ({ disputeId, evidence, submit }) => shopify.updateDisputeEvidence({ disputeId, evidence, submit }),
  };
}
