import { ConnectorConfigError } from '../errors.js';
import { z } from 'zod';
import type { OrderRow, ShopRow } from '../db/rows.js';
import { systemClock, type Clock } from '../ports.js';
import { createManualConnector } from './manual.js';
import { createShopifyConnector } from './shopify/admin.js';
import type { DisputeEvidence } from './shopify/disputes.js';
import type { ShopifyOrder } from './shopify/events.js';
import { createWebhookConnector } from './webhook.js';

/**
 * The Connector port: how a decision taken in the desk (refund, reship, reply) reaches the
 * marketplace. Workflows call it OUTSIDE database transactions and record only what it
 * confirmed. Every call carries an idempotency key: a retry with the same key must not act twice.
 */

/** Steps a person still has to do by hand (the manual connector, or a reply no API can send). */
export interface ManualSteps {
  title: string;
  checklist: string[];
}

export type ConnectorOk = { ok: true; ref: string; manual?: ManualSteps };
/**
 * `retryable`: the same request (same idempotency key) may be sent again. `retryAfterMs`: the wait
 * the marketplace asked for (Shopify's throttle: restore rate; HTTP Retry-After), for a durable retry.
 */
export type ConnectorFailure = { ok: false; error: string; retryable: boolean; retryAfterMs?: number; code?: string };
export type ConnectorResult = ConnectorOk | ConnectorFailure;

export interface RefundRequest {
  shop: ShopRow;
  /** The order refunded; absent when the case names no known order (only the manual connector copes). */
  order?: OrderRow | undefined;
  /** Undefined only for a full refund of an order whose value is unknown (manual connector). */
  amountCents?: number | undefined;
  currency: string;
  reason: string;
  idempotencyKey: string;
  /** The order's line items this refund is for (a return's items); Shopify ties the refund to them. */
  lineItems?: Array<{ lineItemId: string; quantity: number }> | undefined;
  /** What happens to those items' stock: put back (return), cancel unfulfilled ones, or nothing. Default no_restock. */
  restock?: 'return' | 'cancel' | 'no_restock' | undefined;
  /** Where restocked items go (a Shopify location id); Shopify picks when absent. */
  restockLocationId?: string | undefined;
  /** Whether the marketplace emails the buyer about the refund. Default true. */
  notify?: boolean | undefined;
}

export interface ReshipRequest {
  shop: ShopRow;
  order?: OrderRow | undefined;
  /** As typed in the Reship form: "1 x Mug; 2 x Saucer". */
  items: string;
  note?: string | undefined;
  idempotencyKey: string;
}

export interface ReplyRequest {
  shop: ShopRow;
  order?: OrderRow | undefined;
  buyer: { id?: string | null | undefined; name: string; email?: string | null | undefined };
  text: string;
  idempotencyKey: string;
}

export type ReplyResult = (ConnectorOk & { sent: boolean }) | ConnectorFailure;

export interface Tracking {
  status: string;
  deliveredAt?: Date;
}

export type OrderLookup = { ok: true; order: ShopifyOrder | null } | ConnectorFailure;

export interface DisputeEvidenceRequest {
  shop: ShopRow;
  /** The marketplace's dispute id (Shopify: the numeric id or gid of the ShopifyPaymentsDispute). */
  disputeId: string;
  evidence: DisputeEvidence;
  /** Submit to the card network now (final); otherwise saved as a draft Shopify still sends on the due date. */
  submit: boolean;
}
export type DisputeEvidenceResult = (ConnectorOk & { evidenceId: string; submitted: boolean }) | ConnectorFailure;

export interface Connector {
  readonly type: ConnectorConfig['type'];
  refund(r: RefundRequest): Promise<ConnectorResult>;
  reship(r: ReshipRequest): Promise<ConnectorResult>;
  replyToBuyer(r: ReplyRequest): Promise<ReplyResult>;
  fetchTracking(r: { shop: ShopRow; order: OrderRow }): Promise<Tracking | undefined>;
  /** The order as the marketplace has it, for orders SellerDesk never stored (null: no such order). */
  fetchOrder?(r: { shop: ShopRow; orderId: string }): Promise<OrderLookup>;
  /** Sends dispute evidence where the marketplace's API allows it. */
  updateDisputeEvidence?(r: DisputeEvidenceRequest): Promise<DisputeEvidenceResult>;
}

const timeoutMs = z.number().int().min(100).max(60_000).optional();

export const connectorConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }),
  z.object({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, message: 'an http(s) URL that receives the signed decisions' }),
    secret: z.string().min(16, 'at least 16 characters (it signs the decisions)'),
    timeoutMs,
  }),
  z
    .object({
      type: z.literal('shopify'),
      adminApiUrl: z.url({ protocol: /^https?$/, message: 'the shop admin URL, e.g. https://my-shop.myshopify.com' }),
      /** A legacy admin-created custom app's Admin API access token. */
      accessToken: z.string().min(1, 'the Admin API access token (shpat_…)').optional(),
      /** A Dev Dashboard app (all new apps since 2026-01-01): tokens come from the client credentials grant. */
      clientId: z.string().min(1).optional(),
      clientSecret: z.string().min(1).optional(),
      apiVersion: z
        .string()
        .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, 'a Shopify API version such as 2026-01')
        .optional(),
      /** The app's client secret: verifies X-Shopify-Hmac-Sha256 on incoming webhooks. */
      webhookSecret: z.string().min(1).optional(),
      /** When set, X-Shopify-Shop-Domain must match it. */
      shopDomain: z.string().min(1).optional(),
      timeoutMs,
    })
    .refine((c) => c.accessToken || (c.clientId && c.clientSecret), {
      path: ['accessToken'],
      message: 'the Admin API access token (shpat_…), or clientId and clientSecret of a Dev Dashboard app',
    }),
]);
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;
export type ShopifyConfig = Extract<ConnectorConfig, { type: 'shopify' }>;
export type WebhookConfig = Extract<ConnectorConfig, { type: 'webhook' }>;

/** Validates shops.connector; a bad config names the shop and the field. */
export function parseConnectorConfig(shop: Pick<ShopRow, 'id' | 'connector'>): ConnectorConfig {
  const parsed = connectorConfigSchema.safeParse(shop.connector ?? { type: 'manual' });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = ['connector', ...issue.path.map(String)].join('.');
  const hint = issue.path[0] === 'type' ? ' (expected manual, webhook or shopify)' : '';
  throw new ConnectorConfigError(`shop "${shop.id}": ${field}: ${issue.message}${hint}`, shop.id, field);
}

/** Builds the connector of a shop: what workflows reach the marketplace through (deps.connectors). */
export interface Connectors {
  /** The connector the shop is configured with (shops.connector.type). Throws ConnectorConfigError on a bad config. */
  for(shop: Pick<ShopRow, 'id' | 'connector'>): Connector;
}

/** The real connectors, on the app's Clock (signed webhooks carry its time). */
export const createConnectors = (clock: Clock): Connectors => ({ for: (shop) => connectorFor(shop, clock) });

/** The connector a shop is configured with (shops.connector.type). Throws ConnectorConfigError on a bad config. */
export function connectorFor(shop: Pick<ShopRow, 'id' | 'connector'>, clock: Clock = systemClock): Connector {
  const config = parseConnectorConfig(shop);
  switch (config.type) {
    case 'manual':
      return createManualConnector();
    case 'webhook':
      return createWebhookConnector(config, () => clock.now());
    case 'shopify':
      return createShopifyConnector(config);
  }
}
