import type { OrderRow } from '../../db/rows.js';
import type { ConnectorResult, RefundRequest } from '../connector.js';
import { decimalAmount } from '../http.js';
import { refusal, toCents, toGid, type AdminClient, type UserError } from './graphql.js';

/**
 * refundCreate (Admin GraphQL 2026-01, https://shopify.dev/docs/api/admin-graphql/2026-01/mutations/refundCreate):
 * `RefundInput { orderId, note, notify, currency, refundLineItems: [{ lineItemId, quantity,
 * restockType: RETURN | CANCEL | NO_RESTOCK, locationId }], transactions: [{ orderId, parentId,
 * gateway, kind: REFUND, amount }] }`. `currency` "must be the presentment currency … required for
 * orders where the currency and presentment currency differ", so every amount here is in the
 * presentment currency. `@idempotent(key:)` is accepted from 2026-01 and mandatory from 2026-04.
 */

export const REFUND_CONTEXT_QUERY = `query SellerDeskRefundContext($id: ID!) {
  order(id: $id) {
    id
    presentmentCurrencyCode
    refunds(first: 50) { id note }
    transactions(first: 50) { id kind status gateway }
    lineItems(first: 100) { nodes { id refundableQuantity } }
  }
}`;

export const SUGGESTED_REFUND_QUERY = `query SellerDeskSuggestedRefund($id: ID!, $refundLineItems: [RefundLineItemInput!]) {
  order(id: $id) {
    suggestedRefund(refundLineItems: $refundLineItems) { amountSet { presentmentMoney { amount currencyCode } } }
  }
}`;

export const refundCreateMutation = (key: string | undefined) => `mutation SellerDeskRefundCreate($input: RefundInput!) {
  refundCreate(input: $input)${key ? ` @idempotent(key: ${JSON.stringify(key)})` : ''} {
    refund { id note totalRefundedSet { presentmentMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

/** Written into the refund note: a retry finds a refund an earlier attempt created. */
export const refundMarker = (key: string): string => `[sellerdesk:${key}]`;

export function orderGid(order: Pick<OrderRow, 'externalId'>): string | undefined {
  return toGid('Order', order.externalId);
}

const RESTOCK = { return: 'RETURN', cancel: 'CANCEL', no_restock: 'NO_RESTOCK' } as const;

type Ctx = {
  order: {
    id: string;
    presentmentCurrencyCode?: string | null;
    refunds: Array<{ id: string; note: string | null }>;
    transactions: Array<{ id: string; kind: string; status: string; gateway: string }>;
    lineItems?: { nodes: Array<{ id: string; refundableQuantity?: number | null }> } | null;
  } | null;
};

const fail = (error: string, retryable = false): ConnectorResult => ({
  ok: false,
  retryable,
  error,
  code: retryable ? 'invalid' : 'refused',
});

/** One refund through Shopify, idempotent by the request's key (directive and note marker). */
export async function createShopifyRefund(admin: AdminClient, r: RefundRequest): Promise<ConnectorResult> {
  const id = r.order ? orderGid(r.order) : undefined;
  if (!id) return fail(r.order ? `order ${r.order.externalId} is not a Shopify order id` : 'the case names no Shopify order to refund');
  if (r.amountCents !== undefined && r.amountCents <= 0) return fail('the refund amount must be more than zero');
  const ctx = await admin.request<Ctx>(REFUND_CONTEXT_QUERY, { id });
  if (!ctx.ok) return ctx;
  const order = ctx.data.order;
  if (!order) return fail(`Shopify has no order ${id}`);
  const marker = refundMarker(r.idempotencyKey);
  const earlier = order.refunds.find((f) => f.note?.includes(marker));
  if (earlier) return { ok: true, ref: earlier.id };
  const currency = order.presentmentCurrencyCode ?? undefined;
  if (currency && r.currency && r.currency !== currency)
    return fail(`the refund is in ${r.currency} but the buyer paid in ${currency}; Shopify refunds in the buyer's currency`);
  const parent = order.transactions.find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
  if (!parent) return fail(`order ${r.order!.externalId} has no captured payment to refund`);

  const known = new Map((order.lineItems?.nodes ?? []).map((l) => [l.id, l.refundableQuantity ?? undefined]));
  const restockType = RESTOCK[r.restock ?? 'no_restock'];
  const refundLineItems: Array<Record<string, unknown>> = [];
  for (const l of r.lineItems ?? []) {
    const lineItemId = toGid('LineItem', l.lineItemId);
    if (!lineItemId) return fail(`line item ${l.lineItemId} is not a Shopify line item id`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1)
      return fail(`line item ${l.lineItemId}: the quantity must be a whole number of at least 1`);
    if (known.size && !known.has(lineItemId)) return fail(`line item ${l.lineItemId} is not on order ${r.order!.externalId}`);
    const left = known.get(lineItemId);
    if (left !== undefined && l.quantity > left) return fail(`line item ${l.lineItemId}: only ${left} left to refund, not ${l.quantity}`);
    refundLineItems.push({
      lineItemId,
      quantity: l.quantity,
      restockType,
      ...(restockType !== 'NO_RESTOCK' && r.restockLocationId ? { locationId: toGid('Location', r.restockLocationId) } : {}),
    });
  }

  let cents = r.amountCents;
  if (cents === undefined) {
    if (!refundLineItems.length) return fail('the refund amount is unknown; use a partial refund with an amount');
    type Suggested = {
      order: { suggestedRefund: { amountSet: { presentmentMoney: { amount: string; currencyCode: string } } } | null } | null;
    };
    const s = await admin.request<Suggested>(SUGGESTED_REFUND_QUERY, { id, refundLineItems });
    if (!s.ok) return s;
    const m = s.data.order?.suggestedRefund?.amountSet.presentmentMoney;
    if (!m) return fail('Shopify suggested no refund amount for those line items');
    cents = toCents(m.amount);
    if (cents <= 0) return fail('Shopify suggests nothing is left to refund for those line items');
  }

  const input = {
    orderId: id,
    note: `${r.reason.slice(0, 200)} ${marker}`,
    notify: r.notify ?? true,
    ...(currency ? { currency } : {}),
    ...(refundLineItems.length ? { refundLineItems } : {}),
    transactions: [{ orderId: id, parentId: parent.id, gateway: parent.gateway, kind: 'REFUND', amount: decimalAmount(cents) }],
  };
  type Res = { refundCreate: { refund: { id: string } | null; userErrors: UserError[] } | null };
  const res = await admin.request<Res>(refundCreateMutation(admin.idempotentDirective ? r.idempotencyKey : undefined), { input });
  if (!res.ok) return res;
  const payload = res.data.refundCreate;
  if (payload?.userErrors.length) return refusal('refund', payload.userErrors);
  if (!payload?.refund) return { ok: false, retryable: true, code: 'invalid', error: 'Shopify created no refund and gave no reason' };
  return { ok: true, ref: payload.refund.id };
}
