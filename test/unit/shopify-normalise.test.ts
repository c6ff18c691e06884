import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ShopifyEvent, ShopifyEventOf, ShopifyEventType } from '../../src/connectors/shopify/events.js';
import { throttleWaitMs } from '../../src/connectors/shopify/graphql.js';
import { parseShopifyJson } from '../../src/connectors/shopify/json.js';
import { NORMALISED_TOPICS, normaliseShopifyWebhook } from '../../src/connectors/shopify/normalise.js';
import { COMPLIANCE_TOPICS, DESK_SCOPES, DESK_TOPICS, SUBSCRIBABLE_TOPICS } from '../../src/connectors/shopify/topics.js';

const sample = (name: string): Record<string, unknown> =>
  parseShopifyJson(readFileSync(new URL(`../fakes/shopify-samples/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
function norm<T extends ShopifyEventType>(type: T, topic: string, payload: unknown): ShopifyEventOf<T> {
  const r = normaliseShopifyWebhook(topic, payload);
  if (r.kind !== 'event') throw new Error(`${topic}: expected an event, got ${JSON.stringify(r)}`);
  expect(r.event.type).toBe(type);
  return r.event as ShopifyEventOf<T>;
}
const ORDER = '820982911946154508';

describe('Shopify webhooks → typed normalised events (documented sample payloads)', () => {
  it.each(['orders/create', 'orders/paid', 'orders/updated'])(
    '%s → order.upserted with line item ids, quantities and both currencies',
    (topic) => {
      const e = norm('order.upserted', topic, sample(topic.replace('/', '-')));
      expect(e.topic).toBe(topic);
      expect(e.order).toMatchObject({
        orderId: ORDER,
        name: '#9999',
        buyer: { name: 'John Smith', id: '115310627314723954', email: 'john@example.com' },
        total: { cents: 40495, currency: 'USD' },
        shopTotal: { cents: 40495, currency: 'USD' },
        presentmentCurrency: 'USD',
        shopCurrency: 'USD',
        paidAt: '2022-01-01T00:00:00.000Z',
        cancelledAt: '2022-01-01T00:00:00.000Z',
        fulfillments: [],
        refunds: [],
      });
      expect(e.order.lineItems.map((l) => [l.lineItemId, l.quantity, l.unitPrice?.cents])).toEqual([
        ['487817672276298554', 1, 8999],
        ['789012345678901234', 1, 1999],
        ['890123456789012345', 1, 2499],
        ['976318377106520349', 1, 15999],
        ['315789986012684393', 1, 11999],
      ]);
    },
  );

  it('multi-currency order (shop USD, buyer EUR): totals and prices in EUR from the presentment sets, the USD total beside them', () => {
    const e = norm('order.upserted', 'orders/paid', sample('orders-paid-eur'));
    expect(e.order).toMatchObject({
      orderId: '820982911946154509',
      total: { cents: 37255, currency: 'EUR' },
      shopTotal: { cents: 40495, currency: 'USD' },
      presentmentCurrency: 'EUR',
      shopCurrency: 'USD',
    });
    expect(e.order.lineItems[0]!.unitPrice).toEqual({ cents: 8279, currency: 'EUR' });
  });

  it('orders/cancelled → order.cancelled at the payload’s cancelled_at', () => {
    expect(norm('order.cancelled', 'orders/cancelled', sample('orders-cancelled'))).toMatchObject({
      orderId: ORDER,
      cancelledAt: '2022-01-01T00:00:00.000Z',
      reason: 'customer',
    });
    expect(normaliseShopifyWebhook('orders/cancelled', { ...sample('orders-cancelled'), cancelled_at: null })).toEqual({
      kind: 'invalid',
      error: 'orders/cancelled: cancelled_at: missing or not a date',
    });
  });

  it('fulfilments: every tracking number and URL kept; pending ignored; success shipped; cancelled reported', () => {
    expect(normaliseShopifyWebhook('fulfillments/create', sample('fulfillments-create'))).toMatchObject({ kind: 'ignored' });
    const two = {
      ...sample('fulfillments-update'),
      status: 'success',
      tracking_numbers: ['1z827wk74630', '1z827wk74631'],
      tracking_urls: ['https://ups.example/1z827wk74630', 'https://ups.example/1z827wk74631'],
    };
    const shipped = norm('fulfillment.shipped', 'fulfillments/create', two);
    expect(shipped.fulfillment).toMatchObject({
      fulfillmentId: '123456',
      orderId: ORDER,
      status: 'success',
      carrier: 'UPS',
      trackingNumbers: ['1z827wk74630', '1z827wk74631'],
      trackingUrls: ['https://ups.example/1z827wk74630', 'https://ups.example/1z827wk74631'],
      createdAt: '2022-01-01T00:00:00.000Z',
    });
    expect(shipped.fulfillment.lineItems).toHaveLength(5);
    expect(norm('fulfillment.cancelled', 'fulfillments/update', { ...two, status: 'cancelled' }).fulfillment.status).toBe('cancelled');
  });

  it('fulfillment_events/create: in transit, delivered (delivered_at = happened_at), failure', () => {
    const base = sample('fulfillment-events-create');
    expect(norm('fulfillment.event', 'fulfillment_events/create', base)).toMatchObject({
      eventId: '1234567',
      orderId: ORDER,
      fulfillmentId: '123456',
      status: 'in_transit',
      kind: 'in_transit',
      happenedAt: '2022-01-01T00:00:00.000Z',
      message: 'Item is now in transit',
    });
    const delivered = norm('fulfillment.event', 'fulfillment_events/create', {
      ...base,
      status: 'delivered',
      happened_at: '2022-01-04T09:30:00-05:00',
    });
    expect(delivered).toMatchObject({ kind: 'delivered', deliveredAt: '2022-01-04T14:30:00.000Z' });
    expect(
      norm('fulfillment.event', 'fulfillment_events/create', { ...base, status: 'failure', message: 'Address unknown' }),
    ).toMatchObject({ kind: 'failure', message: 'Address unknown' });
    expect(norm('fulfillment.event', 'fulfillment_events/create', { ...base, status: 'label_printed' }).kind).toBe('other');
  });

  it.each([
    ['returns/request', 'requested', 'requested'],
    ['returns/approve', 'approved', 'open'],
    ['returns/decline', 'declined', 'declined'],
    ['returns/close', 'closed', 'closed'],
    ['returns/reopen', 'reopened', 'open'],
  ])('%s → return.changed (%s), on order 4783296544821', (topic, action, status) => {
    const e = norm('return.changed', topic, sample(topic.replace('/', '-')));
    expect(e).toMatchObject({ topic, action, status, returnId: '123134564567890', orderId: '4783296544821' });
    if (topic === 'returns/decline')
      expect(e.decline).toEqual({ reason: 'return_period_ended', note: 'As discussed on the phone, the 30-day return window has ended.' });
  });

  it('disputes/create and /update → dispute.changed with status, amount, currency, reason and evidence_due_by', () => {
    for (const topic of ['disputes/create', 'disputes/update'])
      expect(norm('dispute.changed', topic, sample(topic.replace('/', '-')))).toEqual({
        type: 'dispute.changed',
        topic,
        disputeId: '285332461850802063',
        orderId: ORDER,
        kind: 'chargeback',
        status: 'under_review',
        outcome: 'under_review',
        amount: { cents: 1150, currency: 'CAD' },
        reason: 'fraudulent',
        networkReasonCode: '4837',
        evidenceDueBy: '2021-12-31T00:00:00.000Z',
        initiatedAt: '2022-01-01T00:00:00.000Z',
      });
    const outcome = (status: string) => norm('dispute.changed', 'disputes/update', { ...sample('disputes-update'), status }).outcome;
    expect(['needs_response', 'won', 'lost', 'accepted', 'charge_refunded'].map(outcome)).toEqual([
      'open',
      'won',
      'lost',
      'accepted',
      'accepted',
    ]);
    expect(normaliseShopifyWebhook('disputes/update', { ...sample('disputes-update'), status: 'mystery' })).toEqual({
      kind: 'invalid',
      error: 'disputes/update: status: unknown dispute status "mystery"',
    });
  });

  it('refunds/create → refund.created with the refunded line items, their restock type, and the buyer’s currency', () => {
    const e = norm('refund.created', 'refunds/create', sample('refunds-create'));
    expect(e).toMatchObject({
      refundId: '890088186047892319',
      refundGid: 'gid://shopify/Refund/890088186047892319',
      orderId: ORDER,
      amountCents: 8500,
      amount: { cents: 8500, currency: 'USD' },
      note: 'Things were damaged',
      restock: false,
    });
    expect(e.lineItems[0]).toEqual({ lineItemId: '487817672276298554', quantity: 1, restockType: 'no_restock' });
    const eur = { ...sample('refunds-create'), transactions: [{ kind: 'refund', status: 'success', amount: '82.79', currency: 'EUR' }] };
    expect(norm('refund.created', 'refunds/create', eur).amount).toEqual({ cents: 8279, currency: 'EUR' });
  });

  it('app/uninstalled and the mandatory compliance topics', () => {
    expect(norm('app.uninstalled', 'app/uninstalled', sample('app-uninstalled'))).toEqual({
      type: 'app.uninstalled',
      shopifyShopId: '548380009',
      shopName: 'Super Toys',
    });
    const customer = { id: '191167', email: 'john@example.com', phone: '555-625-1199' };
    const shop = { shopifyShopId: '954889', shopDomain: '{shop}.myshopify.com' };
    expect(norm('customer.data_request', 'customers/data_request', sample('customers-data-request'))).toEqual({
      type: 'customer.data_request',
      ...shop,
      customer,
      orderIds: ['299938', '280263', '220458'],
      dataRequestId: '9999',
    });
    expect(norm('customer.redact', 'customers/redact', sample('customers-redact'))).toEqual({
      type: 'customer.redact',
      ...shop,
      customer,
      orderIds: ['299938', '280263', '220458'],
    });
    expect(norm('shop.redact', 'shop/redact', sample('shop-redact'))).toEqual({ type: 'shop.redact', ...shop });
  });

  it('every normalised event passes its schema; unknown topics are ignored', () => {
    const seen = new Set<ShopifyEvent['type']>();
    for (const topic of NORMALISED_TOPICS) {
      const file = topic.replace('/', '-').replace('_', '-');
      const r = normaliseShopifyWebhook(topic, sample(file));
      expect(r.kind, topic).not.toBe('invalid');
      if (r.kind === 'event') seen.add(r.event.type);
    }
    expect(seen.size).toBe(10);
    expect(normaliseShopifyWebhook('products/create', {})).toEqual({
      kind: 'ignored',
      reason: 'topic products/create is not used by SellerDesk',
    });
  });
});

describe('what the desk needs from a Shopify app, as data', () => {
  it('lists every topic it normalises (but orders/fulfilled, covered by fulfilments) with scopes; compliance topics are not API subscriptions', () => {
    expect(DESK_TOPICS.map((t) => t.topic).sort()).toEqual(NORMALISED_TOPICS.filter((t) => t !== 'orders/fulfilled').sort());
    expect(COMPLIANCE_TOPICS).toEqual(['customers/data_request', 'customers/redact', 'shop/redact']);
    expect(SUBSCRIBABLE_TOPICS.find((t) => t.topic === 'fulfillment_events/create')?.graphqlTopic).toBe('FULFILLMENT_EVENTS_CREATE');
    const scopes = new Set(DESK_SCOPES.map((s) => s.scope));
    for (const t of DESK_TOPICS) for (const s of t.scopes) expect(scopes.has(s), `${t.topic} needs ${s}`).toBe(true);
    for (const s of ['read_orders', 'write_orders', 'write_draft_orders', 'read_returns', 'read_shopify_payments_disputes'])
      expect(scopes.has(s)).toBe(true);
  });

  it('docs/shopify.md names every topic and scope of the tables', () => {
    const doc = readFileSync(new URL('../../docs/shopify.md', import.meta.url), 'utf8');
    for (const t of DESK_TOPICS) expect(doc, t.topic).toContain(t.topic);
    for (const s of DESK_SCOPES) expect(doc, s.scope).toContain(s.scope);
  });

  it('the wait a THROTTLED answer implies: the missing points over the restore rate, at least a second', () => {
    const ts = (currentlyAvailable: number) => ({ maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 });
    expect(throttleWaitMs({ requestedQueryCost: 850, throttleStatus: ts(50) })).toBe(8000);
    expect(throttleWaitMs({ requestedQueryCost: 62, throttleStatus: ts(40) })).toBe(1000);
    expect(throttleWaitMs({ throttleStatus: ts(1500) })).toBe(5000);
    expect(throttleWaitMs(undefined)).toBe(1000);
  });
});
