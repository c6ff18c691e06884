import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { getOrder } from '../../db/repos/orders.js';
import { getShop } from '../../db/repos/shops.js';
import type { ShopRow } from '../../db/rows.js';
import { findNul } from '../../domain/events.js';
import { ConnectorConfigError } from '../../errors.js';
import type { EventIntake } from '../../http/event-routes.js';
import type { Metrics } from '../../metrics.js';
import type { Clock, Logger } from '../../ports.js';
import type { IntakeResult } from '../../../workflows/intake/index.js';
import { isHandledTopic, mapShopifyWebhook, parseShopifyJson, shopifyOrderIdOf, type ShopifyRefund } from './map.js';
import { parseConnectorConfig } from '../../domain/connector-config.js';

/** What the webhook routes need: the database to find the shop, and the workflows they hand the events to. */
export interface ShopifyWebhookOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** The intake workflow (workflows/intake receiveEvent, bound to the app's deps). */
  intake: EventIntake;
  /** A refund made in Shopify (workflows/money recordShopifyRefund, bound to the app's deps). */
  recordRefund: (shop: ShopRow, id: string, refund: ShopifyRefund, raw: unknown) => Promise<IntakeResult>;
}

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app's secret; compared in constant time. */
export function verifyShopifyHmac(secret: string, rawBody: Buffer, given: string | undefined): { ok: true } | { ok: false; error: string } {
  if (!given) return { ok: false, error: 'X-Shopify-Hmac-Sha256 header is missing' };
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const got = Buffer.from(given, 'base64');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    return { ok: false, error: 'X-Shopify-Hmac-Sha256 does not match the body' };
  return { ok: true };
}

/**
 * Shopify webhooks in: `POST /webhooks/shopify/:shopId`, one subscription URL per shop (the shop's
 * connector config holds `webhookSecret`, and optionally `shopDomain`, checked against
 * X-Shopify-Shop-Domain). Signature check, then dedupe by X-Shopify-Event-Id (inbox source
 * "shopify", external id "<topic>:<event id>": Shopify shares one event id across the topics one
 * merchant action triggers), then the mapped event goes through intake in one transaction.
 * Answers: 200 done (also duplicates, ignored topics and payloads it cannot use, so Shopify stops
 * retrying those), 401 bad or missing signature, 404 unknown shop, 400 missing headers or bad JSON,
 * 503 database down or shop connector misconfigured (Shopify retries).
 */
export function shopifyWebhooks(deps: ShopifyWebhookOptions): (app: FastifyInstance) => void {
  const log = deps.log.child({ part: 'shopify-webhooks' });
  const { metrics } = deps;
  return (app) => {
    app.post<{ Params: { shopId: string } }>('/webhooks/shopify/:shopId', async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { shopId } = req.params;
      const shop = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(shopId) ? await getShop(deps.db, shopId) : undefined;
      if (!shop) return reply.code(404).send({ error: `no shop "${shopId.slice(0, 64)}"` });
      let config;
      try {
        config = parseConnectorConfig(shop);
      } catch (e) {
        if (!(e instanceof ConnectorConfigError)) throw e;
        log.error({ shopId, code: e.code, field: e.field }, e.message);
        return reply.code(503).header('retry-after', '300').send({ error: e.message });
      }
      if (config.type !== 'shopify' || !config.webhookSecret)
        return reply.code(404).send({ error: `shop "${shopId}" has no Shopify connector with a webhookSecret` });
      const sig = verifyShopifyHmac(config.webhookSecret, raw, header(req.headers['x-shopify-hmac-sha256']));
      if (!sig.ok) {
        metrics.inc('shopify_webhooks_total', { outcome: 'signature' });
        return reply.code(401).send({ error: sig.error });
      }
      const domain = header(req.headers['x-shopify-shop-domain']);
      if (config.shopDomain && domain !== config.shopDomain)
        return reply.code(401).send({ error: `X-Shopify-Shop-Domain is not ${config.shopDomain}` });
      const topic = header(req.headers['x-shopify-topic']);
      const eventId = header(req.headers['x-shopify-event-id']) ?? header(req.headers['x-shopify-webhook-id']);
      if (!topic) return reply.code(400).send({ error: 'X-Shopify-Topic header is missing' });
      if (!eventId) return reply.code(400).send({ error: 'X-Shopify-Event-Id header is missing' });
      if (!isHandledTopic(topic)) {
        metrics.inc('shopify_webhooks_total', { outcome: 'ignored' });
        log.info({ shopId, topic, eventId }, `Shopify topic ${topic} is not used; acknowledged and ignored`);
        return reply.code(200).send({ status: 'ignored', topic });
      }
      let payload: unknown;
      try {
        payload = parseShopifyJson(raw.toString('utf8'));
      } catch (e) {
        return reply.code(400).send({ error: `body: invalid JSON (${(e as Error).message.slice(0, 200)})` });
      }
      const nul = findNul(payload, 'body');
      if (nul) return reply.code(400).send({ error: `${nul}: contains a NUL character (\\u0000), which cannot be stored` });
      const id = `${topic}:${eventId.slice(0, 150)}`;
      const triggered = header(req.headers['x-shopify-triggered-at']);
      const at = triggered && !Number.isNaN(Date.parse(triggered)) ? new Date(triggered) : deps.clock.now();
      const orderId = shopifyOrderIdOf(topic, payload);
      const known =
        orderId && (topic === 'returns/request' || topic === 'disputes/create') ? await getOrder(deps.db, shop.id, orderId) : undefined;
      const knownBuyer = known?.buyerName ? { name: known.buyerName, ...(known.buyerId ? { id: known.buyerId } : {}) } : undefined;
      const mapped = mapShopifyWebhook({ topic, payload, shopId: shop.id, eventId: id, occurredAt: at.toISOString(), knownBuyer });
      if (mapped.kind === 'ignored' || mapped.kind === 'invalid') {
        metrics.inc('shopify_webhooks_total', { outcome: mapped.kind });
        if (mapped.kind === 'invalid')
          log.warn(
            { shopId, topic, eventId, error: mapped.error },
            'Shopify webhook payload not usable; acknowledged so Shopify stops retrying',
          );
        return reply.code(200).send({
          status: mapped.kind === 'ignored' ? 'ignored' : 'rejected',
          topic,
          ...(mapped.kind === 'invalid' ? { error: mapped.error } : { reason: mapped.reason }),
        });
      }
      const results =
        mapped.kind === 'refund'
          ? [await deps.recordRefund(shop, id, mapped.refund, payload)]
          : await receiveAll(deps.intake, mapped.events, payload);
      const duplicate = results.every((r) => r.duplicate);
      metrics.inc('shopify_webhooks_total', { outcome: duplicate ? 'duplicate' : 'accepted' });
      return reply
        .code(200)
        .send({ status: duplicate ? 'duplicate' : 'accepted', id, ...Object.assign({}, ...results.map((r) => r.effect)) });
    });
  };
}

async function receiveAll(intake: EventIntake, events: Parameters<EventIntake>[1][], raw: unknown): Promise<IntakeResult[]> {
  const out: IntakeResult[] = [];
  for (const e of events) out.push(await intake('shopify', e, raw));
  return out;
}
