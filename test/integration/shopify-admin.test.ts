import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, ConnectorFailure, RefundRequest, ShopifyConfig } from '../../src/connectors/connector.js';
import { createShopifyAdmin, createShopifyConnector } from '../../src/connectors/shopify/admin.js';
import type { OrderRow, ShopRow } from '../../src/db/rows.js';
import { startFakeShopify, type FakeOrder, type FakeShopify } from '../fakes/shopify-server.js';

/** The fake's bucket refills from this clock: tests move it, nothing sleeps. */
let nowMs = Date.parse('2026-11-23T15:00:00Z');
const EUR_ORDER = '820982911946154509';
const shop = { id: 'shop-1' } as ShopRow;
const orderRow = (externalId: string, currency = 'USD') => ({ externalId, currency }) as OrderRow;

const eurOrder = (): FakeOrder => ({
  currency: 'USD',
  presentmentCurrency: 'EUR',
  gateway: 'shopify_payments',
  name: '#10001',
  total: '372.55',
  shopTotal: '404.95',
  lineItems: [
    { id: '487817672276298554', title: 'Aviator sunglasses', quantity: 2, sku: 'SKU2006-001', price: '82.79', shopPrice: '89.99' },
    { id: '315789986012684393', title: 'Coffee table', quantity: 1, sku: 'SKU2006-035', price: '110.39', shopPrice: '119.99' },
  ],
  fulfillments: [
    {
      id: '255858046',
      status: 'SUCCESS',
      displayStatus: 'DELIVERED',
      createdAt: '2026-11-10T09:00:00Z',
      deliveredAt: '2026-11-12T16:20:00Z',
      tracking: [
        { number: '1Z001', url: 'https://ups.example/1Z001', company: 'UPS' },
        { number: '1Z002', url: 'https://ups.example/1Z002', company: 'UPS' },
      ],
      lineItems: [{ lineItemId: '487817672276298554', quantity: 2 }],
    },
  ],
});

describe('Shopify Admin API client against the fake (2026-01)', () => {
  let fake: FakeShopify;
  let config: ShopifyConfig;
  let connector: Connector;
  const refund = (r: Partial<RefundRequest>) =>
    connector.refund({
      shop,
      order: orderRow(EUR_ORDER, 'EUR'),
      currency: 'EUR',
      reason: 'Returned',
      idempotencyKey: 'case-7-refund-a',
      ...r,
    });

  beforeAll(async () => {
    fake = await startFakeShopify({ now: () => nowMs });
    config = { type: 'shopify', adminApiUrl: fake.url, accessToken: fake.token, apiVersion: '2026-01', timeoutMs: 2000 };
    connector = createShopifyConnector(config);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.orders.set(EUR_ORDER, eurOrder());
  });

  it('fetchOrder: order(id:) mapped to the desk’s order, amounts in the buyer’s currency, every tracking number and URL', async () => {
    const res = await connector.fetchOrder!({ shop, orderId: EUR_ORDER });
    if (!res.ok) throw new Error(res.error);
    expect(res.order).toMatchObject({
      orderId: EUR_ORDER,
      name: '#10001',
      buyer: { name: 'John Smith', id: '115310627314723954', email: 'john@example.com' },
      total: { cents: 37255, currency: 'EUR' },
      shopTotal: { cents: 40495, currency: 'USD' },
      presentmentCurrency: 'EUR',
      shopCurrency: 'USD',
      paidAt: '2022-01-01T00:00:00.000Z',
      refunds: [],
    });
    expect(res.order!.lineItems).toEqual([
      {
        lineItemId: '487817672276298554',
        title: 'Aviator sunglasses',
        sku: 'SKU2006-001',
        quantity: 2,
        unitPrice: { cents: 8279, currency: 'EUR' },
      },
      {
        lineItemId: '315789986012684393',
        title: 'Coffee table',
        sku: 'SKU2006-035',
        quantity: 1,
        unitPrice: { cents: 11039, currency: 'EUR' },
      },
    ]);
    expect(res.order!.fulfillments).toEqual([
      {
        fulfillmentId: '255858046',
        orderId: EUR_ORDER,
        status: 'success',
        createdAt: '2026-11-10T09:00:00.000Z',
        updatedAt: '2026-11-12T16:20:00.000Z',
        carrier: 'UPS',
        trackingNumbers: ['1Z001', '1Z002'],
        trackingUrls: ['https://ups.example/1Z001', 'https://ups.example/1Z002'],
        shipmentStatus: 'delivered',
        deliveredAt: '2026-11-12T16:20:00.000Z',
        lineItems: [{ lineItemId: '487817672276298554', quantity: 2 }],
      },
    ]);
    fake.deletedOrders.add('1001');
    expect(await connector.fetchOrder!({ shop, orderId: '1001' })).toEqual({ ok: true, order: null });
    expect(await connector.fetchOrder!({ shop, orderId: 'A-1001' })).toMatchObject({ ok: false, retryable: false });
    expect(fake.shapeErrors).toEqual([]);
  });

  it('a return refunded by its line items: refundLineItems with restock, notify off, amount as Shopify suggests, in EUR', async () => {
    const res = await refund({ lineItems: [{ lineItemId: '487817672276298554', quantity: 1 }], restock: 'return', notify: false });
    expect(res).toMatchObject({ ok: true, ref: expect.stringMatching(/^gid:\/\/shopify\/Refund\/\d+$/) });
    expect(fake.callsOf('suggestedRefund')).toHaveLength(1);
    expect(fake.refunds).toEqual([
      expect.objectContaining({
        orderId: `gid://shopify/Order/${EUR_ORDER}`,
        amount: '82.79',
        currency: 'EUR',
        notify: false,
        key: 'case-7-refund-a',
        lineItems: [{ lineItemId: 'gid://shopify/LineItem/487817672276298554', quantity: 1, restockType: 'RETURN' }],
      }),
    ]);
    expect(fake.callsOf('refundCreate')[0]!.variables.input).toMatchObject({ currency: 'EUR', notify: false });
    // The refunds so far are on the order, with their line items.
    const after = await connector.fetchOrder!({ shop, orderId: EUR_ORDER });
    expect(after.ok && after.order?.refunds).toEqual([
      expect.objectContaining({
        amount: { cents: 8279, currency: 'EUR' },
        lineItems: [{ lineItemId: '487817672276298554', quantity: 1, restockType: 'return' }],
      }),
    ]);
    expect(after.ok && after.order?.refunded).toEqual({ cents: 8279, currency: 'EUR' });
    // One unit left: asking for two is refused before anything is sent.
    const over = await refund({
      idempotencyKey: 'case-7-refund-b',
      lineItems: [{ lineItemId: '487817672276298554', quantity: 2 }],
      restock: 'return',
    });
    expect(over).toMatchObject({ ok: false, retryable: false, error: 'line item 487817672276298554: only 1 left to refund, not 2' });
    expect(fake.callsOf('refundCreate')).toHaveLength(1);
    expect(fake.shapeErrors).toEqual([]);
  });

  it('multi-currency: a refund in the shop currency is refused (Shopify refunds in the presentment currency); notify defaults on', async () => {
    expect(await refund({ currency: 'USD', amountCents: 5000 })).toMatchObject({
      ok: false,
      retryable: false,
      error: "the refund is in USD but the buyer paid in EUR; Shopify refunds in the buyer's currency",
    });
    expect(fake.callsOf('refundCreate')).toHaveLength(0);
    expect(await refund({ amountCents: 5000 })).toMatchObject({ ok: true });
    expect(fake.refunds[0]).toMatchObject({ amount: '50.00', currency: 'EUR', notify: true, lineItems: [] });
  });

  it('throttled: the client reports the wait Shopify implies; after the bucket refills the same request (same key) succeeds once', async () => {
    fake.costs.refundContext = 5;
    fake.costs.refundCreate = 300;
    fake.drainTo(100);
    const first = (await refund({ amountCents: 2500 })) as ConnectorFailure;
    // The context query (5) ran and cost 3; refundCreate needs 300 with 97 left at 100 a second.
    expect(first).toMatchObject({ ok: false, retryable: true, code: 'throttled', retryAfterMs: 2030 });
    expect(first.error).toMatch(/Shopify is busy \(THROTTLED\); retry in 3 s/);
    expect(fake.refunds).toHaveLength(0);
    nowMs += 1000;
    expect(await refund({ amountCents: 2500 })).toMatchObject({ ok: false, code: 'throttled' });
    nowMs += first.retryAfterMs!;
    expect(await refund({ amountCents: 2500 })).toMatchObject({ ok: true });
    const creates = fake.callsOf('refundCreate');
    expect(creates.map((c) => [c.idempotencyKey, c.throttled ?? false])).toEqual([
      ['case-7-refund-a', true],
      ['case-7-refund-a', true],
      ['case-7-refund-a', false],
    ]);
    expect(fake.refunds).toHaveLength(1);
  });

  it('every call reads extensions.cost; HTTP 429 carries Retry-After', async () => {
    const { admin, fetchOrder } = createShopifyAdmin(config);
    expect((await fetchOrder(EUR_ORDER)).ok).toBe(true);
    expect(admin.lastThrottle()).toEqual({ maximumAvailable: 2000, currentlyAvailable: 1969, restoreRate: 100 });
    fake.failNext('order', 'http429');
    expect(await fetchOrder(EUR_ORDER)).toMatchObject({ ok: false, retryable: true, code: 'throttled', retryAfterMs: 2000 });
  });

  it('a Dev Dashboard app: the token comes from the client credentials grant, and a lapsed token is fetched again once', async () => {
    const app = createShopifyAdmin({ ...config, accessToken: undefined, clientId: fake.clientId, clientSecret: fake.clientSecret });
    expect((await app.fetchOrder(EUR_ORDER)).ok).toBe(true);
    expect((await app.fetchOrder(EUR_ORDER)).ok).toBe(true);
    expect([...fake.issuedTokens]).toHaveLength(1);
    fake.expireTokens();
    expect((await app.fetchOrder(EUR_ORDER)).ok).toBe(true);
    expect(fake.issuedTokens.size).toBe(1);
    const wrong = createShopifyAdmin({ ...config, accessToken: undefined, clientId: fake.clientId, clientSecret: 'not-the-secret' });
    expect(await wrong.fetchOrder(EUR_ORDER)).toMatchObject({
      ok: false,
      retryable: false,
      code: 'auth',
      error: expect.stringMatching(/client credentials/),
    });
    expect(fake.callsOf('order')).toHaveLength(3);
  });

  it('disputeEvidenceUpdate: saves, then submits once; a decided or past-due dispute says what Shopify allows', async () => {
    const d = fake.addDispute('285332461850802063', { amount: '11.50', currency: 'CAD', evidenceDueBy: '2026-12-01T00:00:00Z' });
    const evidence = {
      uncategorizedText: 'Delivered 2026-11-12 (UPS 1Z001), signed by J. Smith.',
      customerEmailAddress: 'john@example.com',
    };
    const saved = await connector.updateDisputeEvidence!({ shop, disputeId: '285332461850802063', evidence, submit: false });
    expect(saved).toEqual({ ok: true, ref: d.evidenceId, evidenceId: d.evidenceId, submitted: false });
    expect(d).toMatchObject({ status: 'NEEDS_RESPONSE', evidence });
    const sent = await connector.updateDisputeEvidence!({ shop, disputeId: '285332461850802063', evidence, submit: true });
    expect(sent).toMatchObject({ ok: true, submitted: true });
    expect(d).toMatchObject({ status: 'UNDER_REVIEW', evidenceSentOn: new Date(nowMs).toISOString() });
    expect(d.updates.at(-1)).toMatchObject({ submitEvidence: true });
    // A submit whose answer was lost, retried: the evidence is in; no second update is sent.
    expect(await connector.updateDisputeEvidence!({ shop, disputeId: '285332461850802063', evidence, submit: true })).toMatchObject({
      ok: true,
      submitted: true,
    });
    expect(fake.callsOf('disputeEvidenceUpdate')).toHaveLength(2);
    expect(await connector.updateDisputeEvidence!({ shop, disputeId: '285332461850802063', evidence, submit: false })).toMatchObject({
      ok: false,
      error: 'Shopify takes no more evidence: the card network is already reviewing the evidence',
    });
    fake.addDispute('1', { amount: '5.00', currency: 'USD', status: 'WON' });
    expect(await connector.updateDisputeEvidence!({ shop, disputeId: '1', evidence, submit: true })).toMatchObject({
      ok: false,
      error: 'Shopify takes no more evidence: the dispute was won',
    });
    fake.addDispute('2', { amount: '5.00', currency: 'USD', evidenceDueBy: '2026-11-01T00:00:00Z' });
    expect(await connector.updateDisputeEvidence!({ shop, disputeId: '2', evidence, submit: true })).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Shopify refused the dispute evidence: id: the evidence due date has passed',
    });
    expect(await connector.updateDisputeEvidence!({ shop, disputeId: '3', evidence, submit: true })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(fake.shapeErrors).toEqual([]);
  });

  it('webhook subscriptions: created once for every non-compliance topic, listed across pages, idempotent on re-run', async () => {
    for (let i = 0; i < 120; i++)
      fake.subscriptions.push({
        id: `gid://shopify/WebhookSubscription/${i}`,
        topic: 'ORDERS_CREATE',
        uri: `https://other.example/${i}`,
        format: 'JSON',
        createdAt: '2026-01-01T00:00:00Z',
      });
    const uri = 'https://desk.example.com/webhooks/shopify/shop-1';
    const shopify = createShopifyAdmin(config);
    const first = await shopify.ensureWebhookSubscriptions(uri);
    if (!first.ok) throw new Error(first.error);
    expect(first.report.existing).toEqual([]);
    expect(first.report.created.map((s) => s.topic)).toEqual([
      'ORDERS_CREATE',
      'ORDERS_PAID',
      'ORDERS_UPDATED',
      'ORDERS_CANCELLED',
      'FULFILLMENTS_CREATE',
      'FULFILLMENTS_UPDATE',
      'FULFILLMENT_EVENTS_CREATE',
      'REFUNDS_CREATE',
      'RETURNS_REQUEST',
      'RETURNS_APPROVE',
      'RETURNS_DECLINE',
      'RETURNS_CLOSE',
      'RETURNS_REOPEN',
      'DISPUTES_CREATE',
      'DISPUTES_UPDATE',
      'APP_UNINSTALLED',
    ]);
    expect(fake.callsOf('webhookSubscriptions')).toHaveLength(2);
    const again = await shopify.ensureWebhookSubscriptions(uri);
    expect(again.ok && again.report).toMatchObject({ created: [], failed: [] });
    expect(again.ok && again.report.existing).toHaveLength(16);
    expect(fake.callsOf('webhookSubscriptionCreate')).toHaveLength(16);
    expect(fake.subscriptions.filter((s) => s.uri === uri)).toHaveLength(16);
    expect(fake.shapeErrors).toEqual([]);
  });
});
