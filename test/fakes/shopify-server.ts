import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultOrder, tail, type FakeDispute, type FakeOrder, type FakeRefund, type FakeSubscription } from './shopify-model.js';
import { answer, operationOf, type Answer, type FakeState, type Operation, type ShopifyCall } from './shopify-operations.js';

export type { Operation, ShopifyCall } from './shopify-operations.js';
export type { FakeDispute, FakeOrder } from './shopify-model.js';

/**
 * A local fake of Shopify's Admin GraphQL API (POST /admin/api/<version>/graphql.json with
 * X-Shopify-Access-Token). It checks each request's shape, records the calls, keeps what it
 * created (refunds, draft orders, dispute evidence, webhook subscriptions) and can be told to fail.
 *
 * Rate limits as Shopify documents them: a leaky bucket of cost points per app and shop
 * (`maximumAvailable`, refilled at `restoreRate` points a second, read from the injected clock);
 * every answer carries `extensions.cost { requestedQueryCost, actualQueryCost, throttleStatus }`,
 * and a request that needs more than the bucket holds is answered HTTP 200 with
 * `errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }]` and `actualQueryCost: null`.
 */

export type Failure =
  | 'http500'
  | 'http401'
  | 'http429'
  | 'throttled'
  | 'userErrors'
  /** Hold the answer past the client's timeout. */
  | 'timeout'
  /** Do the work, then answer 500: the client never learns it worked. */
  | 'applyThen500';

export interface Bucket {
  maximumAvailable: number;
  restoreRate: number;
  /** Points in the bucket as of `at`. */
  available: number;
  at: number;
}

export interface FakeShopify extends FakeState {
  url: string;
  /** The fixed token of a legacy admin-created custom app. */
  token: string;
  /** A Dev Dashboard app's credentials, exchanged at /admin/oauth/access_token (client credentials grant). */
  clientId: string;
  clientSecret: string;
  /** Tokens handed out by the client credentials grant and still valid. */
  issuedTokens: Set<string>;
  /** Lets every granted token lapse, as Shopify does after about a day. */
  expireTokens(): void;
  calls: ShopifyCall[];
  /** Shape problems found in requests: a correct connector leaves this empty. */
  shapeErrors: string[];
  bucket: Bucket;
  /** Requested cost of each operation (what the query would cost at most); actual cost is about half for queries. */
  costs: Record<Operation, number>;
  callsOf(op: Operation): ShopifyCall[];
  failNext(op: Operation, kind: Failure, times?: number): void;
  /** Puts the bucket at `points` (now): the next calls are throttled until it refills. */
  drainTo(points: number): void;
  addDispute(id: string, d: Partial<FakeDispute> & Pick<FakeDispute, 'amount' | 'currency'>): FakeDispute;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_COSTS: Record<Operation, number> = {
  order: 62,
  refundContext: 24,
  suggestedRefund: 4,
  refundCreate: 10,
  reshipContext: 32,
  draftOrderCreate: 10,
  draftOrderComplete: 10,
  tracking: 12,
  dispute: 3,
  disputeEvidenceUpdate: 10,
  webhookSubscriptions: 12,
  webhookSubscriptionCreate: 10,
};
const MUTATIONS = new Set<Operation>([
  'refundCreate',
  'draftOrderCreate',
  'draftOrderComplete',
  'disputeEvidenceUpdate',
  'webhookSubscriptionCreate',
]);

export async function startFakeShopify(
  opts: { token?: string; now?: () => number; maximumAvailable?: number; restoreRate?: number } = {},
): Promise<FakeShopify> {
  const token = opts.token ?? 'shpat_test_0123456789';
  let granted = 0;
  const now = opts.now ?? (() => Date.now());
  const failures: Array<{ op: Operation; kind: Failure }> = [];
  let seq = 900_000_000_001;
  const held: ServerResponse[] = [];
  const fullBucket = (): Bucket => ({
    maximumAvailable: opts.maximumAvailable ?? 2000,
    restoreRate: opts.restoreRate ?? 100,
    available: opts.maximumAvailable ?? 2000,
    at: now(),
  });

  const fake: FakeShopify = {
    url: '',
    token,
    clientId: 'sd-client-id-0123',
    clientSecret: 'sd-client-secret-456789',
    issuedTokens: new Set<string>(),
    expireTokens: () => fake.issuedTokens.clear(),
    calls: [],
    shapeErrors: [],
    orders: new Map<string, FakeOrder>(),
    deletedOrders: new Set<string>(),
    refunds: [] as FakeRefund[],
    draftOrders: [],
    disputes: new Map<string, FakeDispute>(),
    subscriptions: [] as FakeSubscription[],
    bucket: fullBucket(),
    costs: { ...DEFAULT_COSTS },
    nextId: () => seq++,
    now,
    problem: (msg) => fake.shapeErrors.push(msg),
    orderOf(gid) {
      const id = tail(gid);
      let o = fake.orders.get(id);
      if (!o) fake.orders.set(id, (o = defaultOrder()));
      return o;
    },
    callsOf: (op) => fake.calls.filter((c) => c.operation === op),
    failNext(op, kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ op, kind });
    },
    drainTo(points) {
      fake.bucket.available = points;
      fake.bucket.at = now();
    },
    addDispute(id, d) {
      const dispute: FakeDispute = {
        status: 'NEEDS_RESPONSE',
        type: 'CHARGEBACK',
        evidenceDueBy: null,
        evidenceSentOn: null,
        evidenceId: `gid://shopify/ShopifyPaymentsDisputeEvidence/${seq++}`,
        evidence: {},
        updates: [],
        ...d,
      };
      fake.disputes.set(`gid://shopify/ShopifyPaymentsDispute/${id}`, dispute);
      return dispute;
    },
    reset() {
      fake.calls.length = 0;
      fake.shapeErrors.length = 0;
      fake.refunds.length = 0;
      fake.draftOrders.length = 0;
      fake.subscriptions.length = 0;
      fake.orders.clear();
      fake.deletedOrders.clear();
      fake.disputes.clear();
      fake.bucket = fullBucket();
      failures.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const r of held.splice(0)) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  /** Refills the bucket up to now and reports it as Shopify does. */
  const status = () => {
    const b = fake.bucket;
    const t = now();
    b.available = Math.min(b.maximumAvailable, b.available + ((t - b.at) / 1000) * b.restoreRate);
    b.at = t;
    return { maximumAvailable: b.maximumAvailable, currentlyAvailable: Math.floor(b.available), restoreRate: b.restoreRate };
  };
  const throttledBody = (requested: number) => ({
    errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() } },
  });

  const send = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'POST' && req.url === '/admin/oauth/access_token') {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials' || req.headers['content-type'] !== 'application/x-www-form-urlencoded')
        return send(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== fake.clientId || form.get('client_secret') !== fake.clientSecret)
        return send(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
      const issued = `shpat_granted_${++granted}`;
      fake.issuedTokens.add(issued);
      return send(res, 200, { access_token: issued, scope: 'read_orders,write_orders', expires_in: 86399 });
    }
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return send(res, 404, { errors: 'Not Found' });
    const given = String(req.headers['x-shopify-access-token'] ?? '');
    if (given !== token && !fake.issuedTokens.has(given))
      return send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { errors: 'body is not JSON' });
    }
    const query = String(body.query ?? '');
    const key = /@idempotent\(key:\s*"([^"]+)"\)/.exec(query)?.[1];
    const call: ShopifyCall = {
      operation: operationOf(query),
      version: m[1]!,
      query,
      variables: (body.variables ?? {}) as ShopifyCall['variables'],
      ...(key ? { idempotencyKey: key } : {}),
    };
    fake.calls.push(call);
    if (call.operation === 'refundCreate' && m[1]! >= '2026-04' && !key)
      fake.problem('refundCreate without @idempotent (mandatory from 2026-04)');
    const requested = call.operation === 'unknown' ? 1 : fake.costs[call.operation];
    const i = failures.findIndex((f) => f.op === call.operation);
    const failure = i >= 0 ? failures.splice(i, 1)[0]!.kind : undefined;
    if (failure === 'throttled' || status().currentlyAvailable < requested) {
      call.throttled = true;
      return send(res, 200, throttledBody(requested));
    }
    const actual = call.operation !== 'unknown' && MUTATIONS.has(call.operation) ? requested : Math.ceil(requested / 2);
    fake.bucket.available -= actual;
    const cost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status() };
    const reply = (a: Answer) => send(res, 200, { ...a, extensions: { cost } });
    switch (failure) {
      case 'http500':
        return send(res, 500, { errors: 'Internal Server Error' });
      case 'http401':
        return send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      case 'http429':
        return send(
          res,
          429,
          { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
          { 'retry-after': '2.0' },
        );
      case 'timeout':
        held.push(res);
        return;
      case 'userErrors': {
        const field =
          call.operation === 'refundCreate'
            ? 'refundCreate'
            : call.operation === 'draftOrderCreate'
              ? 'draftOrderCreate'
              : 'draftOrderComplete';
        return reply({
          data: {
            [field]: {
              refund: null,
              draftOrder: null,
              userErrors: [{ field: ['transactions', '0', 'amount'], message: 'Amount cannot be greater than the refundable amount' }],
            },
          },
        });
      }
      case 'applyThen500':
        answer(call, fake, true);
        return send(res, 500, { errors: 'Internal Server Error' });
      default:
        return reply(answer(call, fake, true));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { errors: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
