import { z } from 'zod';
import type { Money, ShopifyEventOf, ShopifyFulfillment, ShopifyOrder } from './events.js';
import { toCents } from './graphql.js';

/**
 * Webhook payloads about orders (REST-style JSON as in Shopify's webhook reference) onto the
 * desk's order shapes. Only the parts read are validated; the rest of a payload is ignored.
 * Amounts come from the `*_set.presentment_money` of each field (the buyer's currency), falling
 * back to the plain field with the order's `presentment_currency` only when a set is missing.
 */

export const sid = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);
export const str = z.string().nullish();
const decimal = z.union([z.string(), z.number()]).transform(Number).refine(Number.isFinite, 'a decimal amount');
const moneyPart = z.object({ amount: decimal, currency_code: z.string().nullish() }).nullish();
export const moneySet = z.object({ shop_money: moneyPart, presentment_money: moneyPart }).nullish();

export const iso = (s: string | null | undefined): string | undefined => {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};
const isCurrency = (c: string | null | undefined): c is string => !!c && /^[A-Z]{3}$/.test(c);
export const def = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });
export const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

type SetPart = z.infer<typeof moneyPart>;
export function moneyOf(part: SetPart, fallback?: { amount?: number | null; currency?: string | null }): Money | undefined {
  if (part && isCurrency(part.currency_code)) return { cents: toCents(part.amount), currency: part.currency_code };
  if (fallback?.amount != null && isCurrency(fallback.currency)) return { cents: toCents(fallback.amount), currency: fallback.currency };
  return undefined;
}

export const fulfillmentPayload = z.object({
  id: sid,
  order_id: sid.nullish(),
  status: str,
  created_at: str,
  updated_at: str,
  tracking_company: str,
  tracking_number: str,
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_url: str,
  tracking_urls: z.array(z.string()).nullish(),
  shipment_status: str,
  line_items: z.array(z.object({ id: sid, quantity: z.number().int().nonnegative() })).nullish(),
});

const refundPayload = z.object({
  id: sid,
  admin_graphql_api_id: str,
  order_id: sid,
  note: str,
  created_at: str,
  restock: z.boolean().nullish(),
  transactions: z.array(z.object({ kind: str, status: str, amount: decimal.nullish(), currency: str })).default([]),
  refund_line_items: z
    .array(
      z.object({
        line_item_id: sid,
        quantity: z.number().int().nonnegative(),
        restock_type: str,
        subtotal: decimal.nullish(),
        total_tax: decimal.nullish(),
        subtotal_set: moneySet,
        total_tax_set: moneySet,
      }),
    )
    .default([]),
});

export const orderPayload = z.object({
  id: sid,
  name: str,
  email: str,
  contact_email: str,
  created_at: str,
  processed_at: str,
  updated_at: str,
  cancelled_at: str,
  cancel_reason: str,
  currency: str,
  presentment_currency: str,
  financial_status: str,
  fulfillment_status: str,
  total_price: decimal.nullish(),
  total_price_set: moneySet,
  customer: z.object({ id: sid.nullish(), first_name: str, last_name: str, email: str }).nullish(),
  billing_address: z.object({ name: str }).nullish(),
  shipping_address: z.object({ name: str }).nullish(),
  line_items: z
    .array(
      z.object({
        id: sid,
        title: str,
        name: str,
        sku: str,
        variant_id: sid.nullish(),
        quantity: z.number().int().nonnegative(),
        price: decimal.nullish(),
        price_set: moneySet,
      }),
    )
    .default([]),
  fulfillments: z.array(fulfillmentPayload).nullish(),
  refunds: z.array(refundPayload).nullish(),
});
export type OrderPayload = z.infer<typeof orderPayload>;

const emailLike = (s: string | null | undefined): s is string => !!s && z.email().safeParse(s).success;
const FULFILLMENT_STATUSES = new Set(['success', 'pending', 'open', 'cancelled', 'error', 'failure']);

export function fulfillmentFrom(f: z.infer<typeof fulfillmentPayload>, orderId: string): ShopifyFulfillment {
  const numbers = f.tracking_numbers?.length ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
  const urls = f.tracking_urls?.length ? f.tracking_urls : f.tracking_url ? [f.tracking_url] : [];
  const status = (f.status ?? '').toLowerCase();
  return {
    fulfillmentId: f.id,
    orderId,
    status: (FULFILLMENT_STATUSES.has(status) ? status : 'pending') as ShopifyFulfillment['status'],
    ...def('createdAt', iso(f.created_at)),
    ...def('updatedAt', iso(f.updated_at)),
    ...def('carrier', f.tracking_company ? clip(f.tracking_company, 100) : undefined),
    trackingNumbers: numbers.filter(Boolean).map((n) => clip(n, 100)),
    trackingUrls: urls.filter(Boolean).map((u) => clip(u, 2000)),
    ...def('shipmentStatus', f.shipment_status ? f.shipment_status.toLowerCase() : undefined),
    // Shopify sets shipment_status "delivered" when the carrier says so; updated_at is then when it learnt it.
    ...def('deliveredAt', f.shipment_status === 'delivered' ? iso(f.updated_at) : undefined),
    lineItems: (f.line_items ?? []).map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
  };
}

export function refundFrom(r: z.infer<typeof refundPayload>, presentment?: string | null): ShopifyEventOf<'refund.created'> {
  const refunds = r.transactions.filter((t) => t.kind === 'refund' && (t.status ?? 'success') === 'success');
  const lineCents = r.refund_line_items.reduce(
    (s, l) =>
      s +
      (moneyOf(l.subtotal_set?.presentment_money)?.cents ?? toCents(l.subtotal ?? 0)) +
      (moneyOf(l.total_tax_set?.presentment_money)?.cents ?? toCents(l.total_tax ?? 0)),
    0,
  );
  const cents = refunds.length ? refunds.reduce((s, t) => s + toCents(t.amount ?? 0), 0) : lineCents;
  // Refund transactions are in the payment (presentment) currency; the payload names it per transaction or per line.
  const currency =
    refunds.map((t) => t.currency).find(isCurrency) ??
    r.refund_line_items.map((l) => l.subtotal_set?.presentment_money?.currency_code).find(isCurrency) ??
    (isCurrency(presentment) ? presentment : undefined);
  return {
    type: 'refund.created',
    refundId: r.id,
    refundGid: r.admin_graphql_api_id ?? `gid://shopify/Refund/${r.id}`,
    orderId: r.order_id,
    ...(currency ? { amount: { cents, currency } } : {}),
    amountCents: cents,
    ...def('note', r.note ? clip(r.note, 5000) : undefined),
    restock: r.restock ?? r.refund_line_items.some((l) => l.restock_type && l.restock_type !== 'no_restock'),
    lineItems: r.refund_line_items.map((l) => ({
      lineItemId: l.line_item_id,
      quantity: l.quantity,
      ...def('restockType', l.restock_type as 'no_restock' | 'cancel' | 'return' | 'legacy_restock' | undefined),
    })),
    ...def('createdAt', iso(r.created_at)),
  };
}

export function orderFrom(o: OrderPayload): ShopifyOrder {
  const c = o.customer;
  const email = [c?.email, o.email, o.contact_email].find(emailLike);
  const name =
    [c?.first_name, c?.last_name].filter(Boolean).join(' ').trim() ||
    o.billing_address?.name ||
    o.shipping_address?.name ||
    o.email ||
    'Shopify buyer';
  const presentment = isCurrency(o.presentment_currency) ? o.presentment_currency : isCurrency(o.currency) ? o.currency : undefined;
  const refunds = (o.refunds ?? []).map((r) => refundFrom(r, presentment));
  const refundedCents = refunds.reduce((s, r) => s + r.amountCents, 0);
  return {
    orderId: o.id,
    ...def('name', o.name ? clip(o.name, 100) : undefined),
    buyer: { name: clip(name, 200), ...(c?.id ? { id: c.id } : {}), ...def('email', email) },
    lineItems: o.line_items.slice(0, 250).map((l) => ({
      lineItemId: l.id,
      title: clip(l.title || l.name || 'Item', 300),
      ...def('sku', l.sku ? clip(l.sku, 100) : undefined),
      ...def('variantId', l.variant_id ?? undefined),
      quantity: l.quantity,
      ...def('unitPrice', moneyOf(l.price_set?.presentment_money, { amount: l.price, currency: presentment })),
    })),
    ...def('total', moneyOf(o.total_price_set?.presentment_money, { amount: o.total_price, currency: presentment })),
    ...def('shopTotal', moneyOf(o.total_price_set?.shop_money, { amount: o.total_price, currency: o.currency })),
    ...def('presentmentCurrency', presentment),
    ...def('shopCurrency', isCurrency(o.currency) ? o.currency : undefined),
    ...def('createdAt', iso(o.created_at)),
    ...def('updatedAt', iso(o.updated_at)),
    ...def('paidAt', iso(o.processed_at) ?? iso(o.created_at)),
    ...def('cancelledAt', iso(o.cancelled_at)),
    ...def('cancelReason', o.cancel_reason ? clip(o.cancel_reason, 100) : undefined),
    ...def('financialStatus', o.financial_status ?? undefined),
    ...def('fulfillmentStatus', o.fulfillment_status ?? undefined),
    fulfillments: (o.fulfillments ?? []).slice(0, 250).map((f) => fulfillmentFrom(f, o.id)),
    refunds: refunds.map((r) => ({
      refundId: r.refundId,
      ...def('createdAt', r.createdAt),
      ...def('note', r.note),
      ...def('amount', r.amount),
      lineItems: r.lineItems,
    })),
    ...(refunds.length && presentment ? { refunded: { cents: refundedCents, currency: presentment } } : {}),
  };
}

export const fulfillmentEventPayload = z.object({
  id: sid,
  fulfillment_id: sid,
  order_id: sid,
  status: z.string().min(1),
  message: str,
  happened_at: str,
  created_at: str,
  estimated_delivery_at: str,
});

const IN_TRANSIT = new Set(['in_transit', 'out_for_delivery', 'attempted_delivery', 'carrier_picked_up']);
/** picked_up is "successfully picked up" by the buyer (local pickup): as good as delivered. */
const DELIVERED = new Set(['delivered', 'picked_up']);

export function fulfillmentEventFrom(e: z.infer<typeof fulfillmentEventPayload>): ShopifyEventOf<'fulfillment.event'> | string {
  const status = e.status.toLowerCase();
  const happenedAt = iso(e.happened_at) ?? iso(e.created_at);
  if (!happenedAt) return 'happened_at: missing or not a date';
  const kind = DELIVERED.has(status) ? 'delivered' : status === 'failure' ? 'failure' : IN_TRANSIT.has(status) ? 'in_transit' : 'other';
  return {
    type: 'fulfillment.event',
    eventId: e.id,
    orderId: e.order_id,
    fulfillmentId: e.fulfillment_id,
    status: clip(status, 50),
    kind,
    happenedAt,
    ...(kind === 'delivered' ? { deliveredAt: happenedAt } : {}),
    ...def('estimatedDeliveryAt', iso(e.estimated_delivery_at)),
    ...def('message', e.message ? clip(e.message, 2000) : undefined),
  };
}

export { refundPayload };
