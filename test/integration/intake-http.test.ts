import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cases } from '../../src/db/schema.js';
import { buildServer } from '../../src/http/server.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { resetDatabase, testDatabase, testDeps } from '../db/harness.js';
import { signedHeaders } from '../fakes/sign.js';

const SECRET = 'test-secret-0123456789';
const event = (id = 'evt-1', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    type: 'buyer.message',
    occurredAt: '2026-11-23T15:00:00Z',
    shopId: 'shop-1',
    data: { buyer: { name: 'Dana' }, message: 'Hi' },
    ...extra,
  });

describe('POST /webhooks/events', () => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  let app: FastifyInstance;
  let deps: WorkflowDeps;
  let failWith: Error | undefined;

  beforeAll(async () => {
    const database = await testDatabase('embedded');
    deps = testDeps(database.db, clock, { routing: { enabled: ['console'], defaultChannel: {} }, defaultTimeZone: 'UTC' });
    app = buildServer({
      clock,
      log: silentLogger,
      webhookSecret: SECRET,
      intake: async (source, e, raw) => {
        if (failWith) throw failWith;
        return receiveEvent(deps, source, e, raw);
      },
      ready: async () => true,
    });
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    failWith = undefined;
    await resetDatabase(await testDatabase('embedded'), deps);
  });

  const post = (body: string, headers = signedHeaders(SECRET, body, clock.now())) =>
    app.inject({ method: 'POST', url: '/webhooks/events', headers, payload: body });

  it('accepts a signed event once; repeats answer 200 duplicate with no second case', async () => {
    const body = event();
    const first = await post(body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'accepted', id: 'evt-1', case: 1 });
    for (let i = 0; i < 2; i++) {
      const again = await post(body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ status: 'duplicate' });
    }
    expect(await deps.db.select().from(cases)).toHaveLength(1);
  });

  it('refuses forged, missing, stale and future-dated signatures with 401', async () => {
    const body = event();
    const forged = await post(body, signedHeaders('wrong-secret-xxxxxxxx', body, clock.now()));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toMatch(/does not match/);
    expect((await post(body, { 'content-type': 'application/json' })).json().error).toMatch(/Timestamp header is missing/);
    const stale = await post(body, signedHeaders(SECRET, body, new Date(clock.now().getTime() - 301_000)));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toMatch(/away from now/);
    const future = await post(body, signedHeaders(SECRET, body, new Date(clock.now().getTime() + 301_000)));
    expect(future.statusCode).toBe(401);
    const withinWindow = await post(body, signedHeaders(SECRET, body, new Date(clock.now().getTime() - 299_000)));
    expect(withinWindow.statusCode).toBe(202);
    const tampered = await post(event('evt-2'), signedHeaders(SECRET, event('evt-3'), clock.now()));
    expect(tampered.statusCode).toBe(401);
  });

  it('answers 413 for a 2 MB body and keeps serving', async () => {
    const big = event('big', { pad: 'x'.repeat(2 * 1024 * 1024) });
    const res = await post(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/larger than/);
    expect((await post(event('after'))).statusCode).toBe(202);
  });

  it('answers 400 naming the problem for malformed JSON and invalid fields, 422 for unknown types', async () => {
    const bad = await post('{"id": "x", ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^body: invalid JSON/);
    const missing = await post(
      JSON.stringify({
        id: 'x',
        type: 'buyer.message',
        occurredAt: '2026-11-23T15:00:00Z',
        shopId: 'shop-1',
        data: { buyer: { name: 'D' } },
      }),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'data.message' });
    const badDate = await post(JSON.stringify({ id: 'x', type: 'buyer.message', occurredAt: 'yesterday', shopId: 'shop-1', data: {} }));
    expect(badDate.json()).toMatchObject({ field: 'occurredAt' });
    const unknown = await post(event('u', { type: 'order.exploded' }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatch(/unknown event type "order.exploded"/);
    expect((await post('')).json().error).toMatch(/empty/);
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const res = await post(event('down'));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toContain('buyer_message_data');
  });
});

describe('event types named like Object.prototype members', () => {
  it('are unknown types (422), not a crash', async () => {
    const { parseEvent } = await import('../../src/domain/events.js');
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = parseEvent({ id: 'x', type, occurredAt: '2026-11-23T15:00:00Z', shopId: 's', data: {} });
      expect(r).toMatchObject({ ok: false, status: 422, field: 'type' });
    }
  });
});

describe('NUL characters', () => {
  it('are refused with the path, since PostgreSQL cannot store them', async () => {
    const { parseEvent } = await import('../../src/domain/events.js');
    expect(parseEvent(JSON.parse('{"id":"\\u0000"}'))).toEqual({
      ok: false,
      status: 400,
      field: 'id',
      error: 'id: contains a NUL character (\\u0000), which cannot be stored',
    });
    expect(parseEvent(JSON.parse('{"data":{"buyer":{"name":"a\\u0000b"}}}'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^data\.buyer\.name: /),
    });
    expect(parseEvent(JSON.parse('{"a":["x","\\u0000"]}'))).toMatchObject({ ok: false, error: expect.stringMatching(/^a\.1: /) });
  });
});
