import { z } from 'zod';

/**
 * SellerDesk's normalised view of what Shopify tells it, one shape whether it came from a webhook
 * payload (REST-style JSON) or from the Admin GraphQL API (`order(id:)`). Money is in minor units
 * of the PRESENTMENT currency (what the buyer paid in, `*_set.presentment_money`), with the shop's
 * own currency kept beside it where Shopify gives it. Ids are Shopify's numeric ids as strings
 * (the REST `id`, the tail of the GraphQL gid), exact beyond 2^53.
 */

const id = z.string().regex(/^\d{1,20}$/, 'a numeric Shopify id');
const instant = z.iso.datetime({ offset: true });
const currency = z.string().regex(/^[A-Z]{3}$/, 'a 3-letter currency code');

export const moneySchema = z.object({ cents: z.number().int(), currency });
export type Money = z.infer<typeof moneySchema>;

export const buyerSchema = z.object({
  id: id.optional(),
  name: z.string().min(1).max(200),
  email: z.string().max(320).optional(),
});

export const lineItemSchema = z.object({
  lineItemId: id,
  title: z.string().min(1).max(300),
  sku: z.string().max(100).optional(),
  variantId: id.optional(),
  quantity: z.number().int().nonnegative(),
  /** Price of one unit as the buyer saw it. */
  unitPrice: moneySchema.optional(),
});

export const fulfillmentStatusSchema = z.enum(['success', 'pending', 'open', 'cancelled', 'error', 'failure']);

export const fulfillmentSchema = z.object({
  fulfillmentId: id,
  orderId: id,
  status: fulfillmentStatusSchema,
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
  carrier: z.string().max(100).optional(),
  /** Every tracking number of the fulfillment, in Shopify's order. */
  trackingNumbers: z.array(z.string().max(100)).max(50),
  trackingUrls: z.array(z.string().max(2000)).max(50),
  /** The carrier's latest word (`shipment_status` / `displayStatus`), lower case: in_transit, delivered… */
  shipmentStatus: z.string().max(50).optional(),
  deliveredAt: instant.optional(),
  lineItems: z.array(z.object({ lineItemId: id, quantity: z.number().int().nonnegative() })).max(250),
});
export type ShopifyFulfillment = z.infer<typeof fulfillmentSchema>;

export const refundSummarySchema = z.object({
  refundId: id,
  createdAt: instant.optional(),
  note: z.string().max(5000).optional(),
  amount: moneySchema.optional(),
  lineItems: z
    .array(
      z.object({
        lineItemId: id,
        quantity: z.number().int().nonnegative(),
        restockType: z.enum(['no_restock', 'cancel', 'return', 'legacy_restock']).optional(),
      }),
    )
    .max(250),
});

export const orderSchema = z.object({
  orderId: id,
  /** "#1001". */
  name: z.string().max(100).optional(),
  buyer: buyerSchema,
  lineItems: z.array(lineItemSchema).max(250),
  /** What the buyer was charged, in the presentment currency. */
  total: moneySchema.optional(),
  /** The same total in the shop's currency. */
  shopTotal: moneySchema.optional(),
  presentmentCurrency: currency.optional(),
  shopCurrency: currency.optional(),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
  paidAt: instant.optional(),
  cancelledAt: instant.optional(),
  cancelReason: z.string().max(100).optional(),
  financialStatus: z.string().max(50).optional(),
  fulfillmentStatus: z.string().max(50).optional(),
  fulfillments: z.array(fulfillmentSchema).max(250),
  refunds: z.array(refundSummarySchema).max(250),
  /** Sum of what was refunded so far, presentment currency. */
  refunded: moneySchema.optional(),
});
export type ShopifyOrder = z.infer<typeof orderSchema>;

const returnLineSchema = z.object({
  returnLineItemId: id.optional(),
  lineItemId: id.optional(),
  title: z.string().max(300).optional(),
  quantity: z.number().int().positive(),
  reason: z.string().max(2000).optional(),
});

export const disputeStatusSchema = z.enum(['needs_response', 'under_review', 'charge_refunded', 'accepted', 'won', 'lost', 'prevented']);
export type DisputeStatus = z.infer<typeof disputeStatusSchema>;

/** Each variant names the webhook topic it came from. */
export const shopifyEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('order.upserted'),
    topic: z.enum(['orders/create', 'orders/paid', 'orders/updated', 'orders/fulfilled']),
    order: orderSchema,
  }),
  z.object({
    type: z.literal('order.cancelled'),
    orderId: id,
    cancelledAt: instant,
    reason: z.string().max(100).optional(),
    order: orderSchema,
  }),
  z.object({ type: z.literal('fulfillment.shipped'), fulfillment: fulfillmentSchema }),
  z.object({ type: z.literal('fulfillment.cancelled'), fulfillment: fulfillmentSchema }),
  z.object({
    type: z.literal('fulfillment.event'),
    eventId: id,
    orderId: id,
    fulfillmentId: id,
    /** Shopify's status, lower case (in_transit, out_for_delivery, delivered, failure, attempted_delivery, …). */
    status: z.string().min(1).max(50),
    /** What the desk does with it. */
    kind: z.enum(['in_transit', 'delivered', 'failure', 'other']),
    happenedAt: instant,
    /** Set for kind "delivered": when Shopify says it happened. */
    deliveredAt: instant.optional(),
    estimatedDeliveryAt: instant.optional(),
    message: z.string().max(2000).optional(),
  }),
  z.object({
    type: z.literal('return.changed'),
    topic: z.enum(['returns/request', 'returns/approve', 'returns/decline', 'returns/close', 'returns/reopen']),
    action: z.enum(['requested', 'approved', 'declined', 'closed', 'reopened']),
    returnId: id,
    orderId: id,
    /** Shopify's return status after the change: requested, open, declined, closed, canceled. */
    status: z.string().min(1).max(30),
    name: z.string().max(100).optional(),
    lineItems: z.array(returnLineSchema).max(250),
    decline: z.object({ reason: z.string().max(100).optional(), note: z.string().max(2000).optional() }).optional(),
  }),
  z.object({
    type: z.literal('dispute.changed'),
    topic: z.enum(['disputes/create', 'disputes/update']),
    disputeId: id,
    orderId: id.optional(),
    kind: z.enum(['chargeback', 'inquiry']),
    status: disputeStatusSchema,
    /** What the desk makes of the status: still open to answer, under review, or decided. */
    outcome: z.enum(['open', 'under_review', 'won', 'lost', 'accepted']),
    amount: moneySchema.optional(),
    reason: z.string().max(100).optional(),
    networkReasonCode: z.string().max(20).optional(),
    evidenceDueBy: instant.optional(),
    evidenceSentOn: instant.optional(),
    finalizedOn: instant.optional(),
    initiatedAt: instant.optional(),
  }),
  z.object({
    type: z.literal('refund.created'),
    refundId: id,
    /** The refund's Admin API id, the same one refundCreate returns. */
    refundGid: z.string().min(1).max(200),
    orderId: id,
    amount: moneySchema.optional(),
    /** When the refund's currency is not in the payload: the amount, currency unknown. */
    amountCents: z.number().int().nonnegative(),
    note: z.string().max(5000).optional(),
    restock: z.boolean(),
    lineItems: refundSummarySchema.shape.lineItems,
    createdAt: instant.optional(),
  }),
  z.object({
    type: z.literal('app.uninstalled'),
    shopifyShopId: id,
    shopDomain: z.string().max(255).optional(),
    shopName: z.string().max(255).optional(),
  }),
  z.object({
    type: z.literal('customer.data_request'),
    shopifyShopId: id,
    shopDomain: z.string().max(255),
    customer: z.object({ id: id.optional(), email: z.string().max(320).optional(), phone: z.string().max(50).optional() }),
    orderIds: z.array(id).max(10_000),
    dataRequestId: id.optional(),
  }),
  z.object({
    type: z.literal('customer.redact'),
    shopifyShopId: id,
    shopDomain: z.string().max(255),
    customer: z.object({ id: id.optional(), email: z.string().max(320).optional(), phone: z.string().max(50).optional() }),
    orderIds: z.array(id).max(10_000),
  }),
  z.object({ type: z.literal('shop.redact'), shopifyShopId: id, shopDomain: z.string().max(255) }),
]);
export type ShopifyEvent = z.infer<typeof shopifyEventSchema>;
export type ShopifyEventType = ShopifyEvent['type'];
export type ShopifyEventOf<T extends ShopifyEventType> = Extract<ShopifyEvent, { type: T }>;
