import { z } from 'zod';
import { ConnectorConfigError } from '../errors.js';

/**
 * How a shop's decisions reach its marketplace (shops.connector, set from the config file): the
 * manual connector (nothing is sent; the card lists the steps), a signed webhook to the seller's
 * own endpoint, or Shopify's Admin API. src/connectors builds the connector from it.
 */

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

/** The shop's connector settings as stored (shops.connector); parseConnectorConfig checks them. */
export type StoredConnectorConfig = Record<string, unknown>;

/** Validates shops.connector; a bad config names the shop and the field. */
export function parseConnectorConfig(shop: { id: string; connector: StoredConnectorConfig | null | undefined }): ConnectorConfig {
  const parsed = connectorConfigSchema.safeParse(shop.connector ?? { type: 'manual' });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = ['connector', ...issue.path.map(String)].join('.');
  const hint = issue.path[0] === 'type' ? ' (expected manual, webhook or shopify)' : '';
  throw new ConnectorConfigError(`shop "${shop.id}": ${field}: ${issue.message}${hint}`, shop.id, field);
}
