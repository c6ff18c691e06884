import { createHash } from 'node:crypto';
import type { OrderRow } from '../../db/rows.js';
import type { Connector, ConnectorFailure, ConnectorResult, RefundRequest, ReshipRequest, ShopifyConfig, Tracking } from '../connector.js';
import { decimalAmount, networkFailure } from '../http.js';

/** The Admin API version used when the config names none. refundCreate takes @idempotent from 2026-01 on. */
export const DEFAULT_SHOPIFY_API_VERSION = '2026-01';
const DEFAULT_TIMEOUT_MS = 10_000;

export const REFUND_CONTEXT_QUERY = `query SellerDeskRefundContext($id: ID!) {
  order(id: $id) {
    id
    presentmentCurrencyCode
    refunds(first: 50) { id note }
    transactions(first: 50) { id kind status gateway }
  }
}`;

const refundCreateMutation = (key: string | undefined) => `mutation SellerDeskRefundCreate($input: RefundInput!) {
  refundCreate(input: $input)${key ? ` @idempotent(key: ${JSON.stringify(key)})` : ''} {
    refund { id note totalRefundedSet { presentmentMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

export const RESHIP_CONTEXT_QUERY = `query SellerDeskReshipContext($id: ID!, $search: String!) {
  order(id: $id) {
    id
    email
    customer { id }
    shippingAddress { firstName lastName company address1 address2 city provinceCode countryCodeV2 zip phone }
    lineItems(first: 100) { nodes { title quantity sku variant { id } } }
  }
  draftOrders(first: 5, query: $search) { nodes { id status order { id name } } }
}`;

export const DRAFT_ORDER_CREATE = `mutation SellerDeskDraftOrderCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) {
    draftOrder { id status }
    userErrors { field message }
  }
}`;

export const DRAFT_ORDER_COMPLETE = `mutation SellerDeskDraftOrderComplete($id: ID!) {
  draftOrderComplete(id: $id) {
    draftOrder { id status order { id name } }
    userErrors { field message }
  }
}`;

export const TRACKING_QUERY = `query SellerDeskTracking($id: ID!) {
  order(id: $id) {
    fulfillments(first: 10) { status displayStatus deliveredAt trackingInfo(first: 1) { number company } }
  }
}`;

type Gql<T> = { ok: true; data: T } | ConnectorFailure;
interface UserError {
  field?: string[] | null;
  message: string;
}

/** A stable tag for a replacement: lets a retry find the draft order an earlier attempt created. */
export const replacementTag = (key: string): string => `sellerdesk-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
/** Written into the refund note: a retry finds a refund an earlier attempt created. */
export const refundMarker = (key: string): string => `[sellerdesk:${key}]`;

export function orderGid(order: Pick<OrderRow, 'externalId'>): string | undefined {
  if (/^gid:\/\/shopify\/Order\/\d+$/.test(order.externalId)) return order.externalId;
  return /^\d{1,20}$/.test(order.externalId) ? `gid://shopify/Order/${order.externalId}` : undefined;
}

const refused = (what: string, errors: UserError[]): ConnectorFailure => ({
  ok: false,
  retryable: false,
  error: `Shopify refused the ${what}: ${errors.map((e) => `${e.field?.length ? `${e.field.join('.')}: ` : ''}${e.message}`).join('; ')}`,
});

/** "1 x Mug; 2 × Saucer" → [{ quantity: 1, title: 'Mug' }, …]. */
export function parseItems(text: string): Array<{ quantity: number; title: string }> {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d{1,4})\s*[x×*]\s*(.+)$/i.exec(s);
      return m ? { quantity: Math.max(1, Number(m[1])), title: m[2]!.trim() } : { quantity: 1, title: s };
    });
}

/**
 * The Shopify connector: the Admin GraphQL API at `${adminApiUrl}/admin/api/${version}/graphql.json`
 * with X-Shopify-Access-Token. Refunds: refundCreate against the order's captured payment, with
 * @idempotent and a key in the note (a retry whose answer was lost finds the refund instead of
 * refunding twice). Replacements: draftOrderCreate (100 % discount, tagged with the key) then
 * draftOrderComplete. userErrors are refusals (not retried); 429, 5xx, THROTTLED and timeouts are retryable.
 */
export function createShopifyConnector(config: ShopifyConfig): Connector {
  const version = config.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION;
  const endpoint = `${config.adminApiUrl.replace(/\/+$/, '')}/admin/api/${version}/graphql.json`;
  const idempotentDirective = version === 'unstable' || version >= '2026-01';

  async function gql<T>(query: string, variables: Record<string, unknown>): Promise<Gql<T>> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': config.accessToken },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      return networkFailure('Shopify', err);
    }
    const text = await res.text().catch(() => '');
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        retryable: false,
        error: `Shopify refused the access token (HTTP ${res.status}); check connector.accessToken and the app's scopes`,
      };
    if (res.status === 429 || res.status >= 500)
      return { ok: false, retryable: true, error: `Shopify answered HTTP ${res.status}; try again shortly` };
    if (!res.ok) return { ok: false, retryable: false, error: `Shopify answered HTTP ${res.status}: ${text.slice(0, 200)}` };
    let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { ok: false, retryable: true, error: 'Shopify answered with something that is not JSON' };
    }
    if (body.errors?.length) {
      const throttled = body.errors.some((e) => e.extensions?.code === 'THROTTLED');
      return {
        ok: false,
        retryable: throttled,
        error: `Shopify: ${body.errors
          .map((e) => e.message)
          .join('; ')
          .slice(0, 300)}`,
      };
    }
    if (!body.data) return { ok: false, retryable: true, error: 'Shopify answered without data' };
    return { ok: true, data: body.data };
  }

  async function refund(r: RefundRequest): Promise<ConnectorResult> {
    const id = r.order ? orderGid(r.order) : undefined;
    if (!id)
      return {
        ok: false,
        retryable: false,
        error: r.order ? `order ${r.order.externalId} is not a Shopify order id` : 'the case names no Shopify order to refund',
      };
    if (r.amountCents === undefined || r.amountCents <= 0)
      return { ok: false, retryable: false, error: 'the refund amount is unknown; use a partial refund with an amount' };
    type Ctx = {
      order: {
        id: string;
        presentmentCurrencyCode?: string;
        refunds: Array<{ id: string; note: string | null }>;
        transactions: Array<{ id: string; kind: string; status: string; gateway: string }>;
      } | null;
    };
    const ctx = await gql<Ctx>(REFUND_CONTEXT_QUERY, { id });
    if (!ctx.ok) return ctx;
    const order = ctx.data.order;
    if (!order) return { ok: false, retryable: false, error: `Shopify has no order ${id}` };
    const marker = refundMarker(r.idempotencyKey);
    const earlier = order.refunds.find((f) => f.note?.includes(marker));
    if (earlier) return { ok: true, ref: earlier.id };
    const parent = order.transactions.find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
    if (!parent) return { ok: false, retryable: false, error: `order ${r.order!.externalId} has no captured payment to refund` };
    const input = {
      orderId: id,
      note: `${r.reason.slice(0, 200)} ${marker}`,
      notify: true,
      ...(order.presentmentCurrencyCode ? { currency: order.presentmentCurrencyCode } : {}),
      transactions: [{ orderId: id, parentId: parent.id, gateway: parent.gateway, kind: 'REFUND', amount: decimalAmount(r.amountCents) }],
    };
    type Res = { refundCreate: { refund: { id: string } | null; userErrors: UserError[] } | null };
    const res = await gql<Res>(refundCreateMutation(idempotentDirective ? r.idempotencyKey : undefined), { input });
    if (!res.ok) return res;
    const payload = res.data.refundCreate;
    if (payload?.userErrors.length) return refused('refund', payload.userErrors);
    if (!payload?.refund) return { ok: false, retryable: true, error: 'Shopify created no refund and gave no reason' };
    return { ok: true, ref: payload.refund.id };
  }

  async function reship(r: ReshipRequest): Promise<ConnectorResult> {
    const id = r.order ? orderGid(r.order) : undefined;
    if (!id)
      return {
        ok: false,
        retryable: false,
        error: r.order ? `order ${r.order.externalId} is not a Shopify order id` : 'the case names no Shopify order to replace',
      };
    const tag = replacementTag(r.idempotencyKey);
    type Addr = Record<string, string | null>;
    type Ctx = {
      order: {
        id: string;
        email: string | null;
        customer: { id: string } | null;
        shippingAddress: Addr | null;
        lineItems: { nodes: Array<{ title: string; quantity: number; variant: { id: string } | null }> };
      } | null;
      draftOrders: { nodes: Array<{ id: string; status: string; order: { id: string; name: string } | null }> };
    };
    const ctx = await gql<Ctx>(RESHIP_CONTEXT_QUERY, { id, search: `tag:${tag}` });
    if (!ctx.ok) return ctx;
    const order = ctx.data.order;
    if (!order) return { ok: false, retryable: false, error: `Shopify has no order ${id}` };
    let draftId = ctx.data.draftOrders.nodes[0]?.id;
    const existingOrder = ctx.data.draftOrders.nodes[0]?.order;
    if (existingOrder) return { ok: true, ref: existingOrder.id };
    if (!draftId) {
      const wanted = parseItems(r.items);
      const byTitle = new Map(order.lineItems.nodes.map((l) => [l.title.trim().toLowerCase(), l]));
      const picked = wanted.length ? wanted : order.lineItems.nodes.map((l) => ({ title: l.title, quantity: l.quantity }));
      const lineItems = picked.map((w) => {
        const variant = byTitle.get(w.title.toLowerCase())?.variant;
        return variant
          ? { variantId: variant.id, quantity: w.quantity }
          : { title: w.title, quantity: w.quantity, originalUnitPrice: '0.00' };
      });
      const a = order.shippingAddress;
      const shippingAddress = a
        ? Object.fromEntries(
            Object.entries({
              firstName: a.firstName,
              lastName: a.lastName,
              company: a.company,
              address1: a.address1,
              address2: a.address2,
              city: a.city,
              provinceCode: a.provinceCode,
              countryCode: a.countryCodeV2,
              zip: a.zip,
              phone: a.phone,
            }).filter(([, v]) => v != null),
          )
        : undefined;
      const input = {
        lineItems,
        appliedDiscount: { valueType: 'PERCENTAGE', value: 100, title: 'Replacement', description: 'SellerDesk replacement' },
        note: `Replacement for order ${r.order!.externalId}${r.note ? `: ${r.note.slice(0, 500)}` : ''}`,
        tags: ['sellerdesk', tag],
        ...(order.email ? { email: order.email } : {}),
        ...(order.customer ? { purchasingEntity: { customerId: order.customer.id } } : {}),
        ...(shippingAddress ? { shippingAddress } : {}),
      };
      type Created = { draftOrderCreate: { draftOrder: { id: string } | null; userErrors: UserError[] } | null };
      const created = await gql<Created>(DRAFT_ORDER_CREATE, { input });
      if (!created.ok) return created;
      if (created.data.draftOrderCreate?.userErrors.length) return refused('replacement order', created.data.draftOrderCreate.userErrors);
      draftId = created.data.draftOrderCreate?.draftOrder?.id;
      if (!draftId) return { ok: false, retryable: true, error: 'Shopify created no draft order and gave no reason' };
    }
    type Completed = {
      draftOrderComplete: { draftOrder: { id: string; order: { id: string; name: string } | null } | null; userErrors: UserError[] } | null;
    };
    const completed = await gql<Completed>(DRAFT_ORDER_COMPLETE, { id: draftId });
    if (!completed.ok) return completed;
    const p = completed.data.draftOrderComplete;
    if (p?.userErrors.length) return refused('replacement order', p.userErrors);
    const newOrder = p?.draftOrder?.order;
    return newOrder ? { ok: true, ref: newOrder.id } : { ok: false, retryable: true, error: `draft order ${draftId} was not completed` };
  }

  return {
    type: 'shopify',
    refund,
    reship,
    async replyToBuyer(r) {
      // The Admin API has no buyer messaging: the reply is kept and someone sends it.
      const to = r.buyer.email ?? r.order?.buyerEmail;
      return {
        ok: true,
        sent: false,
        ref: `shopify:unsent:${r.idempotencyKey}`,
        manual: {
          title: 'Send the reply by hand',
          checklist: [to ? `Email it to ${to} or answer in Shopify Inbox.` : 'Answer in Shopify Inbox.'],
        },
      };
    },
    async fetchTracking({ order }): Promise<Tracking | undefined> {
      const id = orderGid(order);
      if (!id) return undefined;
      type Res = { order: { fulfillments: Array<{ status: string; displayStatus: string | null; deliveredAt: string | null }> } | null };
      const res = await gql<Res>(TRACKING_QUERY, { id });
      const last = res.ok ? res.data.order?.fulfillments.at(-1) : undefined;
      if (!last) return undefined;
      return { status: last.displayStatus ?? last.status, ...(last.deliveredAt ? { deliveredAt: new Date(last.deliveredAt) } : {}) };
    },
  };
}
