import { signedJsonHeaders } from '../signature.js';
import type { OrderRow } from '../db/rows.js';
import type { Connector, ConnectorResult, ReplyResult, Tracking, WebhookConfig } from './connector.js';
import { networkFailure } from './http.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** What the webhook connector posts: one decision, signed like intake events (X-SellerDesk-Signature). */
export interface WebhookDecision {
  /** The idempotency key: the receiver must act once per id. */
  id: string;
  action: 'refund' | 'reship' | 'reply' | 'tracking';
  shopId: string;
  order?: { id: string; currency: string; valueCents: number | null; buyerName: string | null; buyerEmail: string | null };
  amountCents?: number;
  currency?: string;
  reason?: string;
  items?: string;
  note?: string;
  buyer?: { id?: string | null | undefined; name: string; email?: string | null | undefined };
  text?: string;
}

const orderPart = (o: OrderRow | undefined): WebhookDecision['order'] =>
  o ? { id: o.externalId, currency: o.currency, valueCents: o.valueCents, buyerName: o.buyerName, buyerEmail: o.buyerEmail } : undefined;

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; error: string; retryable: boolean };

/**
 * Posts each decision as signed JSON to the configured URL and records the answer:
 * 2xx = done (`{ ref?, sent?, status?, deliveredAt? }`), 4xx = refused (not retryable),
 * 5xx, 408, 429, timeouts and network errors = retryable.
 */
export function createWebhookConnector(config: WebhookConfig, clock: () => Date): Connector {
  async function post(decision: WebhookDecision): Promise<Answer> {
    const body = JSON.stringify(decision);
    let res: Response;
    try {
      res = await fetch(config.url, {
        method: 'POST',
        headers: {
          ...signedJsonHeaders(config.secret, body, clock()),
          'user-agent': 'SellerDesk-connector',
          'idempotency-key': decision.id,
        },
        body,
        signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      return networkFailure('The webhook connector endpoint', err);
    }
    const text = await res.text().catch(() => '');
    let json: Record<string, unknown> = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      // a non-JSON answer: the status decides
    }
    if (res.ok) return { ok: true, body: json };
    const said = typeof json.error === 'string' ? json.error.slice(0, 300) : text.slice(0, 200) || res.statusText;
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, error: `The webhook connector endpoint answered HTTP ${res.status}: ${said}`, retryable };
  }

  const done = (a: Answer, key: string): ConnectorResult =>
    a.ok ? { ok: true, ref: typeof a.body.ref === 'string' && a.body.ref ? a.body.ref : `webhook:${key}` } : a;

  return {
    type: 'webhook',
    async refund(r) {
      const a = await post({
        id: r.idempotencyKey,
        action: 'refund',
        shopId: r.shop.id,
        order: orderPart(r.order),
        ...(r.amountCents !== undefined ? { amountCents: r.amountCents } : {}),
        currency: r.currency,
        reason: r.reason,
      });
      return done(a, r.idempotencyKey);
    },
    async reship(r) {
      const a = await post({
        id: r.idempotencyKey,
        action: 'reship',
        shopId: r.shop.id,
        order: orderPart(r.order),
        items: r.items,
        ...(r.note ? { note: r.note } : {}),
      });
      return done(a, r.idempotencyKey);
    },
    async replyToBuyer(r): Promise<ReplyResult> {
      const a = await post({
        id: r.idempotencyKey,
        action: 'reply',
        shopId: r.shop.id,
        order: orderPart(r.order),
        buyer: r.buyer,
        text: r.text,
      });
      if (!a.ok) return a;
      const res = done(a, r.idempotencyKey) as { ok: true; ref: string };
      return { ...res, sent: a.body.sent !== false };
    },
    async fetchTracking({ shop, order }): Promise<Tracking | undefined> {
      const a = await post({ id: `tracking:${shop.id}:${order.externalId}`, action: 'tracking', shopId: shop.id, order: orderPart(order) });
      if (!a.ok || typeof a.body.status !== 'string') return undefined;
      const delivered = typeof a.body.deliveredAt === 'string' ? new Date(a.body.deliveredAt) : undefined;
      return { status: a.body.status, ...(delivered && !Number.isNaN(delivered.getTime()) ? { deliveredAt: delivered } : {}) };
    },
  };
}
