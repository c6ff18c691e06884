import { z } from 'zod';
import { shopifyEventSchema, type DisputeStatus, type ShopifyEvent } from './events.js';
import {
  clip,
  def,
  fulfillmentEventFrom,
  fulfillmentEventPayload,
  fulfillmentFrom,
  fulfillmentPayload,
  iso,
  orderFrom,
  orderPayload,
  refundFrom,
  refundPayload,
  sid,
  str,
} from './normalise-order.js';
import { toCents } from './graphql.js';

/**
 * One webhook delivery → one typed, zod-checked ShopifyEvent (or why not). Pure: no clock, no
 * database. Payload shapes are those of Shopify's webhook reference ("Sample Payload" of each
 * topic, https://shopify.dev/docs/api/webhooks); the fixtures in test/fakes/shopify-samples/ are them.
 */

export const NORMALISED_TOPICS = [
  'orders/create',
  'orders/paid',
  'orders/updated',
  'orders/fulfilled',
  'orders/cancelled',
  'fulfillments/create',
  'fulfillments/update',
  'fulfillment_events/create',
  'refunds/create',
  'returns/request',
  'returns/approve',
  'returns/decline',
  'returns/close',
  'returns/reopen',
  'disputes/create',
  'disputes/update',
  'app/uninstalled',
  'customers/data_request',
  'customers/redact',
  'shop/redact',
] as const;
export type NormalisedTopic = (typeof NORMALISED_TOPICS)[number];
export const isNormalisedTopic = (t: string): t is NormalisedTopic => (NORMALISED_TOPICS as readonly string[]).includes(t);

export type NormaliseResult =
  { kind: 'event'; event: ShopifyEvent } | { kind: 'ignored'; reason: string } | { kind: 'invalid'; error: string };

const returnPayload = z.object({
  id: sid,
  order: z.object({ id: sid }).nullish(),
  order_id: sid.nullish(),
  status: str,
  name: str,
  decline: z.object({ reason: str, note: str }).nullish(),
  return_line_items: z
    .array(
      z.object({
        id: sid.nullish(),
        quantity: z.number().int().nullish(),
        return_reason: str,
        return_reason_note: str,
        customer_note: str,
        fulfillment_line_item: z.object({ line_item: z.object({ id: sid.nullish(), title: str, name: str }).nullish() }).nullish(),
      }),
    )
    .nullish(),
});

const disputePayload = z.object({
  id: sid,
  order_id: sid.nullish(),
  type: z.enum(['chargeback', 'inquiry']),
  amount: z.union([z.string(), z.number()]).nullish(),
  currency: str,
  reason: str,
  network_reason_code: z.union([z.string(), z.number()]).nullish(),
  status: z.string(),
  evidence_due_by: str,
  evidence_sent_on: str,
  finalized_on: str,
  initiated_at: str,
});

const shopPayload = z.object({ id: sid, name: str, domain: str, myshopify_domain: str });
const complianceCustomer = z.object({ id: sid.nullish(), email: str, phone: str }).nullish();
const compliancePayload = z.object({
  shop_id: sid,
  shop_domain: z.string().min(1),
  customer: complianceCustomer,
  orders_requested: z.array(sid).nullish(),
  orders_to_redact: z.array(sid).nullish(),
  data_request: z.object({ id: sid }).nullish(),
});

const RETURN_ACTIONS = {
  'returns/request': 'requested',
  'returns/approve': 'approved',
  'returns/decline': 'declined',
  'returns/close': 'closed',
  'returns/reopen': 'reopened',
} as const;

/**
 * What a dispute status means for the desk. charge_refunded (deprecated) and prevented both end
 * with the buyer's money back without a bank decision against the shop: counted as accepted.
 */
const OUTCOME: Record<DisputeStatus, 'open' | 'under_review' | 'won' | 'lost' | 'accepted'> = {
  needs_response: 'open',
  under_review: 'under_review',
  won: 'won',
  lost: 'lost',
  accepted: 'accepted',
  charge_refunded: 'accepted',
  prevented: 'accepted',
};

const customerOf = (c: z.infer<typeof complianceCustomer>) => ({
  ...def('id', c?.id ?? undefined),
  ...def('email', c?.email ? clip(c.email, 320) : undefined),
  ...def('phone', c?.phone ? clip(c.phone, 50) : undefined),
});

function build(topic: NormalisedTopic, payload: unknown): ShopifyEvent | string | { ignored: string } {
  const parse = <T extends z.ZodType>(schema: T): z.infer<T> | string => {
    const p = schema.safeParse(payload);
    if (p.success) return p.data;
    const i = p.error.issues[0]!;
    return `${i.path.join('.') || 'body'}: ${i.message}`;
  };
  switch (topic) {
    case 'orders/create':
    case 'orders/paid':
    case 'orders/updated':
    case 'orders/fulfilled': {
      const o = parse(orderPayload);
      if (typeof o === 'string') return o;
      return { type: 'order.upserted', topic, order: orderFrom(o) };
    }
    case 'orders/cancelled': {
      const o = parse(orderPayload);
      if (typeof o === 'string') return o;
      const cancelledAt = iso(o.cancelled_at);
      if (!cancelledAt) return 'cancelled_at: missing or not a date';
      return {
        type: 'order.cancelled',
        orderId: o.id,
        cancelledAt,
        ...def('reason', o.cancel_reason ? clip(o.cancel_reason, 100) : undefined),
        order: orderFrom(o),
      };
    }
    case 'fulfillments/create':
    case 'fulfillments/update': {
      const f = parse(fulfillmentPayload);
      if (typeof f === 'string') return f;
      if (!f.order_id) return 'order_id: missing';
      const fulfillment = fulfillmentFrom(f, f.order_id);
      if (fulfillment.status === 'success') return { type: 'fulfillment.shipped', fulfillment };
      if (fulfillment.status === 'cancelled') return { type: 'fulfillment.cancelled', fulfillment };
      return { ignored: `fulfillment ${f.id} is ${f.status ?? 'without a status'}: only a successful fulfilment ships the order` };
    }
    case 'fulfillment_events/create': {
      const e = parse(fulfillmentEventPayload);
      return typeof e === 'string' ? e : fulfillmentEventFrom(e);
    }
    case 'refunds/create': {
      const r = parse(refundPayload);
      return typeof r === 'string' ? r : refundFrom(r);
    }
    case 'returns/request':
    case 'returns/approve':
    case 'returns/decline':
    case 'returns/close':
    case 'returns/reopen': {
      const r = parse(returnPayload);
      if (typeof r === 'string') return r;
      const orderId = r.order?.id ?? r.order_id;
      if (!orderId) return 'order.id: missing';
      return {
        type: 'return.changed',
        topic,
        action: RETURN_ACTIONS[topic],
        returnId: r.id,
        orderId,
        status: clip(r.status || RETURN_ACTIONS[topic], 30),
        ...def('name', r.name ? clip(r.name, 100) : undefined),
        lineItems: (r.return_line_items ?? []).slice(0, 250).map((l) => {
          const li = l.fulfillment_line_item?.line_item;
          const reason = l.customer_note || l.return_reason_note || (l.return_reason ? l.return_reason.replace(/_/g, ' ') : '');
          return {
            ...def('returnLineItemId', l.id ?? undefined),
            ...def('lineItemId', li?.id ?? undefined),
            ...def('title', li?.title || li?.name ? clip((li.title || li.name)!, 300) : undefined),
            quantity: Math.max(1, l.quantity ?? 1),
            ...def('reason', reason ? clip(reason, 2000) : undefined),
          };
        }),
        ...(r.decline
          ? {
              decline: {
                ...def('reason', r.decline.reason ? clip(r.decline.reason, 100) : undefined),
                ...def('note', r.decline.note ? clip(r.decline.note, 2000) : undefined),
              },
            }
          : {}),
      };
    }
    case 'disputes/create':
    case 'disputes/update': {
      const d = parse(disputePayload);
      if (typeof d === 'string') return d;
      const status = d.status.toLowerCase() as DisputeStatus;
      if (!(status in OUTCOME)) return `status: unknown dispute status "${d.status.slice(0, 40)}"`;
      const amount = d.amount != null && Number.isFinite(Number(d.amount)) && d.currency && /^[A-Z]{3}$/.test(d.currency);
      return {
        type: 'dispute.changed',
        topic,
        disputeId: d.id,
        ...def('orderId', d.order_id ?? undefined),
        kind: d.type,
        status,
        outcome: OUTCOME[status],
        ...(amount ? { amount: { cents: toCents(d.amount!), currency: d.currency! } } : {}),
        ...def('reason', d.reason ? clip(d.reason, 100) : undefined),
        ...def('networkReasonCode', d.network_reason_code != null ? clip(String(d.network_reason_code), 20) : undefined),
        ...def('evidenceDueBy', iso(d.evidence_due_by)),
        ...def('evidenceSentOn', iso(d.evidence_sent_on)),
        ...def('finalizedOn', iso(d.finalized_on)),
        ...def('initiatedAt', iso(d.initiated_at)),
      };
    }
    case 'app/uninstalled': {
      const s = parse(shopPayload);
      if (typeof s === 'string') return s;
      return {
        type: 'app.uninstalled',
        shopifyShopId: s.id,
        ...def('shopDomain', (s.myshopify_domain || s.domain) ?? undefined),
        ...def('shopName', s.name ? clip(s.name, 255) : undefined),
      };
    }
    case 'customers/data_request':
    case 'customers/redact':
    case 'shop/redact': {
      const c = parse(compliancePayload);
      if (typeof c === 'string') return c;
      const base = { shopifyShopId: c.shop_id, shopDomain: clip(c.shop_domain, 255) };
      if (topic === 'shop/redact') return { type: 'shop.redact', ...base };
      if (topic === 'customers/redact')
        return { type: 'customer.redact', ...base, customer: customerOf(c.customer), orderIds: c.orders_to_redact ?? [] };
      return {
        type: 'customer.data_request',
        ...base,
        customer: customerOf(c.customer),
        orderIds: c.orders_requested ?? [],
        ...def('dataRequestId', c.data_request?.id),
      };
    }
  }
}

/** Normalises one delivery. Unknown topics are ignored; payloads that do not fit say which field and why. */
export function normaliseShopifyWebhook(topic: string, payload: unknown): NormaliseResult {
  if (!isNormalisedTopic(topic)) return { kind: 'ignored', reason: `topic ${topic} is not used by SellerDesk` };
  const built = build(topic, payload);
  if (typeof built === 'string') return { kind: 'invalid', error: `${topic}: ${built}` };
  if ('ignored' in built) return { kind: 'ignored', reason: built.ignored };
  const checked = shopifyEventSchema.safeParse(built);
  if (!checked.success) {
    const i = checked.error.issues[0]!;
    return { kind: 'invalid', error: `${topic}: ${i.path.join('.') || 'body'}: ${i.message}` };
  }
  return { kind: 'event', event: checked.data };
}
