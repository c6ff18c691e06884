/* eslint-disable @typescript-eslint/no-explicit-any -- request variables are untyped JSON, checked field by field below */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of Shopify's Admin GraphQL API (POST /admin/api/<version>/graphql.json with
 * X-Shopify-Access-Token). It checks each request's shape (the query names the mutation and
 * declares its variables, the variables carry the fields the real schema requires), records the
 * calls, keeps refunds and draft orders it created, and can be told to fail.
 */

export type Operation = 'refundContext' | 'refundCreate' | 'reshipContext' | 'draftOrderCreate' | 'draftOrderComplete' | 'tracking';

export interface ShopifyCall {
  operation: Operation | 'unknown';
  version: string;
  query: string;
  variables: Record<string, any>;
  /** The @idempotent(key: …) of the request, if any. */
  idempotencyKey?: string;
}

export type Failure =
  | 'http500'
  | 'http401'
  | 'throttled'
  | 'userErrors'
  /** Hold the answer past the client's timeout. */
  | 'timeout'
  /** Do the work, then answer 500: the client never learns it worked. */
  | 'applyThen500';

export interface FakeOrder {
  currency: string;
  gateway: string;
  lineItems: Array<{ title: string; quantity: number; sku?: string; variantId?: string }>;
  fulfillments: Array<{ status: string; displayStatus: string; deliveredAt: string | null }>;
}

export interface FakeShopify {
  url: string;
  token: string;
  calls: ShopifyCall[];
  /** Shape problems found in requests: a correct connector leaves this empty. */
  shapeErrors: string[];
  refunds: Array<{ id: string; orderId: string; amount: string; note: string; key?: string }>;
  draftOrders: Array<{ id: string; input: Record<string, any>; tags: string[]; orderId?: string }>;
  orders: Map<string, FakeOrder>;
  callsOf(op: Operation): ShopifyCall[];
  failNext(op: Operation, kind: Failure, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;
const MONEY = /^\d+\.\d{2}$/;

function operationOf(query: string): Operation | 'unknown' {
  if (/\brefundCreate\s*\(/.test(query)) return 'refundCreate';
  if (/\bdraftOrderCreate\s*\(/.test(query)) return 'draftOrderCreate';
  if (/\bdraftOrderComplete\s*\(/.test(query)) return 'draftOrderComplete';
  if (/\border\s*\(\s*id:/.test(query) && /\bdraftOrders\s*\(/.test(query) && /\blineItems\b/.test(query)) return 'reshipContext';
  if (/\border\s*\(\s*id:/.test(query) && /\btransactions\b/.test(query)) return 'refundContext';
  if (/\border\s*\(\s*id:/.test(query) && /\bfulfillments\b/.test(query)) return 'tracking';
  return 'unknown';
}

export async function startFakeShopify(opts: { token?: string } = {}): Promise<FakeShopify> {
  const token = opts.token ?? 'shpat_test_0123456789';
  const failures: Array<{ op: Operation; kind: Failure }> = [];
  let seq = 900_000_000_001;
  const held: ServerResponse[] = [];

  const fake: FakeShopify = {
    url: '',
    token,
    calls: [],
    shapeErrors: [],
    refunds: [],
    draftOrders: [],
    orders: new Map(),
    callsOf: (op) => fake.calls.filter((c) => c.operation === op),
    failNext(op, kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ op, kind });
    },
    reset() {
      fake.calls.length = 0;
      fake.shapeErrors.length = 0;
      fake.refunds.length = 0;
      fake.draftOrders.length = 0;
      fake.orders.clear();
      failures.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const r of held.splice(0)) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const orderOf = (gid: string): FakeOrder => {
    const id = gid.split('/').pop()!;
    let o = fake.orders.get(id);
    if (!o) {
      o = {
        currency: 'USD',
        gateway: 'bogus',
        lineItems: [
          { title: 'Aviator sunglasses', quantity: 1, sku: 'SKU2006-001', variantId: 'gid://shopify/ProductVariant/642667041472713922' },
        ],
        fulfillments: [],
      };
      fake.orders.set(id, o);
    }
    return o;
  };

  const problem = (msg: string) => fake.shapeErrors.push(msg);
  const requireVar = (query: string, decl: string) => {
    if (!query.replace(/\s+/g, ' ').includes(decl)) problem(`query does not declare ${decl}`);
  };

  function answer(call: ShopifyCall, apply: boolean): Record<string, unknown> {
    const v = call.variables;
    switch (call.operation) {
      case 'refundContext': {
        requireVar(call.query, '$id: ID!');
        if (!ORDER_GID.test(v.id)) problem(`refundContext: id ${v.id} is not an Order gid`);
        const o = orderOf(v.id);
        const id = v.id.split('/').pop();
        return {
          order: {
            id: v.id,
            presentmentCurrencyCode: o.currency,
            refunds: fake.refunds.filter((r) => r.orderId === v.id).map((r) => ({ id: r.id, note: r.note })),
            transactions: [{ id: `gid://shopify/OrderTransaction/${id}1`, kind: 'SALE', status: 'SUCCESS', gateway: o.gateway }],
          },
        };
      }
      case 'refundCreate': {
        requireVar(call.query, '$input: RefundInput!');
        if (!/userErrors\s*\{[^}]*message/.test(call.query)) problem('refundCreate: userErrors { field message } not selected');
        const input = v.input ?? {};
        if (!ORDER_GID.test(input.orderId)) problem(`refundCreate: input.orderId ${input.orderId} is not an Order gid`);
        if (typeof input.note !== 'string') problem('refundCreate: input.note missing');
        const txs = Array.isArray(input.transactions) ? input.transactions : [];
        if (!txs.length) problem('refundCreate: input.transactions empty');
        for (const t of txs) {
          if (t.orderId !== input.orderId) problem('refundCreate: transaction orderId differs from input.orderId');
          if (!/^gid:\/\/shopify\/OrderTransaction\/\d+$/.test(t.parentId))
            problem(`refundCreate: parentId ${t.parentId} is not an OrderTransaction gid`);
          if (typeof t.gateway !== 'string' || !t.gateway) problem('refundCreate: transaction gateway missing');
          if (t.kind !== 'REFUND') problem(`refundCreate: transaction kind ${t.kind}, expected REFUND`);
          if (!MONEY.test(String(t.amount))) problem(`refundCreate: amount ${t.amount} is not a decimal string`);
        }
        const earlier = call.idempotencyKey ? fake.refunds.find((r) => r.key === call.idempotencyKey) : undefined;
        const refund = earlier ?? {
          id: `gid://shopify/Refund/${seq++}`,
          orderId: input.orderId,
          amount: String(txs[0]?.amount),
          note: input.note,
          ...(call.idempotencyKey ? { key: call.idempotencyKey } : {}),
        };
        if (apply && !earlier) fake.refunds.push(refund);
        return {
          refundCreate: {
            refund: {
              id: refund.id,
              note: refund.note,
              totalRefundedSet: { presentmentMoney: { amount: refund.amount, currencyCode: 'USD' } },
            },
            userErrors: [],
          },
        };
      }
      case 'reshipContext': {
        requireVar(call.query, '$id: ID!');
        requireVar(call.query, '$search: String!');
        if (!ORDER_GID.test(v.id)) problem(`reshipContext: id ${v.id} is not an Order gid`);
        const o = orderOf(v.id);
        const tag = String(v.search ?? '').replace(/^tag:/, '');
        const drafts = fake.draftOrders.filter((d) => d.tags.includes(tag));
        return {
          order: {
            id: v.id,
            email: 'jon@example.com',
            customer: { id: 'gid://shopify/Customer/115310627314723954' },
            shippingAddress: {
              firstName: 'Steve',
              lastName: 'Shipper',
              company: null,
              address1: '123 Shipping Street',
              address2: null,
              city: 'Shippington',
              provinceCode: 'KY',
              countryCodeV2: 'US',
              zip: '40003',
              phone: null,
            },
            lineItems: {
              nodes: o.lineItems.map((l) => ({
                title: l.title,
                quantity: l.quantity,
                sku: l.sku ?? null,
                variant: l.variantId ? { id: l.variantId } : null,
              })),
            },
          },
          draftOrders: {
            nodes: drafts.map((d) => ({
              id: d.id,
              status: d.orderId ? 'COMPLETED' : 'OPEN',
              order: d.orderId ? { id: d.orderId, name: '#R1' } : null,
            })),
          },
        };
      }
      case 'draftOrderCreate': {
        requireVar(call.query, '$input: DraftOrderInput!');
        const input = v.input ?? {};
        const lines = Array.isArray(input.lineItems) ? input.lineItems : [];
        if (!lines.length) problem('draftOrderCreate: input.lineItems empty');
        for (const l of lines) {
          if (!Number.isInteger(l.quantity) || l.quantity < 1) problem('draftOrderCreate: line item quantity must be a positive integer');
          if (!l.variantId && !(l.title && l.originalUnitPrice !== undefined))
            problem('draftOrderCreate: a custom line item needs title and originalUnitPrice');
          if (l.variantId && !/^gid:\/\/shopify\/ProductVariant\/\d+$/.test(l.variantId))
            problem(`draftOrderCreate: variantId ${l.variantId} is not a ProductVariant gid`);
        }
        const d = input.appliedDiscount;
        if (d && !(['PERCENTAGE', 'FIXED_AMOUNT'].includes(d.valueType) && typeof d.value === 'number'))
          problem('draftOrderCreate: appliedDiscount needs valueType and value');
        const draft = { id: `gid://shopify/DraftOrder/${seq++}`, input, tags: Array.isArray(input.tags) ? input.tags : [] };
        if (apply) fake.draftOrders.push(draft);
        return { draftOrderCreate: { draftOrder: { id: draft.id, status: 'OPEN' }, userErrors: [] } };
      }
      case 'draftOrderComplete': {
        requireVar(call.query, '$id: ID!');
        const draft = fake.draftOrders.find((x) => x.id === v.id);
        if (!draft)
          return { draftOrderComplete: { draftOrder: null, userErrors: [{ field: ['id'], message: 'Draft order does not exist' }] } };
        if (apply && !draft.orderId) draft.orderId = `gid://shopify/Order/${seq++}`;
        return {
          draftOrderComplete: {
            draftOrder: { id: draft.id, status: 'COMPLETED', order: { id: draft.orderId, name: '#R1' } },
            userErrors: [],
          },
        };
      }
      case 'tracking': {
        const o = orderOf(v.id);
        return { order: { fulfillments: o.fulfillments } };
      }
      case 'unknown':
        problem(`unknown operation: ${call.query.slice(0, 80)}`);
        return {};
    }
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return send(res, 404, { errors: 'Not Found' });
    if (req.headers['x-shopify-access-token'] !== token)
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
      variables: (body.variables ?? {}) as Record<string, any>,
      ...(key ? { idempotencyKey: key } : {}),
    };
    fake.calls.push(call);
    if (call.operation === 'refundCreate' && m[1]! >= '2026-04' && !key)
      problem('refundCreate without @idempotent (mandatory from 2026-04)');
    const i = failures.findIndex((f) => f.op === call.operation);
    const failure = i >= 0 ? failures.splice(i, 1)[0]!.kind : undefined;
    switch (failure) {
      case 'http500':
        return send(res, 500, { errors: 'Internal Server Error' });
      case 'http401':
        return send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      case 'throttled':
        return send(res, 200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] });
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
        return send(res, 200, {
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
        answer(call, true);
        return send(res, 500, { errors: 'Internal Server Error' });
      default:
        return send(res, 200, { data: answer(call, true) });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { errors: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
