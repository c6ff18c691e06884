import { createHash } from 'node:crypto';
import type { ConnectorResult, ReshipRequest } from '../connector.js';
import { refusal, type AdminClient, type UserError } from './graphql.js';
import { orderGid } from './refunds.js';

/**
 * Replacements as draft orders (Admin GraphQL): draftOrderCreate with a 100 % discount, tagged with
 * a hash of the idempotency key, then draftOrderComplete. A retry finds the tagged draft (or the
 * order it became) instead of creating a second one.
 */

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

/** A stable tag for a replacement: lets a retry find the draft order an earlier attempt created. */
export const replacementTag = (key: string): string => `sellerdesk-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

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

function addressInput(a: Addr | null): Record<string, string> | undefined {
  if (!a) return undefined;
  const fields = {
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
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] != null));
}

export async function createShopifyReplacement(admin: AdminClient, r: ReshipRequest): Promise<ConnectorResult> {
  const id = r.order ? orderGid(r.order) : undefined;
  if (!id)
    return {
      ok: false,
      retryable: false,
      error: r.order ? `order ${r.order.externalId} is not a Shopify order id` : 'the case names no Shopify order to replace',
    };
  const tag = replacementTag(r.idempotencyKey);
  const ctx = await admin.request<Ctx>(RESHIP_CONTEXT_QUERY, { id, search: `tag:${tag}` });
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
    const shippingAddress = addressInput(order.shippingAddress);
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
    const created = await admin.request<Created>(DRAFT_ORDER_CREATE, { input });
    if (!created.ok) return created;
    if (created.data.draftOrderCreate?.userErrors.length) return refusal('replacement order', created.data.draftOrderCreate.userErrors);
    draftId = created.data.draftOrderCreate?.draftOrder?.id;
    if (!draftId) return { ok: false, retryable: true, error: 'Shopify created no draft order and gave no reason' };
  }
  type Completed = {
    draftOrderComplete: { draftOrder: { id: string; order: { id: string; name: string } | null } | null; userErrors: UserError[] } | null;
  };
  const completed = await admin.request<Completed>(DRAFT_ORDER_COMPLETE, { id: draftId });
  if (!completed.ok) return completed;
  const p = completed.data.draftOrderComplete;
  if (p?.userErrors.length) return refusal('replacement order', p.userErrors);
  const newOrder = p?.draftOrder?.order;
  return newOrder ? { ok: true, ref: newOrder.id } : { ok: false, retryable: true, error: `draft order ${draftId} was not completed` };
}
