import { z } from 'zod';
import { parseEvent, type IntakeEvent } from '../../domain/events.js';

export { parseShopifyJson } from './json.js';

/**
 * Pure mapping of Shopify webhook payloads (REST-style JSON, as documented in the webhook
 * payload reference) onto SellerDesk intake events. Only the parts read are validated; the
 * rest of the payload is ignored.
 */

export const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/paid',
  'orders/fulfilled',
  'orders/cancelled',
  'fulfillments/create',
  'fulfillments/update',
  'refunds/create',
  'returns/request',
  'disputes/create',
] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];
export const isHandledTopic = (t: string): t is ShopifyTopic => (SHOPIFY_TOPICS as readonly string[]).includes(t);

const sid = z.union([z.string().min(1), z.number().int()]).transform(String);
const money = z.union([z.string(), z.number()]).transform(Number).refine(Number.isFinite, 'a decimal amount');
const str = z.string().nullish();
const address = z.object({ name: str, first_name: str, last_name: str }).nullish();

const fulfillmentSchema = z.object({
  id: sid.nullish(),
  order_id: sid.nullish(),
  status: str,
  created_at: str,
  updated_at: str,
  tracking_company: str,
  tracking_number: str,
  shipment_status: str,
});

const orderSchema = z.object({
  id: sid,
  email: str,
  contact_email: str,
  created_at: str,
  processed_at: str,
  updated_at: str,
  cancel_reason: str,
  currency: str,
  total_price: money.nullish(),
  customer: z.object({ id: sid.nullish(), first_name: str, last_name: str, email: str }).nullish(),
  billing_address: address,
  shipping_address: address,
  line_items: z.array(z.object({ title: str, name: str, sku: str, quantity: z.number().int().nonnegative() })).default([]),
  fulfillments: z.array(fulfillmentSchema).nullish(),
});

const refundSchema = z.object({
  id: sid,
  admin_graphql_api_id: str,
  order_id: sid,
  note: str,
  created_at: str,
  transactions: z.array(z.object({ kind: str, status: str, amount: money.nullish(), currency: str })).default([]),
  refund_line_items: z.array(z.object({ subtotal: money.nullish(), total_tax: money.nullish() })).default([]),
});

const returnSchema = z.object({
  id: sid,
  order: z.object({ id: sid }).nullish(),
  order_id: sid.nullish(),
  return_line_items: z
    .array(
      z.object({
        quantity: z.number().int().nullish(),
        return_reason: str,
        return_reason_note: str,
        customer_note: str,
        fulfillment_line_item: z.object({ line_item: z.object({ title: str, name: str, sku: str }).nullish() }).nullish(),
      }),
    )
    .default([]),
});

const disputeSchema = z.object({
  id: sid,
  order_id: sid.nullish(),
  type: z.string(),
  amount: money.nullish(),
  currency: str,
  reason: str,
});

export interface ShopifyRefund {
  orderId: string;
  /** The refund's Admin API id (gid://shopify/Refund/…): the same id refundCreate returns. */
  refundId: string;
  amountCents: number;
  currency?: string;
  note?: string;
}

export type ShopifyMapResult =
  | { kind: 'events'; events: IntakeEvent[] }
  | { kind: 'refund'; refund: ShopifyRefund }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; error: string };

export interface ShopifyMapInput {
  topic: string;
  payload: unknown;
  shopId: string;
  /** Dedupe id for the delivery (the intake event id). */
  eventId: string;
  occurredAt: string;
  /** The buyer of the order as already known (returns and inquiries carry no buyer). */
  knownBuyer?: { name: string; id?: string | undefined } | undefined;
}

/** The order a payload is about, as the external order id SellerDesk stores. */
export function shopifyOrderIdOf(topic: string, payload: unknown): string | undefined {
  const p = (payload ?? {}) as Record<string, unknown>;
  const raw = topic.startsWith('orders/')
    ? p.id
    : topic === 'returns/request'
      ? ((p.order as Record<string, unknown> | null)?.id ?? p.order_id)
      : p.order_id;
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
}

const iso = (s: string | null | undefined): string | undefined => {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};
const cents = (n: number): number => Math.round(n * 100);
const isEmail = (s: string | null | undefined): s is string => !!s && z.email().safeParse(s).success;
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);
const words = (s: string): string => s.replace(/_/g, ' ');

function buyerOf(o: z.infer<typeof orderSchema>) {
  const c = o.customer;
  const name =
    [c?.first_name, c?.last_name].filter(Boolean).join(' ').trim() ||
    o.billing_address?.name ||
    o.shipping_address?.name ||
    o.email ||
    'Shopify buyer';
  const email = [c?.email, o.email, o.contact_email].find(isEmail);
  return { name: clip(name, 200), ...(c?.id ? { id: c.id } : {}), ...(email ? { email } : {}) };
}

const DISPUTE_REASONS: Record<string, 'not_received' | 'not_as_described' | 'billing' | 'other'> = {
  product_not_received: 'not_received',
  product_unacceptable: 'not_as_described',
  fraudulent: 'billing',
  unrecognized: 'billing',
  duplicate: 'billing',
  credit_not_processed: 'billing',
  subscription_canceled: 'billing',
  debit_not_authorized: 'billing',
  bank_cannot_process: 'billing',
  insufficient_funds: 'billing',
  incorrect_account_details: 'billing',
};

export function mapShopifyWebhook(input: ShopifyMapInput): ShopifyMapResult {
  const { topic, payload, shopId, eventId, occurredAt } = input;
  if (!isHandledTopic(topic)) return { kind: 'ignored', reason: `topic ${topic} is not used by SellerDesk` };
  const event = (id: string, type: string, data: Record<string, unknown>): IntakeEvent | string => {
    const parsed = parseEvent({ id, type, occurredAt, shopId, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> });
    return parsed.ok ? parsed.event : `${topic}: ${parsed.error}`;
  };
  const result = (...events: Array<IntakeEvent | string>): ShopifyMapResult => {
    const bad = events.find((e): e is string => typeof e === 'string');
    return bad ? { kind: 'invalid', error: bad } : { kind: 'events', events: events as IntakeEvent[] };
  };
  const fail = (e: z.ZodError): ShopifyMapResult => {
    const i = e.issues[0]!;
    return { kind: 'invalid', error: `${topic}: ${i.path.join('.') || 'body'}: ${i.message}` };
  };
  const shipped = (orderId: string, f: z.infer<typeof fulfillmentSchema> | undefined, fallbackAt: string | undefined): ShopifyMapResult => {
    const events = [
      event(eventId, 'order.shipped', {
        orderId,
        shippedAt: iso(f?.created_at) ?? fallbackAt,
        ...(f?.tracking_company ? { carrier: clip(f.tracking_company, 50) } : {}),
        ...(f?.tracking_number ? { tracking: clip(f.tracking_number, 100) } : {}),
      }),
    ];
    if (f?.shipment_status === 'delivered')
      events.push(event(`${eventId}:delivered`, 'order.delivered', { orderId, deliveredAt: iso(f.updated_at) }));
    return result(...events);
  };

  switch (topic) {
    case 'orders/create':
    case 'orders/paid': {
      const p = orderSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      const o = p.data;
      const currency = o.currency && /^[A-Z]{3}$/.test(o.currency) ? o.currency : 'USD';
      const items = o.line_items
        .filter((l) => l.quantity > 0)
        .slice(0, 200)
        .map((l) => ({ title: clip(l.title || l.name || 'Item', 300), quantity: l.quantity, ...(l.sku ? { sku: clip(l.sku, 100) } : {}) }));
      return result(
        event(eventId, 'order.paid', {
          orderId: o.id,
          buyer: buyerOf(o),
          items,
          ...(o.total_price != null ? { total: { amount: o.total_price, currency } } : {}),
          paidAt: iso(o.processed_at) ?? iso(o.created_at),
        }),
      );
    }
    case 'orders/fulfilled': {
      const p = orderSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      const fs = p.data.fulfillments ?? [];
      const f = fs.find((x) => x.shipment_status === 'delivered') ?? fs.at(-1);
      return shipped(p.data.id, f, iso(p.data.updated_at));
    }
    case 'fulfillments/create':
    case 'fulfillments/update': {
      const p = fulfillmentSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      if (!p.data.order_id) return { kind: 'invalid', error: `${topic}: order_id: missing` };
      if (['cancelled', 'failure', 'error'].includes(p.data.status ?? ''))
        return { kind: 'ignored', reason: `fulfillment ${p.data.status}` };
      return shipped(p.data.order_id, p.data, iso(p.data.updated_at));
    }
    case 'orders/cancelled': {
      const p = orderSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      return result(
        event(eventId, 'order.cancelled', {
          orderId: p.data.id,
          ...(p.data.cancel_reason ? { reason: clip(words(p.data.cancel_reason), 500) } : {}),
        }),
      );
    }
    case 'refunds/create': {
      const p = refundSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      const r = p.data;
      const refunds = r.transactions.filter((t) => t.kind === 'refund' && (t.status ?? 'success') === 'success');
      const amount = refunds.length
        ? refunds.reduce((s, t) => s + cents(t.amount ?? 0), 0)
        : r.refund_line_items.reduce((s, l) => s + cents(l.subtotal ?? 0) + cents(l.total_tax ?? 0), 0);
      const currency = refunds.find((t) => t.currency && /^[A-Z]{3}$/.test(t.currency))?.currency ?? undefined;
      return {
        kind: 'refund',
        refund: {
          orderId: r.order_id,
          refundId: r.admin_graphql_api_id ?? `gid://shopify/Refund/${r.id}`,
          amountCents: amount,
          ...(currency ? { currency } : {}),
          ...(r.note ? { note: r.note } : {}),
        },
      };
    }
    case 'returns/request': {
      const p = returnSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      const orderId = p.data.order?.id ?? p.data.order_id;
      if (!orderId) return { kind: 'invalid', error: `${topic}: order.id: missing` };
      const lines = p.data.return_line_items;
      const reasons = [
        ...new Set(
          lines.map((l) => l.customer_note || l.return_reason_note || (l.return_reason ? words(l.return_reason) : '')).filter(Boolean),
        ),
      ];
      const items = lines.flatMap((l) => {
        const li = l.fulfillment_line_item?.line_item;
        const title = li?.title || li?.name;
        return title
          ? [{ title: clip(title, 300), quantity: Math.max(1, l.quantity ?? 1), ...(li?.sku ? { sku: clip(li.sku, 100) } : {}) }]
          : [];
      });
      return result(
        event(eventId, 'return.requested', {
          buyer: input.knownBuyer ?? { name: 'Shopify buyer' },
          orderId,
          reason: clip(reasons.join('; ') || 'Return requested in Shopify', 2000),
          ...(items.length ? { items: items.slice(0, 200) } : {}),
        }),
      );
    }
    case 'disputes/create': {
      const p = disputeSchema.safeParse(payload);
      if (!p.success) return fail(p.error);
      const d = p.data;
      const currency = d.currency && /^[A-Z]{3}$/.test(d.currency) ? d.currency : undefined;
      if (d.type === 'chargeback') {
        if (!d.order_id) return { kind: 'ignored', reason: 'chargeback without an order' };
        return result(
          event(eventId, 'chargeback.opened', {
            orderId: d.order_id,
            ...(input.knownBuyer ? { buyer: input.knownBuyer } : {}),
            ...(d.amount != null && currency ? { amount: { amount: d.amount, currency } } : {}),
            ...(d.reason ? { reason: clip(words(d.reason), 2000) } : {}),
          }),
        );
      }
      return result(
        event(eventId, 'dispute.opened', {
          buyer: input.knownBuyer ?? { name: 'Shopify buyer' },
          ...(d.order_id ? { orderId: d.order_id } : {}),
          reason: DISPUTE_REASONS[d.reason ?? ''] ?? 'other',
          message: `Shopify ${words(d.type)}${d.reason ? `: ${words(d.reason)}` : ''}${d.amount != null ? ` (${d.amount.toFixed(2)} ${currency ?? ''})`.replace(' )', ')') : ''}`,
        }),
      );
    }
  }
}
