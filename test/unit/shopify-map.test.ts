import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapShopifyWebhook, parseShopifyJson, shopifyOrderIdOf, type ShopifyMapResult } from '../../src/connectors/shopify/map.js';
import { orderGid, parseItems } from '../../src/connectors/shopify/admin.js';

const sample = (name: string): unknown =>
  parseShopifyJson(readFileSync(new URL(`../fakes/shopify-samples/${name}.json`, import.meta.url), 'utf8'));
const AT = '2026-11-23T15:00:00.000Z';
const map = (topic: string, name: string, knownBuyer?: { name: string; id?: string }): ShopifyMapResult =>
  mapShopifyWebhook({ topic, payload: sample(name), shopId: 'shop-1', eventId: `${topic}:e1`, occurredAt: AT, knownBuyer });
const events = (r: ShopifyMapResult) => {
  if (r.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(r)}`);
  return r.events;
};

describe('Shopify webhook mapping (documented sample payloads)', () => {
  it('keeps 18-digit ids exact instead of rounding them through a number', () => {
    const o = sample('orders-paid') as { id: string; customer: { id: string }; line_items: Array<{ id: string; quantity: number }> };
    expect(o.id).toBe('820982911946154508');
    expect(o.customer.id).toBe('115310627314723954');
    expect(o.line_items[0]!.quantity).toBe(1);
    expect(parseShopifyJson('{"a":"12345678901234567890 in a string","b":-1.5e3,"c":[9007199254740993]}')).toEqual({
      a: '12345678901234567890 in a string',
      b: -1500,
      c: ['9007199254740993'],
    });
    expect(parseShopifyJson('{"q":"say \\"9007199254740993\\"","n":12}')).toEqual({ q: 'say "9007199254740993"', n: 12 });
  });

  it.each(['orders/create', 'orders/paid'])('%s → order.paid with buyer, items and total', (topic) => {
    const [e] = events(map(topic, topic === 'orders/paid' ? 'orders-paid' : 'orders-create'));
    expect(e).toMatchObject({
      id: `${topic}:e1`,
      type: 'order.paid',
      shopId: 'shop-1',
      occurredAt: AT,
      data: {
        orderId: '820982911946154508',
        buyer: { name: 'John Smith', id: '115310627314723954', email: 'john@example.com' },
        total: { amount: 404.95, currency: 'USD' },
        paidAt: '2022-01-01T00:00:00.000Z',
      },
    });
    if (e!.type !== 'order.paid') throw new Error('type');
    expect(e!.data.items).toHaveLength(5);
    expect(e!.data.items[0]).toEqual({ title: 'Aviator sunglasses', quantity: 1, sku: 'SKU2006-001' });
  });

  it('orders/fulfilled → order.shipped (the sample has no fulfillments: shipped at updated_at)', () => {
    expect(events(map('orders/fulfilled', 'orders-fulfilled'))).toEqual([
      expect.objectContaining({ type: 'order.shipped', data: { orderId: '820982911946154508', shippedAt: '2022-01-01T00:00:00.000Z' } }),
    ]);
  });

  it('fulfillments/create and /update ship the order only when the fulfilment succeeded (the documented sample is pending)', () => {
    for (const topic of ['fulfillments/create', 'fulfillments/update'])
      expect(map(topic, topic.replace('/', '-'))).toEqual({
        kind: 'ignored',
        reason: 'fulfillment 123456 is pending: only a successful fulfilment ships the order',
      });
    const success = { ...(sample('fulfillments-update') as object), status: 'success' };
    const shipped = mapShopifyWebhook({ topic: 'fulfillments/update', payload: success, shopId: 'shop-1', eventId: 's', occurredAt: AT });
    expect(events(shipped)).toEqual([
      expect.objectContaining({
        type: 'order.shipped',
        data: { orderId: '820982911946154508', shippedAt: '2022-01-01T00:00:00.000Z', carrier: 'UPS', tracking: '1z827wk74630' },
      }),
    ]);
    const delivered = { ...success, shipment_status: 'delivered', updated_at: '2022-01-03T10:00:00-05:00' };
    const r = mapShopifyWebhook({ topic: 'fulfillments/update', payload: delivered, shopId: 'shop-1', eventId: 'x', occurredAt: AT });
    expect(events(r).map((e) => [e.id, e.type])).toEqual([
      ['x', 'order.shipped'],
      ['x:delivered', 'order.delivered'],
    ]);
    expect(events(r)[1]!.data).toEqual({ orderId: '820982911946154508', deliveredAt: '2022-01-03T15:00:00.000Z' });
    for (const status of ['cancelled', 'failure', 'error', 'open'])
      expect(
        mapShopifyWebhook({
          topic: 'fulfillments/update',
          payload: { ...delivered, status },
          shopId: 'shop-1',
          eventId: 'y',
          occurredAt: AT,
        }).kind,
      ).toBe('ignored');
  });

  it('fulfillment_events/create: a delivery becomes order.delivered at happened_at; in transit is not an intake event', () => {
    expect(map('fulfillment_events/create', 'fulfillment-events-create')).toMatchObject({ kind: 'ignored' });
    const delivered = { ...(sample('fulfillment-events-create') as object), status: 'delivered', happened_at: '2022-01-04T09:30:00-05:00' };
    const r = mapShopifyWebhook({
      topic: 'fulfillment_events/create',
      payload: delivered,
      shopId: 'shop-1',
      eventId: 'fe',
      occurredAt: AT,
    });
    expect(events(r)).toEqual([
      expect.objectContaining({
        type: 'order.delivered',
        data: { orderId: '820982911946154508', deliveredAt: '2022-01-04T14:30:00.000Z' },
      }),
    ]);
  });

  it('a multi-currency order is stored in the buyer’s currency: EUR presentment money, not the shop’s USD total_price', () => {
    const [e] = events(map('orders/paid', 'orders-paid-eur'));
    expect(e).toMatchObject({ type: 'order.paid', data: { orderId: '820982911946154509', total: { amount: 372.55, currency: 'EUR' } } });
  });

  it('orders/cancelled → order.cancelled with the reason, happening at the payload’s cancelled_at (not the delivery time)', () => {
    expect(events(map('orders/cancelled', 'orders-cancelled'))[0]).toMatchObject({
      type: 'order.cancelled',
      occurredAt: '2022-01-01T00:00:00.000Z',
      data: { orderId: '820982911946154508', reason: 'customer' },
    });
  });

  it('orders/updated keeps the stored order current (same order body as orders/create)', () => {
    expect(events(map('orders/updated', 'orders-updated'))[0]).toMatchObject({
      type: 'order.paid',
      data: { orderId: '820982911946154508', total: { amount: 404.95, currency: 'USD' } },
    });
  });

  it('refunds/create → a refund of the successful refund transactions (75.00 + 10.00)', () => {
    expect(map('refunds/create', 'refunds-create')).toEqual({
      kind: 'refund',
      refund: {
        orderId: '820982911946154508',
        refundId: 'gid://shopify/Refund/890088186047892319',
        amountCents: 8500,
        // The transactions name no currency; the refund lines' presentment money does.
        currency: 'USD',
        note: 'Things were damaged',
      },
    });
  });

  it('returns/request → return.requested, with the buyer known from the order', () => {
    expect(shopifyOrderIdOf('returns/request', sample('returns-request'))).toBe('4783296544821');
    expect(events(map('returns/request', 'returns-request', { name: 'John Smith', id: '115310627314723954' }))[0]).toMatchObject({
      type: 'return.requested',
      data: { orderId: '4783296544821', buyer: { name: 'John Smith', id: '115310627314723954' }, reason: 'Return requested in Shopify' },
    });
    expect(events(map('returns/request', 'returns-request'))[0]).toMatchObject({ data: { buyer: { name: 'Shopify buyer' } } });
  });

  it('disputes/create → chargeback.opened for chargebacks, dispute.opened for inquiries', () => {
    expect(events(map('disputes/create', 'disputes-create'))[0]).toMatchObject({
      type: 'chargeback.opened',
      data: { orderId: '820982911946154508', amount: { amount: 11.5, currency: 'CAD' }, reason: 'fraudulent' },
    });
    const inquiry = { ...(sample('disputes-create') as object), type: 'inquiry', reason: 'product_not_received' };
    const r = mapShopifyWebhook({
      topic: 'disputes/create',
      payload: inquiry,
      shopId: 'shop-1',
      eventId: 'd',
      occurredAt: AT,
      knownBuyer: { name: 'John Smith' },
    });
    expect(events(r)[0]).toMatchObject({
      type: 'dispute.opened',
      data: { orderId: '820982911946154508', reason: 'not_received', buyer: { name: 'John Smith' } },
    });
  });

  it('answers the topics the workflows do not take yet with ignored, after checking them', () => {
    for (const [topic, file] of [
      ['returns/approve', 'returns-approve'],
      ['returns/decline', 'returns-decline'],
      ['disputes/update', 'disputes-update'],
      ['app/uninstalled', 'app-uninstalled'],
      ['customers/redact', 'customers-redact'],
    ] as const)
      expect(map(topic, file)).toEqual({ kind: 'ignored', reason: expect.stringMatching(/not handled by the workflows yet/) });
    expect(mapShopifyWebhook({ topic: 'returns/close', payload: { id: 1 }, shopId: 's', eventId: 'e', occurredAt: AT })).toEqual({
      kind: 'invalid',
      error: 'returns/close: order.id: missing',
    });
  });

  it('ignores topics it does not use and says what is wrong with unusable payloads', () => {
    expect(mapShopifyWebhook({ topic: 'products/create', payload: {}, shopId: 's', eventId: 'e', occurredAt: AT })).toMatchObject({
      kind: 'ignored',
    });
    expect(
      mapShopifyWebhook({ topic: 'orders/paid', payload: { id: 1, line_items: 'nope' }, shopId: 's', eventId: 'e', occurredAt: AT }),
    ).toMatchObject({
      kind: 'invalid',
      error: expect.stringMatching(/^orders\/paid: line_items: /),
    });
    expect(mapShopifyWebhook({ topic: 'disputes/create', payload: { id: 2 }, shopId: 's', eventId: 'e', occurredAt: AT })).toMatchObject({
      kind: 'invalid',
      error: expect.stringMatching(/type/),
    });
  });

  it('builds Admin API ids and parses typed reship items', () => {
    expect(orderGid({ externalId: '820982911946154508' })).toBe('gid://shopify/Order/820982911946154508');
    expect(orderGid({ externalId: 'A-1001' })).toBeUndefined();
    expect(parseItems('1 x Mug; 2 × Saucer\nTeapot')).toEqual([
      { quantity: 1, title: 'Mug' },
      { quantity: 2, title: 'Saucer' },
      { quantity: 1, title: 'Teapot' },
    ]);
  });
});
