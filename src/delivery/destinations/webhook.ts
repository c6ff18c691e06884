import type { Db } from '../../db/client.js';
import { getOutbox } from '../../db/repos/outbox.js';
import { signedJsonHeaders } from '../../signature.js';
import { systemClock, type Clock, type PostRequest, type UpdateRequest } from '../../ports.js';
import type { CardView } from '../../ui/view.js';
import { isDestinationPayload, type EscalationMeta } from '../../db/repos/outbox.js';
import type { DestinationPort } from './index.js';
import { DeliveryError } from '../../errors.js';

export interface WebhookConfig {
  /** HMAC key for X-SellerDesk-Signature; the receiver checks it like SellerDesk checks intake events. */
  secret: string;
  /** Per request, connect to last byte (ms). */
  timeoutMs?: number;
  clock?: Clock;
}

/** The JSON a receiver gets: the case, why it was escalated, and the evidence view. */
export interface EscalationWebhookBody {
  type: 'sellerdesk.escalation';
  /** The outbox row: the same on every retry of this delivery, so receivers can dedupe. */
  deliveryId: number;
  caseId: number | null;
  shopId: string | null;
  reason: string | null;
  why: string | null;
  note: string | null;
  escalatedAt: string | null;
  orderExternalId: string | null;
  buyer: EscalationMeta['buyer'] | null;
  view: CardView;
}

export function webhookBody(
  deliveryId: number,
  view: CardView,
  meta: EscalationMeta | undefined,
  caseId: number | null = null,
): EscalationWebhookBody {
  return {
    type: 'sellerdesk.escalation',
    deliveryId,
    caseId: meta?.caseId ?? caseId,
    shopId: meta?.shopId ?? null,
    reason: meta?.reason ?? null,
    why: meta?.why ?? null,
    note: meta?.note ?? null,
    escalatedAt: meta?.escalatedAt ?? null,
    orderExternalId: meta?.orderExternalId ?? null,
    buyer: meta?.buyer ?? null,
    view,
  };
}

/**
 * Sends outbox rows of platform 'webhook': POSTs the evidence as signed JSON to the URL in
 * the row's channel. 2xx is delivered; 429 waits for Retry-After; 408, 5xx, timeouts and
 * network errors are retried; other 4xx are dead-lettered (the receiver refuses it).
 */
export class WebhookPort implements DestinationPort {
  readonly platform = 'webhook' as const;
  private readonly clock: Clock;

  constructor(
    private readonly db: Db,
    private readonly config: WebhookConfig,
  ) {
    this.clock = config.clock ?? systemClock;
  }

  async post(req: PostRequest): Promise<{ ref: string }> {
    const row = await getOutbox(this.db, req.outboxId);
    const meta = row && isDestinationPayload(row.payload) ? row.payload.escalation : undefined;
    const body = JSON.stringify(webhookBody(req.outboxId, req.view, meta, row?.caseId ?? null));
    let res: Response;
    try {
      res = await fetch(req.channel, {
        method: 'POST',
        headers: {
          ...signedJsonHeaders(this.config.secret, body, this.clock.now()),
          'user-agent': 'SellerDesk-Escalation/1',
          'x-sellerdesk-delivery': String(req.outboxId),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const e = err as Error;
      const timedOut = e?.name === 'TimeoutError' || e?.name === 'AbortError';
      throw new DeliveryError(
        `webhook: ${timedOut ? `no answer within ${this.config.timeoutMs ?? 10_000} ms` : (e?.message ?? String(err))}`,
        'transient',
      );
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return { ref: res.headers.get('x-request-id') ?? `${res.status}:${req.outboxId}` };
    const what = `webhook: ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      throw new DeliveryError(what, 'rate_limited', Number.isFinite(after) && after > 0 ? after * 1000 : 5000);
    }
    if (res.status === 408 || res.status >= 500) throw new DeliveryError(what, 'transient');
    throw new DeliveryError(what, 'permanent');
  }

  async update(_req: UpdateRequest): Promise<void> {
    throw new DeliveryError('webhook: a sent delivery cannot be edited', 'permanent');
  }

  async findPosted(): Promise<string | null> {
    return null;
  }
}
