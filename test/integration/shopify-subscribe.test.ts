import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifySubscribe } from '../../src/cli/shopify-subscribe.js';
import { loadEnv } from '../../src/config.js';
import type { ShopifyConfig } from '../../src/connectors/connector.js';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify-server.js';

describe('sellerdesk shopify subscribe (against the fake Admin API)', () => {
  let fake: FakeShopify;
  let config: ShopifyConfig;
  beforeAll(async () => {
    fake = await startFakeShopify({ now: () => Date.parse('2026-11-23T15:00:00Z') });
    config = { type: 'shopify', adminApiUrl: fake.url, accessToken: fake.token, apiVersion: '2026-01', timeoutMs: 2000 };
  });
  afterAll(() => fake.close());

  it(' prints what exists and what it created; a second run creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-subscribe-'));
    try {
      const file = join(dir, 'sellerdesk.config.json');
      writeFileSync(
        file,
        JSON.stringify({
          teams: [{ id: 'north', name: 'North', platform: 'console' }],
          shops: [{ id: 'shop-1', team: 'north', connector: config }],
        }),
      );
      const env = loadEnv({ CONFIG_FILE: file });
      const run = async () => {
        let out = '';
        let err = '';
        const code = await shopifySubscribe(
          env,
          { shop: 'shop-1', url: 'https://desk.example.com/' },
          { write: (s: string) => (out += s) },
          { write: (s: string) => (err += s) },
        );
        return { code, out, err };
      };
      const first = await run();
      expect(first).toMatchObject({ code: 0, err: '' });
      expect(first.out).toContain('delivering to https://desk.example.com/webhooks/shopify/shop-1');
      expect(first.out).toContain('Existing (0):');
      expect(first.out).toMatch(/Created \(16\):\n {2}ORDERS_CREATE +https:\/\/desk\.example\.com\/webhooks\/shopify\/shop-1\n/);
      expect(first.out).toContain('customers/data_request, customers/redact, shop/redact');
      const second = await run();
      expect(second.code).toBe(0);
      expect(second.out).toContain('Existing (16):');
      expect(second.out).toContain('Created (0):');
      expect(fake.callsOf('webhookSubscriptionCreate')).toHaveLength(16);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown shop, a shop without a Shopify connector and an address that is not a URL', async () => {
    fake.reset();
    const dir = mkdtempSync(join(tmpdir(), 'sd-subscribe-'));
    try {
      const file = join(dir, 'sellerdesk.config.json');
      writeFileSync(
        file,
        JSON.stringify({
          teams: [{ id: 'north', name: 'North', platform: 'console' }],
          shops: [
            { id: 'manual-shop', team: 'north' },
            { id: 'shop-1', team: 'north', connector: config },
          ],
        }),
      );
      const env = loadEnv({ CONFIG_FILE: file });
      const run = async (shop: string, url: string) => {
        let err = '';
        const code = await shopifySubscribe(env, { shop, url }, { write: () => 0 }, { write: (s: string) => (err += s) });
        return { code, err };
      };
      expect(await run('nope', 'https://desk.example.com')).toEqual({ code: 2, err: `sellerdesk: no shop "nope" in ${file}\n` });
      expect((await run('manual-shop', 'https://desk.example.com')).err).toMatch(/has no Shopify connector/);
      expect((await run('shop-1', 'desk')).err).toMatch(/--url: "desk" is not a URL/);
      expect(fake.calls).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
