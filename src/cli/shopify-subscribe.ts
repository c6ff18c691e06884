import type { Env } from '../config.js';
import { loadConfigFile } from '../config-file.js';
import { createShopifyAdmin } from '../connectors/shopify/admin.js';
import type { WebhookSubscription } from '../connectors/shopify/subscriptions.js';
import { COMPLIANCE_TOPICS, SUBSCRIBABLE_TOPICS } from '../connectors/shopify/topics.js';

type Out = { write(s: string): unknown };

/**
 * `sellerdesk shopify subscribe --shop ID --url https://desk.example.com [--dry-run]`: makes sure the
 * shop's Shopify app delivers every topic the desk needs to `<url>/webhooks/shopify/<shop id>`.
 * Lists what exists, creates only what is missing (running it again creates nothing), prints both,
 * and says which topics Shopify only takes in the app's configuration (the compliance topics).
 * The shop and its Admin API token come from the config file (shops[].connector).
 */
export async function shopifySubscribe(
  env: Env,
  opts: { shop: string; url: string; dryRun?: boolean },
  out: Out = process.stdout,
  err: Out = process.stderr,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const { path, config } = loadConfigFile(env.CONFIG_FILE);
  const shop = config.shops.find((s) => s.id === opts.shop);
  if (!shop) {
    err.write(`sellerdesk: no shop "${opts.shop}" in ${path ?? 'the config file (none found; set CONFIG_FILE)'}\n`);
    return 2;
  }
  if (shop.connector?.type !== 'shopify') {
    err.write(`sellerdesk: shop "${shop.id}" has no Shopify connector (shops[].connector.type must be "shopify")\n`);
    return 2;
  }
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    err.write(`sellerdesk: --url: "${opts.url.slice(0, 100)}" is not a URL (the address Shopify can reach the desk at)\n`);
    return 2;
  }
  if (base.protocol !== 'https:') err.write('sellerdesk: warning: Shopify delivers webhooks only to https:// addresses\n');
  const uri = `${base.origin}${base.pathname.replace(/\/+$/, '')}/webhooks/shopify/${encodeURIComponent(shop.id)}`;
  const shopify = createShopifyAdmin(shop.connector, fetchImpl);
  const show = (s: WebhookSubscription) => `  ${s.topic.padEnd(28)} ${s.uri}\n`;

  out.write(`Shopify webhook subscriptions of shop ${shop.id} (${shop.connector.adminApiUrl}), delivering to ${uri}\n`);
  if (opts.dryRun) {
    const listed = await shopify.listWebhookSubscriptions();
    if (!listed.ok) return failed(err, listed.error);
    const mine = listed.subscriptions.filter((s) => s.uri.replace(/\/+$/, '') === uri);
    out.write(`Existing (${mine.length}):\n${mine.map(show).join('')}`);
    const missing = SUBSCRIBABLE_TOPICS.filter((t) => !mine.some((s) => s.topic === t.graphqlTopic));
    out.write(`Missing (${missing.length}, not created: --dry-run):\n${missing.map((t) => `  ${t.graphqlTopic}\n`).join('')}`);
  } else {
    const res = await shopify.ensureWebhookSubscriptions(uri);
    const { report } = res;
    out.write(`Existing (${report.existing.length}):\n${report.existing.map(show).join('')}`);
    out.write(`Created (${report.created.length}):\n${report.created.map(show).join('')}`);
    if (report.failed.length)
      out.write(`Refused (${report.failed.length}):\n${report.failed.map((f) => `  ${f.topic}: ${f.error}\n`).join('')}`);
    if (!res.ok) return failed(err, res.error);
    if (report.failed.length) {
      printCompliance(out, uri);
      return 1;
    }
  }
  printCompliance(out, uri);
  return 0;
}

function printCompliance(out: Out, uri: string) {
  out.write(`Set in the app's configuration (Shopify takes no API subscription for them): ${COMPLIANCE_TOPICS.join(', ')} → ${uri}\n`);
}

function failed(err: Out, error: string): number {
  err.write(`sellerdesk: ${error}\n`);
  return 1;
}
