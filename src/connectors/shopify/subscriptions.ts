import { refusal, type AdminClient, type GqlResult, type ShopifyFailure, type UserError } from './graphql.js';
import { SUBSCRIBABLE_TOPICS } from './topics.js';

/**
 * Shop-scoped webhook subscriptions (Admin GraphQL 2026-01):
 * - `webhookSubscriptions(first:, after:)` lists the subscriptions this app made through the API
 *   for this shop (not the app-scoped ones of shopify.app.toml);
 * - `webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: { uri, format })`
 *   (`uri` replaces the deprecated `callbackUrl`).
 * The mandatory compliance topics cannot be subscribed this way; they are set in the app's
 * configuration (Partner / Dev Dashboard or shopify.app.toml).
 */

export const WEBHOOK_SUBSCRIPTIONS_QUERY = `query SellerDeskWebhookSubscriptions($after: String) {
  webhookSubscriptions(first: 100, after: $after) {
    nodes { id topic uri format createdAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `mutation SellerDeskWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri format }
    userErrors { field message }
  }
}`;

export interface WebhookSubscription {
  id: string;
  /** The GraphQL enum value, e.g. ORDERS_CREATE. */
  topic: string;
  uri: string;
  format?: string;
  createdAt?: string;
}

export async function listWebhookSubscriptions(
  admin: AdminClient,
): Promise<{ ok: true; subscriptions: WebhookSubscription[] } | ShopifyFailure> {
  const out: WebhookSubscription[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    type Res = {
      webhookSubscriptions: { nodes: WebhookSubscription[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
    const res: GqlResult<Res> = await admin.request<Res>(WEBHOOK_SUBSCRIPTIONS_QUERY, { after });
    if (!res.ok) return res;
    out.push(...res.data.webhookSubscriptions.nodes);
    const info: Res['webhookSubscriptions']['pageInfo'] = res.data.webhookSubscriptions.pageInfo;
    if (!info.hasNextPage || !info.endCursor) break;
    after = info.endCursor;
  }
  return { ok: true, subscriptions: out };
}

export interface SubscribeReport {
  /** What already pointed at the desk before this run. */
  existing: WebhookSubscription[];
  created: WebhookSubscription[];
  /** Topics Shopify refused, with its reason (a missing scope, usually). */
  failed: Array<{ topic: string; error: string }>;
}

const sameUri = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Makes sure every topic the desk needs is delivered to `uri`: lists what exists, creates only what
 * is missing, so running it twice creates nothing the second time. Stops at a throttled or failed
 * call (the report says what was done so far); a topic Shopify refuses is reported and the rest go on.
 */
export async function ensureWebhookSubscriptions(
  admin: AdminClient,
  uri: string,
  topics: readonly string[] = SUBSCRIBABLE_TOPICS.map((t) => t.graphqlTopic),
): Promise<{ ok: true; report: SubscribeReport } | (ShopifyFailure & { report: SubscribeReport })> {
  const report: SubscribeReport = { existing: [], created: [], failed: [] };
  const listed = await listWebhookSubscriptions(admin);
  if (!listed.ok) return { ...listed, report };
  report.existing = listed.subscriptions.filter((s) => sameUri(s.uri, uri));
  const have = new Set(report.existing.map((s) => s.topic));
  for (const topic of topics) {
    if (have.has(topic)) continue;
    type Res = { webhookSubscriptionCreate: { webhookSubscription: WebhookSubscription | null; userErrors: UserError[] } | null };
    const res = await admin.request<Res>(WEBHOOK_SUBSCRIPTION_CREATE, { topic, webhookSubscription: { uri, format: 'JSON' } });
    if (!res.ok) return { ...res, report };
    const p = res.data.webhookSubscriptionCreate;
    if (p?.userErrors.length) report.failed.push({ topic, error: refusal(`subscription to ${topic}`, p.userErrors).error });
    else if (p?.webhookSubscription) {
      report.created.push(p.webhookSubscription);
      have.add(topic);
    } else report.failed.push({ topic, error: 'Shopify created no subscription and gave no reason' });
  }
  return { ok: true, report };
}
