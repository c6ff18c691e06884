/* eslint-disable @typescript-eslint/no-explicit-any -- request variables are untyped JSON, checked field by field below */
import {
  MONEY,
  ORDER_GID,
  cents,
  decimal,
  lineItemsOf,
  presentmentOf,
  refundableQuantity,
  totalOf,
  type FakeRefund,
} from './shopify-model.js';
import type { Answer, FakeState, ShopifyCall } from './shopify-operations.js';

/** refundCreate and the draft-order calls of the fake Admin API (see shopify-operations.ts). */

const RESTOCK_TYPES = new Set(['NO_RESTOCK', 'CANCEL', 'RETURN']);

const userError = (root: string, field: string[], message: string, extra: Record<string, unknown> = {}): Answer => ({
  data: { [root]: { ...extra, userErrors: [{ field, message }] } },
});

export function refundCreate(call: ShopifyCall, s: FakeState, apply: boolean, requireVar: (d: string) => void): Answer {
  requireVar('$input: RefundInput!');
  if (!/userErrors\s*\{[^}]*message/.test(call.query)) s.problem('refundCreate: userErrors { field message } not selected');
  const input = call.variables.input ?? {};
  if (!ORDER_GID.test(input.orderId)) s.problem(`refundCreate: input.orderId ${input.orderId} is not an Order gid`);
  if (typeof input.note !== 'string') s.problem('refundCreate: input.note missing');
  const txs = Array.isArray(input.transactions) ? input.transactions : [];
  if (!txs.length) s.problem('refundCreate: input.transactions empty');
  for (const t of txs) {
    if (t.orderId !== input.orderId) s.problem('refundCreate: transaction orderId differs from input.orderId');
    if (!/^gid:\/\/shopify\/OrderTransaction\/\d+$/.test(t.parentId))
      s.problem(`refundCreate: parentId ${t.parentId} is not an OrderTransaction gid`);
    if (typeof t.gateway !== 'string' || !t.gateway) s.problem('refundCreate: transaction gateway missing');
    if (t.kind !== 'REFUND') s.problem(`refundCreate: transaction kind ${t.kind}, expected REFUND`);
    if (!MONEY.test(String(t.amount))) s.problem(`refundCreate: amount ${t.amount} is not a decimal string`);
  }
  const earlier = call.idempotencyKey ? s.refunds.find((r) => r.key === call.idempotencyKey) : undefined;
  const payload = (r: FakeRefund) => ({
    data: {
      refundCreate: {
        refund: { id: r.id, note: r.note, totalRefundedSet: { presentmentMoney: { amount: r.amount, currencyCode: r.currency } } },
        userErrors: [],
      },
    },
  });
  if (earlier) return payload(earlier);
  const o = s.orderOf(input.orderId);
  const pc = presentmentOf(o);
  const root = 'refundCreate';
  const none = { refund: null };
  // "This must be the presentment currency … required for orders where the currency and presentment currency differ."
  if (input.currency !== undefined && input.currency !== pc)
    return userError(root, ['currency'], `Currency must be the presentment currency ${pc}`, none);
  if (input.currency === undefined && pc !== o.currency)
    return userError(root, ['currency'], 'Currency is required when the presentment currency differs from the shop currency', none);
  const lines = Array.isArray(input.refundLineItems) ? input.refundLineItems : [];
  const prior = s.refunds.filter((r) => r.orderId === input.orderId);
  for (const [i, l] of lines.entries()) {
    if (!/^gid:\/\/shopify\/LineItem\/\d+$/.test(l.lineItemId)) s.problem(`refundCreate: lineItemId ${l.lineItemId} is not a LineItem gid`);
    if (l.restockType !== undefined && !RESTOCK_TYPES.has(l.restockType))
      s.problem(`refundCreate: restockType ${l.restockType} is not a RefundLineItemRestockType`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1) s.problem('refundCreate: refund line item quantity must be a positive integer');
    if (l.quantity > refundableQuantity(o, l.lineItemId, prior))
      return userError(root, ['refundLineItems', String(i), 'quantity'], 'Quantity cannot refund more items than were purchased', none);
  }
  const amount = txs.reduce((sum: number, t: any) => sum + cents(t.amount ?? 0), 0);
  const refunded = prior.reduce((sum, r) => sum + cents(r.amount), 0);
  if (refunded + amount > totalOf(o))
    return userError(root, ['transactions', '0', 'amount'], 'Amount cannot be greater than the refundable amount', none);
  const refund: FakeRefund = {
    id: `gid://shopify/Refund/${s.nextId()}`,
    orderId: input.orderId,
    amount: decimal(amount),
    currency: pc,
    note: input.note,
    ...(input.notify !== undefined ? { notify: input.notify } : {}),
    ...(call.idempotencyKey ? { key: call.idempotencyKey } : {}),
    lineItems: lines.map((l: any) => ({
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      restockType: l.restockType ?? 'NO_RESTOCK',
      ...(l.locationId ? { locationId: l.locationId } : {}),
    })),
    createdAt: new Date(s.now()).toISOString(),
  };
  if (apply) s.refunds.push(refund);
  return payload(refund);
}

export function draftOrders(call: ShopifyCall, s: FakeState, apply: boolean, requireVar: (d: string) => void): Answer {
  const v = call.variables;
  switch (call.operation) {
    case 'reshipContext': {
      requireVar('$id: ID!');
      requireVar('$search: String!');
      if (!ORDER_GID.test(v.id)) s.problem(`reshipContext: id ${v.id} is not an Order gid`);
      const o = s.orderOf(v.id);
      const tag = String(v.search ?? '').replace(/^tag:/, '');
      const drafts = s.draftOrders.filter((d) => d.tags.includes(tag));
      return {
        data: {
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
              nodes: lineItemsOf(o).map((l) => ({
                title: l.title,
                quantity: l.quantity,
                sku: l.sku ?? null,
                variant: l.variantId ? { id: `gid://shopify/ProductVariant/${l.variantId}` } : null,
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
        },
      };
    }
    case 'draftOrderCreate': {
      requireVar('$input: DraftOrderInput!');
      const input = v.input ?? {};
      const lines = Array.isArray(input.lineItems) ? input.lineItems : [];
      if (!lines.length) s.problem('draftOrderCreate: input.lineItems empty');
      for (const l of lines) {
        if (!Number.isInteger(l.quantity) || l.quantity < 1) s.problem('draftOrderCreate: line item quantity must be a positive integer');
        if (!l.variantId && !(l.title && l.originalUnitPrice !== undefined))
          s.problem('draftOrderCreate: a custom line item needs title and originalUnitPrice');
        if (l.variantId && !/^gid:\/\/shopify\/ProductVariant\/\d+$/.test(l.variantId))
          s.problem(`draftOrderCreate: variantId ${l.variantId} is not a ProductVariant gid`);
      }
      const d = input.appliedDiscount;
      if (d && !(['PERCENTAGE', 'FIXED_AMOUNT'].includes(d.valueType) && typeof d.value === 'number'))
        s.problem('draftOrderCreate: appliedDiscount needs valueType and value');
      const draft = { id: `gid://shopify/DraftOrder/${s.nextId()}`, input, tags: Array.isArray(input.tags) ? input.tags : [] };
      if (apply) s.draftOrders.push(draft);
      return { data: { draftOrderCreate: { draftOrder: { id: draft.id, status: 'OPEN' }, userErrors: [] } } };
    }
    default: {
      requireVar('$id: ID!');
      const draft = s.draftOrders.find((x) => x.id === v.id);
      if (!draft)
        return {
          data: { draftOrderComplete: { draftOrder: null, userErrors: [{ field: ['id'], message: 'Draft order does not exist' }] } },
        };
      if (apply && !draft.orderId) draft.orderId = `gid://shopify/Order/${s.nextId()}`;
      return {
        data: {
          draftOrderComplete: {
            draftOrder: { id: draft.id, status: 'COMPLETED', order: { id: draft.orderId, name: '#R1' } },
            userErrors: [],
          },
        },
      };
    }
  }
}
