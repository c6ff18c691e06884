import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shopifyWebhooks } from '../../src/connectors/shopify/webhooks.js';
import { recordShopifyRefund } from '../../workflows/money/index.js';
import { caseEvents, cases, inbox, orders, shops, teams } from '../../src/db/schema.js';
import { renderPayload } from '../../src/delivery/render-payload.js';
import { buildServer } from '../../src/http/server.js';
import type { Dispatcher } from '../../src/interactions/dispatch.js';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import type { CardView, Reply } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { resetDatabase, testDatabase, testDeps } from '../db/harness.js';
import { fakeActor } from '../fakes/actors.js';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify-server.js';

const SECRET = 'shopify-app-secret-0123456789';
const DOMAIN = 'snowdevil.myshopify.com';
const ORDER = '820982911946154508';
const sample = (name: string): string => readFileSync(new URL(`../fakes/shopify-samples/${name}.json`, import.meta.url), 'utf8');
const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const text = (r: Reply): string =>
  r.type === 'message' ? [r.view.title, ...r.view.nodes.map((n) => ('text' in n ? n.text : ''))].join(' ') : `(${r.type})`;

describe('Shopify: webhooks in, refunds out (fake Admin API)', () => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const ana = fakeActor('U_ANA', ['S_REFUNDERS'], 'ana');
  const bob = fakeActor('U_BOB', ['S_REFUNDERS'], 'bob');
  const carl = fakeActor('U_CARL', [], 'carl');
  let app: FastifyInstance;
  let deps: WorkflowDeps;
  let fake: FakeShopify;
  let d: Dispatcher;

  beforeAll(async () => {
    const database = await testDatabase('embedded');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    fake = await startFakeShopify();
    app = buildServer({
      clock,
      log: silentLogger,
      webhookSecret: 'generic-webhook-secret-xyz',
      intake: (source, e, raw) => receiveEvent(deps, source, e, raw),
      ready: async () => true,
      plugins: [
        shopifyWebhooks({
          ...deps,
          intake: (source, e, raw) => receiveEvent(deps, source, e, raw),
          recordRefund: (shop, id, r, raw) => recordShopifyRefund(deps, shop, id, r, raw),
        }),
      ],
    });
    await app.ready();
    d = createDispatcher(deps);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  beforeEach(async () => {
    await resetDatabase(await testDatabase('embedded'), deps);
    fake.reset();
    clock.set('2026-11-23T15:00:00Z');
    await deps.db.insert(teams).values({
      id: 'default',
      name: 'Default team',
      createdAt: clock.now(),
      settings: { permissions: { refund: ['S_REFUNDERS'], approve: ['U_ANA', 'U_BOB'] } },
    });
    await deps.db.insert(shops).values({
      id: 'shop-1',
      teamId: 'default',
      name: 'Snow Devil',
      connector: {
        type: 'shopify',
        adminApiUrl: fake.url,
        accessToken: fake.token,
        webhookSecret: SECRET,
        shopDomain: DOMAIN,
        timeoutMs: 300,
      },
    });
  });

  const post = (topic: string, body: string, o: { eventId?: string; hmac?: string | null; shop?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: `/webhooks/shopify/${o.shop ?? 'shop-1'}`,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        ...(o.hmac === null ? {} : { 'x-shopify-hmac-sha256': o.hmac ?? sign(body) }),
        'x-shopify-shop-domain': DOMAIN,
        'x-shopify-api-version': '2026-07',
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-event-id': o.eventId ?? randomUUID(),
        'x-shopify-triggered-at': clock.now().toISOString(),
      },
      payload: body,
    });
  const cardText = async (caseId = 1): Promise<string> => {
    const view = (await renderPayload(deps.db, { kind: 'case_card', caseId }, clock.now())) as CardView;
    return JSON.stringify(view);
  };
  const eventsOf = (type: string) =>
    deps.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, 1), eq(caseEvents.type, type)));
  const orderRow = async () => (await deps.db.select().from(orders).where(eq(orders.externalId, ORDER)))[0]!;
  /** orders/paid then disputes/create: an order and a chargeback case (#1) on it. */
  const chargebackCase = async () => {
    expect((await post('orders/paid', sample('orders-paid'))).statusCode).toBe(200);
    const res = await post('disputes/create', sample('disputes-create'));
    expect(res.json()).toMatchObject({ status: 'accepted', case: 1, created: true });
  };

  it('verifies and maps every documented sample', async () => {
    // The documented fulfillments sample is "pending": it ships nothing. The same fulfilment once successful does.
    const pending = await post('fulfillments/update', sample('fulfillments-update'));
    expect(pending.json()).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/pending/) });
    const successful = sample('fulfillments-update').replace('"status": "pending"', '"status": "success"');
    const topics: Array<[string, string]> = [
      ['orders/create', sample('orders-create')],
      ['orders/paid', sample('orders-paid')],
      ['orders/fulfilled', sample('orders-fulfilled')],
      ['fulfillments/update', successful],
      ['orders/cancelled', sample('orders-cancelled')],
      ['refunds/create', sample('refunds-create')],
      ['returns/request', sample('returns-request')],
      ['disputes/create', sample('disputes-create')],
    ];
    // One merchant action can trigger several topics with one X-Shopify-Event-Id: each topic counts.
    const shared = randomUUID();
    for (const [topic, body] of topics) {
      const res = await post(topic, body, { eventId: topic.startsWith('orders/') ? shared : randomUUID() });
      expect(res.statusCode, `${topic}: ${res.body}`).toBe(200);
      expect(res.json().status).toBe('accepted');
    }
    expect(await orderRow()).toMatchObject({
      buyerName: 'John Smith',
      buyerId: '115310627314723954',
      buyerEmail: 'john@example.com',
      valueCents: 40495,
      currency: 'USD',
      carrier: 'UPS',
      tracking: '1z827wk74630',
      refundedCents: 8500,
    });
    const o = await orderRow();
    expect(o.shippedAt).not.toBeNull();
    // Cancelled when the payload says (2021-12-31T19:00:00-05:00), not when the webhook arrived.
    expect(o.cancelledAt?.toISOString()).toBe('2022-01-01T00:00:00.000Z');
    const all = await deps.db.select().from(cases).orderBy(cases.id);
    expect(all.map((c) => [c.kind, c.orderExternalId, c.buyerName])).toEqual([
      ['return', '4783296544821', 'Shopify buyer'],
      ['chargeback', ORDER, 'John Smith'],
    ]);
    expect(await deps.db.select().from(inbox).where(eq(inbox.source, 'shopify'))).toHaveLength(topics.length);
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses tampered, unsigned and wrongly signed deliveries with 401; unknown topics are acknowledged and ignored', async () => {
    const body = sample('disputes-create');
    const tampered = await post('disputes/create', body.replace('"11.50"', '"1150.00"'), { hmac: sign(body) });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().error).toMatch(/does not match/);
    expect((await post('disputes/create', body, { hmac: null })).json()).toEqual({ error: 'X-Shopify-Hmac-Sha256 header is missing' });
    expect((await post('disputes/create', body, { hmac: sign(body, 'another-secret') })).statusCode).toBe(401);
    expect((await post('disputes/create', body, { shop: 'nope' })).statusCode).toBe(404);
    expect(await deps.db.select().from(cases)).toHaveLength(0);
    const ignored = await post('products/create', '{"id": 788032119674292922}');
    expect(ignored.statusCode).toBe(200);
    expect(ignored.json()).toEqual({ status: 'ignored', topic: 'products/create' });
  });

  it('gives a repeated X-Shopify-Event-Id no second effect', async () => {
    await chargebackCase();
    const id = randomUUID();
    expect((await post('refunds/create', sample('refunds-create'), { eventId: id })).json()).toMatchObject({
      status: 'accepted',
      counted: true,
    });
    const again = await post('refunds/create', sample('refunds-create'), { eventId: id });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate' });
    expect((await post('disputes/create', sample('disputes-create'), { eventId: id })).json()).toMatchObject({ status: 'accepted' });
    const dup = await post('disputes/create', sample('disputes-create'), { eventId: id });
    expect(dup.json()).toMatchObject({ status: 'duplicate' });
    expect((await orderRow()).refundedCents).toBe(8500);
    expect(await deps.db.select().from(cases)).toHaveLength(2);
    // The open case learned about the refund made in Shopify.
    expect(await eventsOf('refund_recorded')).toEqual([
      expect.objectContaining({ actor: 'Shopify', data: expect.objectContaining({ amountCents: 8500 }) }),
    ]);
  });

  it('refunds through refundCreate once for a permitted user; the card says refunded; the echo webhook is not counted twice', async () => {
    await chargebackCase();
    expect(text(await d.click('case.refund:1', carl))).toMatch(/can't refund/);
    const modal = await d.click('case.refund:1', ana);
    expect(modal.type === 'modal' && modal.view.intro).toMatch(/\$404\.95/);
    const done = await d.submit('case.refund:1', { mode: 'full', reason: 'Chargeback: refund instead' }, ana);
    expect(text(done)).toMatch(/full refund of \$404\.95 recorded\. Issued through Shopify \(reference gid:\/\/shopify\/Refund\/\d+\)/);
    expect(fake.callsOf('refundCreate')).toHaveLength(1);
    const call = fake.callsOf('refundCreate')[0]!;
    expect(call.variables.input).toMatchObject({
      orderId: `gid://shopify/Order/${ORDER}`,
      transactions: [{ kind: 'REFUND', amount: '404.95', gateway: 'bogus' }],
    });
    expect(call.idempotencyKey).toMatch(/^case-1-refund-/);
    expect(call.variables.input.note).toContain(`[sellerdesk:${call.idempotencyKey}]`);
    expect(fake.shapeErrors).toEqual([]);
    const [c] = await deps.db.select().from(cases);
    expect(c).toMatchObject({ status: 'resolved', resolution: { type: 'refund_full', amountCents: 40495 }, pendingAction: null });
    expect((await orderRow()).refundedCents).toBe(40495);
    expect(await cardText()).toContain('Refunded $404.95');
    const [ev] = await eventsOf('refund');
    expect(ev).toMatchObject({
      actor: 'ana',
      data: { connector: 'shopify', ref: fake.refunds[0]!.id, amountCents: 40495, requestedBy: { userId: 'U_ANA' } },
    });

    // Shopify then sends refunds/create for that same refund: recorded once, not added again.
    const echo = JSON.parse(sample('refunds-create').replace(/820982911946154508/g, `"${ORDER}"`)) as Record<string, unknown>;
    Object.assign(echo, {
      admin_graphql_api_id: fake.refunds[0]!.id,
      transactions: [{ kind: 'refund', status: 'success', amount: '404.95', currency: 'USD' }],
    });
    expect((await post('refunds/create', JSON.stringify(echo))).json()).toMatchObject({ status: 'accepted', counted: false });
    expect((await orderRow()).refundedCents).toBe(40495);
  });

  it('issues one refund for a double-clicked Refund', async () => {
    await chargebackCase();
    const results = await Promise.all([
      d.submit('case.refund:1', { mode: 'full', reason: 'first click' }, ana),
      d.submit('case.refund:1', { mode: 'full', reason: 'second click' }, ana),
    ]);
    expect(results.filter((r) => /recorded/.test(text(r)))).toHaveLength(1);
    expect(results.filter((r) => /in progress|is resolved/.test(text(r)))).toHaveLength(1);
    expect(fake.callsOf('refundCreate')).toHaveLength(1);
    expect(fake.refunds).toHaveLength(1);
    expect(await eventsOf('refund')).toHaveLength(1);
    expect((await orderRow()).refundedCents).toBe(40495);
  });

  it('lets a refund that never finished (the process stopped mid-call) be retried with the same key', async () => {
    await chargebackCase();
    const stuck = {
      type: 'refund' as const,
      state: 'in_progress' as const,
      idempotencyKey: 'case-1-refund-stuck',
      mode: 'full' as const,
      amountCents: 40495,
      currency: 'USD',
      requestedBy: { name: 'ana', userId: 'U_ANA', platform: 'console' },
    };
    await deps.db
      .update(cases)
      .set({ pendingAction: { ...stuck, at: new Date(clock.now().getTime() - 60_000).toISOString() } })
      .where(eq(cases.id, 1));
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'again' }, bob))).toMatch(/already in progress \(started by ana\)/);
    await deps.db
      .update(cases)
      .set({ pendingAction: { ...stuck, at: new Date(clock.now().getTime() - 3_600_000).toISOString() } })
      .where(eq(cases.id, 1));
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'again' }, bob))).toMatch(/recorded/);
    expect(fake.callsOf('refundCreate').map((c) => c.idempotencyKey)).toEqual(['case-1-refund-stuck']);
  });

  it('holds a refund over the approval limit for a second approver; the requester cannot approve it', async () => {
    await deps.db
      .update(teams)
      .set({ settings: { permissions: { refund: ['S_REFUNDERS'], approve: ['U_ANA', 'U_BOB'] }, refundApprovalOverCents: 10_000 } })
      .where(eq(teams.id, 'default'));
    await chargebackCase();
    const asked = await d.submit('case.refund:1', { mode: 'full', reason: 'Customer was double charged' }, ana);
    expect(text(asked)).toMatch(/Refund awaiting approval.*over the team's approval limit of \$100\.00/);
    expect(fake.callsOf('refundCreate')).toHaveLength(0);
    const card = await cardText();
    expect(card).toContain('Refund of $404.95 awaiting approval (requested by ana');
    expect(card).toContain('case.approve:1');
    expect(text(await d.submit('case.refund:1', { mode: 'partial', amount: '5', reason: 'sneak a small one' }, bob))).toMatch(
      /awaiting approval/,
    );

    expect(text(await d.click('case.approve:1', ana))).toMatch(/You requested this refund of \$404\.95, so someone else/);
    expect(text(await d.click('case.approve:1', carl))).toMatch(/can't approve/);
    expect(fake.callsOf('refundCreate')).toHaveLength(0);
    expect((await deps.db.select().from(cases))[0]!.status).toBe('open');

    const approved = await d.click('case.approve:1', bob);
    expect(text(approved)).toMatch(/^Refund approved Case #1: full refund of \$404\.95 recorded/);
    expect(fake.callsOf('refundCreate')).toHaveLength(1);
    expect(await eventsOf('refund_approval_requested')).toEqual([expect.objectContaining({ actor: 'ana' })]);
    expect(await eventsOf('refund_approved')).toEqual([
      expect.objectContaining({
        actor: 'bob',
        data: expect.objectContaining({ requestedBy: expect.objectContaining({ userId: 'U_ANA' }) }),
      }),
    ]);
    expect(await eventsOf('refund')).toEqual([
      expect.objectContaining({
        actor: 'bob',
        data: expect.objectContaining({
          requestedBy: expect.objectContaining({ name: 'ana' }),
          approvedBy: expect.objectContaining({ name: 'bob' }),
        }),
      }),
    ]);
    expect(text(await d.click('case.approve:1', bob))).toMatch(/No refund is waiting for approval/);
  });

  it('leaves the case unresolved when Shopify fails, shows the error, and the retry works without refunding twice', async () => {
    await chargebackCase();
    fake.failNext('refundCreate', 'http500');
    const failed = await d.submit('case.refund:1', { mode: 'partial', amount: '50', reason: 'Scratched lens' }, ana);
    expect(text(failed)).toMatch(
      /Refund failed.*partial refund of \$50\.00 was not made: Shopify answered HTTP 500.*Press Refund again to retry/,
    );
    const [c] = await deps.db.select().from(cases);
    expect(c).toMatchObject({ status: 'open', resolution: null, pendingAction: { state: 'failed', retryable: true } });
    expect((await orderRow()).refundedCents).toBe(0);
    expect(await eventsOf('refund_failed')).toHaveLength(1);
    expect(await cardText()).toContain('Refund of $50.00 failed: Shopify answered HTTP 500');

    // The retry's answer is lost (Shopify refunded, then 500): the next retry finds that refund instead of refunding again.
    fake.failNext('refundCreate', 'applyThen500');
    expect(text(await d.submit('case.refund:1', { mode: 'partial', amount: '50', reason: 'Scratched lens' }, ana))).toMatch(
      /Refund failed/,
    );
    expect(fake.refunds).toHaveLength(1);
    const retried = await d.submit('case.refund:1', { mode: 'partial', amount: '50', reason: 'Scratched lens' }, ana);
    expect(text(retried)).toMatch(/partial refund of \$50\.00 recorded/);
    expect(fake.refunds).toHaveLength(1);
    const keys = fake.callsOf('refundCreate').map((x) => x.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect((await orderRow()).refundedCents).toBe(5000);
    expect((await deps.db.select().from(cases))[0]).toMatchObject({ status: 'resolved', pendingAction: null });
  });

  it('does not retry a refusal (userErrors) blindly, and replaces through draftOrderCreate + draftOrderComplete', async () => {
    await chargebackCase();
    fake.failNext('refundCreate', 'userErrors');
    const refused = await d.submit('case.refund:1', { mode: 'full', reason: 'Damaged' }, ana);
    expect(text(refused)).toMatch(/Shopify refused the refund: transactions\.0\.amount: Amount cannot be greater.*Fix the problem/);
    expect((await deps.db.select().from(cases))[0]!.status).toBe('open');

    await deps.db
      .update(teams)
      .set({ settings: { permissions: { refund: ['S_REFUNDERS'] } } })
      .where(eq(teams.id, 'default'));
    const reship = await d.submit('case.reship:1', { items: '1 x Aviator sunglasses; 1 x Coffee table', note: 'Broken in transit' }, ana);
    expect(text(reship)).toMatch(/Reship recorded.*Replacement order gid:\/\/shopify\/Order\/\d+ created/);
    const [created] = fake.callsOf('draftOrderCreate');
    expect(created!.variables.input).toMatchObject({
      lineItems: [
        { variantId: 'gid://shopify/ProductVariant/642667041472713922', quantity: 1 },
        { title: 'Coffee table', quantity: 1, originalUnitPrice: '0.00' },
      ],
      appliedDiscount: { valueType: 'PERCENTAGE', value: 100 },
      shippingAddress: { address1: '123 Shipping Street', countryCode: 'US' },
    });
    expect(fake.callsOf('draftOrderComplete')).toHaveLength(1);
    expect(fake.shapeErrors).toEqual([]);
    expect((await deps.db.select().from(cases))[0]).toMatchObject({ status: 'resolved', resolution: { type: 'reship' } });
  });
});
