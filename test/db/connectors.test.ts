import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectorFor } from '../../src/connectors/connector.js';
import type { WebhookDecision } from '../../src/connectors/webhook.js';
import { caseEvents, cases, orders, shops } from '../../src/db/schema.js';
import type { OrderRow, ShopRow } from '../../src/db/rows.js';
import { verifyEventSignature } from '../../src/signature.js';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock, systemClock, type Clock } from '../../src/ports.js';
import type { Reply } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { fakeActor } from '../fakes/actors.js';
import { buyerMessage, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';
import { ConnectorConfigError } from '../../src/errors.js';
import { parseConnectorConfig } from '../../src/domain/connector-config.js';

const SECRET = 'connector-secret-0123456789';
const text = (r: Reply): string =>
  r.type === 'message' ? [r.view.title, ...r.view.nodes.map((n) => ('text' in n ? n.text : ''))].join(' ') : `(${r.type})`;

/** A receiver that checks X-SellerDesk-Signature like intake does, records decisions, and answers as told. */
interface Receiver {
  url: string;
  received: Array<{ decision: WebhookDecision; idempotencyKey: string | undefined }>;
  rejected: string[];
  next: Array<{ status: number; body?: unknown; delayMs?: number }>;
  close(): Promise<void>;
}

/** A decision endpoint that verifies signatures against `clock` (the same instant as the bot's). */
async function startReceiver(clock: Clock = systemClock): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], rejected: [], next: [], close: async () => {} };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const h = (n: string) => req.headers[n] as string | undefined;
    const sig = verifyEventSignature(SECRET, h('x-sellerdesk-timestamp'), h('x-sellerdesk-signature'), raw, clock.now());
    if (!sig.ok) {
      r.rejected.push(sig.error);
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: sig.error }));
      return;
    }
    const answer = r.next.shift() ?? { status: 200, body: {} };
    if (answer.delayMs) await new Promise((ok) => setTimeout(ok, answer.delayMs));
    r.received.push({ decision: JSON.parse(raw.toString('utf8')) as WebhookDecision, idempotencyKey: h('idempotency-key') });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
  };
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sellerdesk`;
  r.close = () =>
    new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return r;
}

const shopRow = (connector: Record<string, unknown>): ShopRow => ({ id: 'shop-1', connector }) as ShopRow;
const order = {
  id: 1,
  externalId: 'A-1',
  currency: 'USD',
  valueCents: 2450,
  buyerName: 'Dana Smith',
  buyerEmail: 'dana@example.com',
} as OrderRow;

describe('connector config', () => {
  it('names the shop and the field when the config is wrong', () => {
    expect(parseConnectorConfig(shopRow({ type: 'manual' }))).toEqual({ type: 'manual' });
    const bad = (c: Record<string, unknown>) => {
      try {
        connectorFor(shopRow(c));
      } catch (e) {
        expect(e).toBeInstanceOf(ConnectorConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConnectorConfigError');
    };
    expect(bad({ type: 'webhook', url: 'not a url', secret: SECRET })).toMatch(/^shop "shop-1": connector\.url: /);
    expect(bad({ type: 'webhook', url: 'https://example.com/x', secret: 'short' })).toMatch(/connector\.secret: at least 16 characters/);
    expect(bad({ type: 'shopify', adminApiUrl: 'https://x.myshopify.com' })).toMatch(/^shop "shop-1": connector\.accessToken: /);
    expect(bad({ type: 'shopify', adminApiUrl: 'https://x.myshopify.com', accessToken: 't', apiVersion: 'latest' })).toMatch(
      /connector\.apiVersion: a Shopify API version/,
    );
    expect(bad({ type: 'amazon' })).toMatch(/connector\.type: .*expected manual, webhook or shopify/);
  });
});

describe('manual connector', () => {
  const manual = connectorFor(shopRow({ type: 'manual' }));
  it('records the decision and says to do it in the dashboard, with a checklist', async () => {
    const r = await manual.refund({ shop: shopRow({}), order, amountCents: 1000, currency: 'USD', reason: 'chip', idempotencyKey: 'k1' });
    expect(r).toMatchObject({ ok: true, ref: 'manual:k1', manual: { title: 'Refund $10.00 in the marketplace dashboard' } });
    expect(r.ok && r.manual?.checklist[0]).toMatch(/Issue the refund of \$10\.00 on order A-1 in the marketplace dashboard/);
    expect(await manual.reship({ shop: shopRow({}), order, items: '1 x Mug', idempotencyKey: 'k2' })).toMatchObject({
      ok: true,
      manual: { checklist: expect.arrayContaining([expect.stringMatching(/replacement order/)]) as unknown },
    });
    expect(await manual.replyToBuyer({ shop: shopRow({}), buyer: { name: 'Dana' }, text: 'Hi', idempotencyKey: 'k3' })).toMatchObject({
      ok: true,
      sent: false,
    });
    expect(await manual.fetchTracking({ shop: shopRow({}), order })).toBeUndefined();
  });
});

describe('webhook connector against a signing-verifying receiver', () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(() => rx.close());
  beforeEach(() => {
    rx.received.length = 0;
    rx.rejected.length = 0;
    rx.next.length = 0;
  });
  const hook = () => connectorFor(shopRow({ type: 'webhook', url: rx.url, secret: SECRET, timeoutMs: 300 }));

  it('posts the decision signed, with the idempotency key, and records the answer', async () => {
    rx.next.push({ status: 200, body: { ref: 'RF-77' } });
    const r = await hook().refund({
      shop: shopRow({}),
      order,
      amountCents: 2450,
      currency: 'USD',
      reason: 'Arrived broken',
      idempotencyKey: 'case-1-refund-a',
    });
    expect(r).toEqual({ ok: true, ref: 'RF-77' });
    expect(rx.rejected).toEqual([]);
    expect(rx.received[0]).toEqual({
      idempotencyKey: 'case-1-refund-a',
      decision: {
        id: 'case-1-refund-a',
        action: 'refund',
        shopId: 'shop-1',
        order: { id: 'A-1', currency: 'USD', valueCents: 2450, buyerName: 'Dana Smith', buyerEmail: 'dana@example.com' },
        amountCents: 2450,
        currency: 'USD',
        reason: 'Arrived broken',
      },
    });
    rx.next.push({ status: 202, body: { sent: true } });
    expect(await hook().replyToBuyer({ shop: shopRow({}), order, buyer: { name: 'Dana' }, text: 'Sorry!', idempotencyKey: 'r1' })).toEqual({
      ok: true,
      ref: 'webhook:r1',
      sent: true,
    });
    rx.next.push({ status: 200, body: { status: 'delivered', deliveredAt: '2026-11-20T10:00:00Z' } });
    expect(await hook().fetchTracking({ shop: shopRow({}), order })).toEqual({
      status: 'delivered',
      deliveredAt: new Date('2026-11-20T10:00:00Z'),
    });
  });

  it('treats 5xx and timeouts as retryable, 4xx as refusals', async () => {
    const refund = () => hook().refund({ shop: shopRow({}), order, amountCents: 100, currency: 'USD', reason: 'x', idempotencyKey: 'k' });
    rx.next.push({ status: 503, body: { error: 'maintenance' } });
    expect(await refund()).toEqual({ ok: false, retryable: true, error: 'The webhook connector endpoint answered HTTP 503: maintenance' });
    rx.next.push({ status: 422, body: { error: 'order already refunded' } });
    expect(await refund()).toEqual({
      ok: false,
      retryable: false,
      error: 'The webhook connector endpoint answered HTTP 422: order already refunded',
    });
    rx.next.push({ status: 200, delayMs: 1000 });
    expect(await refund()).toEqual({ ok: false, retryable: true, error: 'The webhook connector endpoint did not answer in time' });
    const wrongSecret = connectorFor(shopRow({ type: 'webhook', url: rx.url, secret: 'another-secret-0123456789' }));
    expect(
      await wrongSecret.refund({ shop: shopRow({}), order, amountCents: 1, currency: 'USD', reason: 'x', idempotencyKey: 'k' }),
    ).toMatchObject({ ok: false, retryable: false });
    expect(rx.rejected).toHaveLength(1);
  });
});

describe.each(dbKinds)('refunds through the webhook connector on %s', (kind) => {
  let deps: WorkflowDeps;
  let rx: Receiver;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const ana = fakeActor('U_ANA', [], 'ana');

  beforeAll(async () => {
    rx = await startReceiver(clock);
  });
  afterAll(() => rx.close());
  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    rx.received.length = 0;
    rx.next.length = 0;
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T15:00:00Z'));
    await receiveEvent(deps, 'webhook', buyerMessage('It arrived broken', { id: 'm1' }, 'A-1'));
    await deps.db
      .update(shops)
      .set({ connector: { type: 'webhook', url: rx.url, secret: SECRET, timeoutMs: 300 } })
      .where(eq(shops.id, 'shop-1'));
  });

  it('records the refund only once the endpoint confirmed it; a failure leaves the case open and the retry reuses the key', async () => {
    const d = createDispatcher(deps);
    rx.next.push({ status: 500, body: { error: 'down' } });
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'Arrived broken' }, ana))).toMatch(
      /Refund failed.*HTTP 500: down.*Press Refund again/,
    );
    expect((await deps.db.select().from(cases))[0]).toMatchObject({ status: 'open', pendingAction: { state: 'failed' } });
    expect((await deps.db.select().from(orders))[0]!.refundedCents).toBe(0);

    rx.next.push({ status: 200, body: { ref: 'RF-1' } });
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'Arrived broken' }, ana))).toMatch(
      /full refund of \$24\.50 recorded\. Issued through your webhook endpoint \(reference RF-1\)/,
    );
    expect(rx.received.map((x) => x.decision.id)).toEqual([rx.received[0]!.decision.id, rx.received[0]!.decision.id]);
    expect((await deps.db.select().from(cases))[0]).toMatchObject({
      status: 'resolved',
      resolution: { type: 'refund_full', amountCents: 2450 },
      pendingAction: null,
    });
    expect((await deps.db.select().from(orders))[0]!.refundedCents).toBe(2450);
    const types = (
      await deps.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, 1)))
    ).map((e) => e.type);
    expect(types).toEqual(['opened', 'refund_requested', 'refund_failed', 'refund_requested', 'refund']);
  });

  it('sends replies through the endpoint and says so', async () => {
    const d = createDispatcher(deps);
    rx.next.push({ status: 200, body: { sent: true, ref: 'MSG-1' } });
    expect(text(await d.submit('case.reply:1', { text: 'Hi Dana, a replacement is on its way.' }, ana))).toMatch(
      /It was sent to the buyer/,
    );
    expect(rx.received[0]!.decision).toMatchObject({
      action: 'reply',
      text: 'Hi Dana, a replacement is on its way.',
      buyer: { name: 'Dana Smith' },
    });
    expect((await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'reply_sent')))[0]).toMatchObject({
      data: { ref: 'MSG-1', connector: 'webhook' },
    });
  });
});
