import { parseEvent, type IntakeEvent } from '../../domain/events.js';
import type { ShopifyEvent, ShopifyFulfillment } from './events.js';
import { NORMALISED_TOPICS, normaliseShopifyWebhook } from './normalise.js';

export { parseShopifyJson } from './json.js';

/**
 * Shopify webhooks onto SellerDesk's intake events, for what today's workflows already handle:
 * orders (paid, updated, fulfilled, cancelled at the payload's cancelled_at), successful
 * fulfilments, deliveries (fulfillment_events/create delivered), refunds, return requests and
 * new disputes. Every other normalised event (returns lifecycle, disputes/update, in-transit and
 * failed deliveries, app/uninstalled, compliance topics) is parsed and checked, then answered
 * `ignored` here until the workflows take it (see `normaliseShopifyWebhook` for the typed event).
 */

export const SHOPIFY_TOPICS = NORMALISED_TOPICS;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];
export const isHandledTopic = (t: string): t is ShopifyTopic => (SHOPIFY_TOPICS as readonly string[]).includes(t);

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
  const raw = topic.startsWith('orders/') ? p.id : ((p.order as Record<string, unknown> | null | undefined)?.id ?? p.order_id);
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
}

const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);
const words = (s: string): string => s.replace(/_/g, ' ');
const amount = (m: { cents: number; currency: string } | undefined) => (m ? { amount: m.cents / 100, currency: m.currency } : undefined);

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
  const { topic, shopId, eventId } = input;
  const n = normaliseShopifyWebhook(topic, input.payload);
  if (n.kind !== 'event') return n;
  const event = (id: string, type: string, data: Record<string, unknown>, occurredAt = input.occurredAt): IntakeEvent | string => {
    const parsed = parseEvent({ id, type, occurredAt, shopId, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> });
    return parsed.ok ? parsed.event : `${topic}: ${parsed.error}`;
  };
  const result = (...events: Array<IntakeEvent | string>): ShopifyMapResult => {
    const bad = events.find((e): e is string => typeof e === 'string');
    return bad ? { kind: 'invalid', error: bad } : { kind: 'events', events: events as IntakeEvent[] };
  };
  const shipped = (orderId: string, f: ShopifyFulfillment | undefined, fallbackAt: string | undefined): ShopifyMapResult => {
    const events = [
      event(eventId, 'order.shipped', {
        orderId,
        shippedAt: f?.createdAt ?? fallbackAt,
        ...(f?.carrier ? { carrier: clip(f.carrier, 50) } : {}),
        ...(f?.trackingNumbers[0] ? { tracking: f.trackingNumbers[0] } : {}),
      }),
    ];
    if (f?.shipmentStatus === 'delivered')
      events.push(event(`${eventId}:delivered`, 'order.delivered', { orderId, deliveredAt: f.deliveredAt }));
    return result(...events);
  };
  const notWired = (e: ShopifyEvent): ShopifyMapResult => ({
    kind: 'ignored',
    reason: `${topic} (${e.type}) is not handled by the workflows yet`,
  });

  const e = n.event;
  switch (e.type) {
    case 'order.upserted': {
      const o = e.order;
      if (e.topic === 'orders/fulfilled') {
        const ok = o.fulfillments.filter((f) => f.status === 'success');
        return shipped(o.orderId, ok.find((f) => f.shipmentStatus === 'delivered') ?? ok.at(-1), o.updatedAt);
      }
      const items = o.lineItems
        .filter((l) => l.quantity > 0)
        .slice(0, 200)
        .map((l) => ({ title: l.title, quantity: l.quantity, ...(l.sku ? { sku: l.sku } : {}) }));
      return result(
        event(eventId, 'order.paid', {
          orderId: o.orderId,
          buyer: o.buyer,
          items,
          ...(o.total ? { total: amount(o.total) } : {}),
          paidAt: o.paidAt,
        }),
      );
    }
    case 'order.cancelled':
      // The intake records the cancellation at the event's time: the payload's cancelled_at, not the delivery's.
      return result(
        event(
          eventId,
          'order.cancelled',
          { orderId: e.orderId, ...(e.reason ? { reason: clip(words(e.reason), 500) } : {}) },
          e.cancelledAt,
        ),
      );
    case 'fulfillment.shipped':
      return shipped(e.fulfillment.orderId, e.fulfillment, e.fulfillment.updatedAt);
    case 'fulfillment.event':
      if (e.kind !== 'delivered') return notWired(e);
      return result(event(eventId, 'order.delivered', { orderId: e.orderId, deliveredAt: e.deliveredAt }));
    case 'refund.created':
      return {
        kind: 'refund',
        refund: {
          orderId: e.orderId,
          refundId: e.refundGid,
          amountCents: e.amountCents,
          ...(e.amount ? { currency: e.amount.currency } : {}),
          ...(e.note ? { note: e.note } : {}),
        },
      };
    case 'return.changed': {
      if (e.action !== 'requested') return notWired(e);
      const reasons = [...new Set(e.lineItems.map((l) => l.reason).filter(Boolean))];
      const items = e.lineItems.flatMap((l) => (l.title ? [{ title: l.title, quantity: l.quantity }] : []));
      return result(
        event(eventId, 'return.requested', {
          buyer: input.knownBuyer ?? { name: 'Shopify buyer' },
          orderId: e.orderId,
          reason: clip(reasons.join('; ') || 'Return requested in Shopify', 2000),
          ...(items.length ? { items: items.slice(0, 200) } : {}),
        }),
      );
    }
    case 'dispute.changed': {
      if (e.topic !== 'disputes/create') return notWired(e);
      if (e.kind === 'chargeback') {
        if (!e.orderId) return { kind: 'ignored', reason: 'chargeback without an order' };
        return result(
          event(eventId, 'chargeback.opened', {
            orderId: e.orderId,
            ...(input.knownBuyer ? { buyer: input.knownBuyer } : {}),
            ...(e.amount ? { amount: amount(e.amount) } : {}),
            ...(e.reason ? { reason: clip(words(e.reason), 2000) } : {}),
          }),
        );
      }
      const shown = e.amount ? ` (${(e.amount.cents / 100).toFixed(2)} ${e.amount.currency})` : '';
      return result(
        event(eventId, 'dispute.opened', {
          buyer: input.knownBuyer ?? { name: 'Shopify buyer' },
          ...(e.orderId ? { orderId: e.orderId } : {}),
          reason: DISPUTE_REASONS[e.reason ?? ''] ?? 'other',
          message: `Shopify ${e.kind}${e.reason ? `: ${words(e.reason)}` : ''}${shown}`,
        }),
      );
    }
    default:
      return notWired(e);
  }
}
