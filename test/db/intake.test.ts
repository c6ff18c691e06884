import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { cases, inbox, orders, outbox, shops } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

describe.each(dbKinds)('intake on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'America/New_York',
    });
  });

  it('opens one case for a buyer message, with clocks and a queued card; repeats have no effect', async () => {
    const e = buyerMessage('Where is my order?', { id: 'm-1' });
    const first = await receiveEvent(deps, 'webhook', e);
    expect(first).toMatchObject({ duplicate: false, effect: { case: 1, created: true }, shopCreated: true });
    expect((await receiveEvent(deps, 'webhook', e)).duplicate).toBe(true);
    expect((await receiveEvent(deps, 'webhook', e)).duplicate).toBe(true);
    const rows = await deps.db.select().from(cases);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'message', clockChannel: 'message', status: 'open', buyerName: 'Dana Smith' });
    // Wall clock (no business hours): 2 h target, 24 h maximum.
    expect(rows[0]!.targetAt.toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(rows[0]!.maxAt.toISOString()).toBe('2026-11-24T15:00:00.000Z');
    const out = await deps.db.select().from(outbox);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ op: 'post', platform: 'console', idempotencyKey: 'case:1:card' });
    expect(await deps.db.select().from(inbox)).toHaveLength(1);
    const [shop] = await deps.db.select().from(shops);
    expect(shop).toMatchObject({ id: 'shop-1', teamId: 'default', timeZone: 'America/New_York', autoCreated: true });
  });

  it('applies concurrent duplicates once', async () => {
    const e = buyerMessage('Hello', { id: 'dup-1' });
    const results = await Promise.all(Array.from({ length: 5 }, () => receiveEvent(deps, 'webhook', e)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await deps.db.select().from(cases)).toHaveLength(1);
  });

  it('threads a second message from the same buyer into the open case', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage('First', { id: 'a' }));
    const r = await receiveEvent(deps, 'webhook', buyerMessage('Second', { id: 'b' }));
    expect(r.effect).toMatchObject({ case: 1, followUp: true });
    expect(await deps.db.select().from(cases)).toHaveLength(1);
    const ops = (await deps.db.select().from(outbox).orderBy(outbox.id)).map((o) => o.op);
    expect(ops).toEqual(['post', 'thread', 'update']);
  });

  it('computes ship-by from payment and stops it when shipped', async () => {
    // Paid Friday 2026-11-20 10:00 New York; 2 business days (Mon, Tue) → end of Tuesday 24 Nov, 05:00Z Wednesday.
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T15:00:00Z'));
    let [o] = await deps.db.select().from(orders);
    expect(o!.shipBy!.toISOString()).toBe('2026-11-25T05:00:00.000Z');
    expect(o!.valueCents).toBe(2450);
    await receiveEvent(
      deps,
      'webhook',
      makeEvent('order.shipped', { orderId: 'A-1', carrier: 'USPS', tracking: '9400' }, { occurredAt: '2026-11-23T16:00:00Z' }),
    );
    [o] = await deps.db.select().from(orders);
    expect(o!.shippedAt!.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(o).toMatchObject({ carrier: 'USPS', tracking: '9400' });
  });

  it('composes order events that arrive out of order', async () => {
    await receiveEvent(deps, 'webhook', makeEvent('order.shipped', { orderId: 'B-1' }, { occurredAt: '2026-11-22T10:00:00Z' }));
    await receiveEvent(deps, 'webhook', orderPaid('B-1', '2026-11-21T10:00:00Z'));
    const [o] = await deps.db.select().from(orders).where(eq(orders.externalId, 'B-1'));
    expect(o!.shippedAt).not.toBeNull();
    expect(o!.paidAt!.toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });

  it('opens cases for low reviews, returns, disputes and chargebacks but not for good reviews', async () => {
    await receiveEvent(deps, 'webhook', makeEvent('review.posted', { buyer: { name: 'Al' }, rating: 5, text: 'Lovely' }));
    await receiveEvent(deps, 'webhook', makeEvent('review.posted', { buyer: { name: 'Bo' }, rating: 2, text: 'Broken' }));
    await receiveEvent(deps, 'webhook', makeEvent('return.requested', { buyer: { name: 'Cy' }, orderId: 'X', reason: 'Too small' }));
    await receiveEvent(deps, 'webhook', makeEvent('dispute.opened', { buyer: { name: 'Di' }, orderId: 'Y', reason: 'not_received' }));
    await receiveEvent(deps, 'webhook', makeEvent('chargeback.opened', { orderId: 'Z' }));
    const rows = await deps.db.select().from(cases).orderBy(cases.id);
    expect(rows.map((r) => [r.kind, r.clockChannel, r.priority])).toEqual([
      ['review', 'review', 'high'],
      ['return', 'return', 'normal'],
      ['dispute', 'issue', 'high'],
      ['chargeback', 'issue', 'urgent'],
    ]);
    expect(rows[2]!.flags).toEqual(['dispute:not_received']);
  });

  it('takes the one-statement path for a known shop with the same results', async () => {
    await receiveEvent(deps, 'webhook', orderPaid('A-9', '2026-11-20T15:00:00Z')); // the shop is now known (cached)
    const e = makeEvent('dispute.opened', { buyer: { id: 'b-9', name: 'Lee' }, orderId: 'A-9', reason: 'damaged' }, { id: 'd-1' });
    const results = await Promise.all(Array.from({ length: 4 }, () => receiveEvent(deps, 'webhook', e)));
    expect(results.filter((r) => !r.duplicate)).toEqual([{ duplicate: false, effect: { case: 1, created: true } }]);
    const [c] = await deps.db.select().from(cases);
    const [o] = await deps.db.select().from(orders);
    expect(c).toMatchObject({
      kind: 'dispute',
      orderId: o!.id,
      orderExternalId: 'A-9',
      priority: 'high',
      flags: ['dispute:damaged'],
      buyerId: 'b-9',
    });
    expect((await deps.db.select().from(outbox)).map((r) => r.idempotencyKey)).toEqual(['case:1:card']);
    const positive = await receiveEvent(deps, 'webhook', makeEvent('review.posted', { buyer: { name: 'Al' }, rating: 5 }, { id: 'r-1' }));
    expect(positive).toEqual({ duplicate: false, effect: { review: 'positive', rating: 5 } });
    expect(
      (await receiveEvent(deps, 'webhook', makeEvent('review.posted', { buyer: { name: 'Al' }, rating: 5 }, { id: 'r-1' }))).duplicate,
    ).toBe(true);
    expect(await deps.db.select().from(cases)).toHaveLength(1);
    expect(await deps.db.select().from(inbox)).toHaveLength(3);
  });

  it('never dates a case in the future of its arrival', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage('Hi', { id: 'f', occurredAt: '2026-11-24T15:00:00Z' }));
    const [c] = await deps.db.select().from(cases);
    expect(c!.openedAt.toISOString()).toBe('2026-11-23T15:00:00.000Z');
  });
});
