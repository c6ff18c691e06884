import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from '../db/harness.js';
import { signedHeaders } from '../fakes/sign.js';

/**
 * Property-based fuzzing of the intake: random and mutated bodies and headers, signed and
 * not. The server never answers 5xx, never crashes, and every 4xx says what is wrong.
 */
const SECRET = 'fuzz-secret-0123456789';
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const valid = {
  id: 'evt-1',
  type: 'buyer.message',
  occurredAt: '2026-11-23T15:00:00Z',
  shopId: 'shop-1',
  data: { buyer: { name: 'Dana', id: 'b1' }, message: 'Hello', orderId: 'A-1' },
};

/** A JSON value of any shape, including hostile strings. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '__proto__',
    'constructor',
    '💥'.repeat(50),
    'x'.repeat(5000),
    '<!channel>',
    '@everyone',
    '1e309',
    '-0',
  ),
);

/** Replaces one path of the valid event with a random value, or deletes it. */
const mutated = fc
  .tuple(
    fc.constantFrom(
      ['id'],
      ['type'],
      ['occurredAt'],
      ['shopId'],
      ['data'],
      ['data', 'buyer'],
      ['data', 'buyer', 'name'],
      ['data', 'message'],
      ['data', 'orderId'],
      ['extra'],
    ),
    fc.oneof(anyJson, hostile, fc.constant(undefined)),
    fc.constantFrom('buyer.message', 'order.paid', 'review.posted', 'dispute.opened', 'chargeback.opened', 'order.shipped', 'nope'),
  )
  .map(([path, value, type]) => {
    const e = structuredClone({ ...valid, type }) as Record<string, unknown>;
    let target = e;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
    return JSON.stringify(e);
  });

const rawBody = fc.oneof(
  mutated,
  anyJson.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 2000 }),
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
  mutated.map((s) => s.slice(0, Math.max(0, s.length - 3))),
);

const headerCase = fc.constantFrom('signed', 'unsigned', 'bad-signature', 'garbage-timestamp', 'wrong-content-type');

describe.each(dbKinds)('intake fuzzing on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  let app: FastifyInstance;

  beforeAll(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    const deps = testDeps(database.db, clock, { routing: { enabled: ['console' as const], defaultChannel: {} }, defaultTimeZone: 'UTC' });
    app = buildServer({
      clock,
      log: silentLogger,
      webhookSecret: SECRET,
      intake: (s, e, raw) => receiveEvent(deps, s, e, raw),
      ready: async () => true,
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it(`answers ${RUNS} random and mutated requests without a 5xx, each 4xx naming the problem`, async () => {
    let id = 0;
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(rawBody, headerCase, fc.boolean(), async (body, how, freshId) => {
        if (freshId) body = body.replace('"evt-1"', `"evt-fuzz-${++id}"`);
        let headers: Record<string, string> = signedHeaders(SECRET, body, clock.now());
        if (how === 'unsigned') headers = { 'content-type': 'application/json' };
        if (how === 'bad-signature') headers = { ...headers, 'x-sellerdesk-signature': 'sha256=' + 'ab'.repeat(32) };
        if (how === 'garbage-timestamp') headers = { ...headers, 'x-sellerdesk-timestamp': 'soon' };
        if (how === 'wrong-content-type') headers = { ...headers, 'content-type': 'text/plain' };
        const res = await app.inject({ method: 'POST', url: '/webhooks/events', headers, payload: body });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) {
          const json = res.json() as { error?: unknown };
          expect(typeof json.error).toBe('string');
          // The message names a header, the body, or a field path, then says what is wrong.
          expect(json.error as string).toMatch(/^(X-SellerDesk-\w+ .+|[^\s:]+: .+)$/s);
        }
      }),
      { numRuns: RUNS, seed: 42 },
    );
    // The fuzzer reached every kind of answer, so it tested more than the signature check.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([200, 202, 400, 401, 422]));
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
