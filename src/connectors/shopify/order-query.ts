import { z } from 'zod';
import type { OrderLookup } from '../connector.js';
import { orderSchema, type ShopifyFulfillment, type ShopifyOrder } from './events.js';
import { gidTail, toCents, toGid, type AdminClient } from './graphql.js';

/**
 * `order(id:)` with the fields the desk uses (Admin GraphQL 2026-01): the buyer, line items with
 * their ids, quantities and presentment prices, every fulfilment with its status and every
 * tracking number and URL, cancellation, and the refunds so far with their line items.
 * Reference: https://shopify.dev/docs/api/admin-graphql/2026-01/objects/Order (only the last 60
 * days of orders are readable without read_all_orders).
 */
export const ORDER_QUERY = `query SellerDeskOrder($id: ID!) {
  order(id: $id) {
    id
    name
    email
    createdAt
    processedAt
    cancelledAt
    cancelReason
    currencyCode
    presentmentCurrencyCode
    displayFinancialStatus
    displayFulfillmentStatus
    customer { id firstName lastName defaultEmailAddress { emailAddress } }
    billingAddress { name }
    shippingAddress { name }
    totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    totalRefundedSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    lineItems(first: 100) {
      nodes {
        id title name sku quantity
        variant { id }
        originalUnitPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      }
    }
    fulfillments(first: 50) {
      id status displayStatus createdAt updatedAt deliveredAt
      trackingInfo(first: 10) { number url company }
      fulfillmentLineItems(first: 100) { nodes { quantity lineItem { id } } }
    }
    refunds(first: 50) {
      id createdAt note
      totalRefundedSet { presentmentMoney { amount currencyCode } }
      refundLineItems(first: 100) { nodes { quantity restockType lineItem { id } } }
    }
  }
}`;

const str = z.string().nullish();
const moneyV2 = z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() });
const bag = z.object({ shopMoney: moneyV2.nullish(), presentmentMoney: moneyV2.nullish() }).nullish();
const nodes = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node) }).nullish();

const gqlOrder = z.object({
  id: z.string(),
  name: str,
  email: str,
  createdAt: str,
  processedAt: str,
  cancelledAt: str,
  cancelReason: str,
  currencyCode: str,
  presentmentCurrencyCode: str,
  displayFinancialStatus: str,
  displayFulfillmentStatus: str,
  customer: z
    .object({ id: z.string(), firstName: str, lastName: str, defaultEmailAddress: z.object({ emailAddress: str }).nullish() })
    .nullish(),
  billingAddress: z.object({ name: str }).nullish(),
  shippingAddress: z.object({ name: str }).nullish(),
  totalPriceSet: bag,
  totalRefundedSet: bag,
  lineItems: nodes(
    z.object({
      id: z.string(),
      title: str,
      name: str,
      sku: str,
      quantity: z.number().int(),
      variant: z.object({ id: z.string() }).nullish(),
      originalUnitPriceSet: bag,
    }),
  ),
  fulfillments: z
    .array(
      z.object({
        id: z.string(),
        status: z.string(),
        displayStatus: str,
        createdAt: str,
        updatedAt: str,
        deliveredAt: str,
        trackingInfo: z.array(z.object({ number: str, url: str, company: str })).nullish(),
        fulfillmentLineItems: nodes(z.object({ quantity: z.number().int(), lineItem: z.object({ id: z.string() }) })),
      }),
    )
    .nullish(),
  refunds: z
    .array(
      z.object({
        id: z.string(),
        createdAt: str,
        note: str,
        totalRefundedSet: bag,
        refundLineItems: nodes(z.object({ quantity: z.number().int(), restockType: str, lineItem: z.object({ id: z.string() }) })),
      }),
    )
    .nullish(),
});
type GqlOrder = z.infer<typeof gqlOrder>;

const iso = (s: string | null | undefined): string | undefined => {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};
const money = (m: z.infer<typeof moneyV2> | null | undefined) =>
  m && /^[A-Z]{3}$/.test(m.currencyCode) ? { cents: toCents(m.amount), currency: m.currencyCode } : undefined;
const lower = (s: string | null | undefined) => (s ? s.toLowerCase() : undefined);
const def = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });

const FULFILLMENT_STATUSES = new Set(['success', 'pending', 'open', 'cancelled', 'error', 'failure']);

function fulfillmentOf(orderId: string, f: NonNullable<GqlOrder['fulfillments']>[number]): ShopifyFulfillment {
  const status = lower(f.status)!;
  const tracking = f.trackingInfo ?? [];
  return {
    fulfillmentId: gidTail(f.id),
    orderId,
    status: (FULFILLMENT_STATUSES.has(status) ? status : 'pending') as ShopifyFulfillment['status'],
    ...def('createdAt', iso(f.createdAt)),
    ...def('updatedAt', iso(f.updatedAt)),
    ...def('carrier', tracking.find((t) => t.company)?.company ?? undefined),
    trackingNumbers: tracking.flatMap((t) => (t.number ? [t.number] : [])),
    trackingUrls: tracking.flatMap((t) => (t.url ? [t.url] : [])),
    ...def('shipmentStatus', lower(f.displayStatus)),
    ...def('deliveredAt', iso(f.deliveredAt)),
    lineItems: (f.fulfillmentLineItems?.nodes ?? []).map((l) => ({ lineItemId: gidTail(l.lineItem.id), quantity: l.quantity })),
  };
}

/** Maps the GraphQL order onto the desk's order shape (validated: a field out of shape is an error, not a guess). */
export function orderFromGraphql(o: GqlOrder): ShopifyOrder {
  const orderId = gidTail(o.id);
  const c = o.customer;
  const email = c?.defaultEmailAddress?.emailAddress ?? o.email ?? undefined;
  const name =
    [c?.firstName, c?.lastName].filter(Boolean).join(' ').trim() ||
    o.billingAddress?.name ||
    o.shippingAddress?.name ||
    email ||
    'Shopify buyer';
  const order: ShopifyOrder = {
    orderId,
    ...def('name', o.name ?? undefined),
    buyer: { name: name.slice(0, 200), ...(c ? { id: gidTail(c.id) } : {}), ...def('email', email) },
    lineItems: (o.lineItems?.nodes ?? []).map((l) => ({
      lineItemId: gidTail(l.id),
      title: (l.title || l.name || 'Item').slice(0, 300),
      ...def('sku', l.sku ? l.sku.slice(0, 100) : undefined),
      ...def('variantId', l.variant ? gidTail(l.variant.id) : undefined),
      quantity: Math.max(0, l.quantity),
      ...def('unitPrice', money(l.originalUnitPriceSet?.presentmentMoney)),
    })),
    ...def('total', money(o.totalPriceSet?.presentmentMoney)),
    ...def('shopTotal', money(o.totalPriceSet?.shopMoney)),
    ...def('presentmentCurrency', o.presentmentCurrencyCode ?? undefined),
    ...def('shopCurrency', o.currencyCode ?? undefined),
    ...def('createdAt', iso(o.createdAt)),
    ...def('paidAt', iso(o.processedAt)),
    ...def('cancelledAt', iso(o.cancelledAt)),
    ...def('cancelReason', lower(o.cancelReason)),
    ...def('financialStatus', lower(o.displayFinancialStatus)),
    ...def('fulfillmentStatus', lower(o.displayFulfillmentStatus)),
    fulfillments: (o.fulfillments ?? []).map((f) => fulfillmentOf(orderId, f)),
    refunds: (o.refunds ?? []).map((r) => ({
      refundId: gidTail(r.id),
      ...def('createdAt', iso(r.createdAt)),
      ...def('note', r.note ?? undefined),
      ...def('amount', money(r.totalRefundedSet?.presentmentMoney)),
      lineItems: (r.refundLineItems?.nodes ?? []).map((l) => ({
        lineItemId: gidTail(l.lineItem.id),
        quantity: l.quantity,
        ...def('restockType', lower(l.restockType) as 'no_restock' | 'cancel' | 'return' | 'legacy_restock' | undefined),
      })),
    })),
    ...def('refunded', money(o.totalRefundedSet?.presentmentMoney)),
  };
  return orderSchema.parse(order);
}

/** Fetches one order by its numeric id or gid. `order: null` when Shopify has no such order (or it is out of reach). */
export async function fetchOrder(admin: AdminClient, orderId: string): Promise<OrderLookup> {
  const id = toGid('Order', orderId);
  if (!id) return { ok: false, retryable: false, code: 'invalid', error: `order ${orderId.slice(0, 40)} is not a Shopify order id` };
  const res = await admin.request<{ order: unknown }>(ORDER_QUERY, { id });
  if (!res.ok) return res;
  if (res.data.order == null) return { ok: true, order: null };
  const parsed = gqlOrder.safeParse(res.data.order);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return {
      ok: false,
      retryable: false,
      code: 'invalid',
      error: `Shopify's order ${orderId} is not in the expected shape: ${i.path.join('.')}: ${i.message}`,
    };
  }
  try {
    return { ok: true, order: orderFromGraphql(parsed.data) };
  } catch (e) {
    return {
      ok: false,
      retryable: false,
      code: 'invalid',
      error: `Shopify's order ${orderId} could not be read: ${(e as Error).message.slice(0, 200)}`,
    };
  }
}
