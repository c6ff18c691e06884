import type { OrderRow, ShopRow } from '../db/rows.js';
import { parseConnectorConfig, type ConnectorConfig } from '../domain/connector-config.js';
import { systemClock, type Clock } from '../ports.js';
import { createManualConnector } from './manual.js';
import { createShopifyConnector } from './shopify/admin.js';
import type { DisputeEvidence } from './shopify/disputes.js';
import type { ShopifyOrder } from './shopify/events.js';
import { createWebhookConnector } from './webhook.js';

export type { ConnectorConfig, ShopifyConfig, WebhookConfig } from '../domain/connector-config.js';

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
