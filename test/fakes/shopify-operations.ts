/* eslint-disable @typescript-eslint/no-explicit-any -- request variables are untyped JSON, checked field by field below */
import { draftOrders, refundCreate } from './shopify-order-ops.js';
import {
  ORDER_GID,
  cents,
  decimal,
  lineItemsOf,
  orderJson,
  presentmentOf,
  refundableQuantity,
  type FakeDispute,
  type FakeOrder,
  type FakeRefund,
  type FakeSubscription,
} from './shopify-model.js';

/**
 * The answers of the fake Admin GraphQL API, one per operation the desk uses, each checking the
 * request the way the real schema would (declared variables, required input fields, enum values)
 * and enforcing the documented rules that matter to money: refunds in the presentment currency,
 * never more than what is left, line items only as often as they were bought.
 */

export type Operation =
  | 'refundContext'
  | 'suggestedRefund'
  | 'refundCreate'
  | 'reshipContext'
  | 'draftOrderCreate'
  | 'draftOrderComplete'
  | 'tracking'
  | 'order'
  | 'dispute'
  | 'disputeEvidenceUpdate'
  | 'webhookSubscriptions'
  | 'webhookSubscriptionCreate';

export interface ShopifyCall {
  operation: Operation | 'unknown';
  version: string;
  query: string;
  variables: Record<string, any>;
  /** The @idempotent(key: …) of the request, if any. */
  idempotencyKey?: string;
  /** Refused by the cost bucket (THROTTLED) before it ran. */
  throttled?: boolean;
}

export interface FakeState {
  orders: Map<string, FakeOrder>;
  deletedOrders: Set<string>;
  refunds: FakeRefund[];
  draftOrders: Array<{ id: string; input: Record<string, any>; tags: string[]; orderId?: string }>;
  disputes: Map<string, FakeDispute>;
  subscriptions: FakeSubscription[];
  nextId(): number;
  now(): number;
  problem(msg: string): void;
  orderOf(gid: string): FakeOrder;
}

export type Answer = { data: Record<string, unknown> } | { errors: Array<{ message: string; extensions?: Record<string, unknown> }> };

export function operationOf(query: string): Operation | 'unknown' {
  const q = query.replace(/\s+/g, ' ');
  if (/\brefundCreate\s*\(/.test(q)) return 'refundCreate';
  if (/\bdraftOrderCreate\s*\(/.test(q)) return 'draftOrderCreate';
  if (/\bdraftOrderComplete\s*\(/.test(q)) return 'draftOrderComplete';
  if (/\bdisputeEvidenceUpdate\s*\(/.test(q)) return 'disputeEvidenceUpdate';
  if (/\bwebhookSubscriptionCreate\s*\(/.test(q)) return 'webhookSubscriptionCreate';
  if (/\bwebhookSubscriptions\s*\(/.test(q)) return 'webhookSubscriptions';
  if (/\bdispute\s*\(\s*id:/.test(q)) return 'dispute';
  if (!/\border\s*\(\s*id:/.test(q)) return 'unknown';
  if (/\bsuggestedRefund\b/.test(q)) return 'suggestedRefund';
  if (/\bdraftOrders\s*\(/.test(q)) return 'reshipContext';
  if (/\btransactions\b/.test(q)) return 'refundContext';
  if (/\blineItems\b/.test(q) && /\bcustomer\b/.test(q)) return 'order';
  if (/\bfulfillments\b/.test(q)) return 'tracking';
  return 'unknown';
}

const EVIDENCE_FIELDS = new Set([
  'accessActivityLog',
  'cancellationPolicyDisclosure',
  'cancellationPolicyFile',
  'cancellationRebuttal',
  'customerCommunicationFile',
  'customerEmailAddress',
  'customerFirstName',
  'customerLastName',
  'refundPolicyDisclosure',
  'refundPolicyFile',
  'refundRefusalExplanation',
  'serviceDocumentationFile',
  'shippingAddress',
  'shippingDocumentationFile',
  'submitEvidence',
  'uncategorizedFile',
  'uncategorizedText',
]);
/** WebhookSubscriptionTopic values (2026-01) the desk may ask for; compliance topics are not among them. */
export const SUBSCRIBABLE = new Set(
  [
    'orders/create',
    'orders/paid',
    'orders/updated',
    'orders/cancelled',
    'orders/fulfilled',
    'fulfillments/create',
    'fulfillments/update',
    'fulfillment_events/create',
    'refunds/create',
    'returns/request',
    'returns/approve',
    'returns/decline',
    'returns/close',
    'returns/reopen',
    'disputes/create',
    'disputes/update',
    'app/uninstalled',
  ].map((t) => t.toUpperCase().replace(/\//g, '_')),
);

const userError = (root: string, field: string[], message: string, extra: Record<string, unknown> = {}, code?: string): Answer => ({
  data: { [root]: { ...extra, userErrors: [{ field, message, ...(code ? { code } : {}) }] } },
});

export function answer(call: ShopifyCall, s: FakeState, apply: boolean): Answer {
  const v = call.variables;
  const requireVar = (decl: string) => {
    if (!call.query.replace(/\s+/g, ' ').includes(decl)) s.problem(`query does not declare ${decl}`);
  };
  const orderVar = () => {
    requireVar('$id: ID!');
    if (!ORDER_GID.test(v.id)) s.problem(`${call.operation}: id ${v.id} is not an Order gid`);
    return v.id.split('/').pop() as string;
  };
  switch (call.operation) {
    case 'order': {
      const id = orderVar();
      if (s.deletedOrders.has(id)) return { data: { order: null } };
      return {
        data: {
          order: orderJson(
            id,
            s.orderOf(v.id),
            s.refunds.filter((r) => r.orderId === v.id),
          ),
        },
      };
    }
    case 'refundContext': {
      const id = orderVar();
      if (s.deletedOrders.has(id)) return { data: { order: null } };
      const o = s.orderOf(v.id);
      const refunds = s.refunds.filter((r) => r.orderId === v.id);
      return {
        data: {
          order: {
            id: v.id,
            presentmentCurrencyCode: presentmentOf(o),
            refunds: refunds.map((r) => ({ id: r.id, note: r.note })),
            transactions: [{ id: `gid://shopify/OrderTransaction/${id}1`, kind: 'SALE', status: 'SUCCESS', gateway: o.gateway }],
            lineItems: {
              nodes: lineItemsOf(o).map((l) => ({
                id: `gid://shopify/LineItem/${l.id}`,
                refundableQuantity: refundableQuantity(o, `gid://shopify/LineItem/${l.id}`, refunds),
              })),
            },
          },
        },
      };
    }
    case 'suggestedRefund': {
      orderVar();
      const o = s.orderOf(v.id);
      const prices = new Map(lineItemsOf(o).map((l) => [`gid://shopify/LineItem/${l.id}`, cents(l.price)]));
      const lines = Array.isArray(v.refundLineItems) ? v.refundLineItems : [];
      const amount = lines.reduce((sum: number, l: any) => sum + (prices.get(l.lineItemId) ?? 0) * (l.quantity ?? 0), 0);
      return {
        data: {
          order: { suggestedRefund: { amountSet: { presentmentMoney: { amount: decimal(amount), currencyCode: presentmentOf(o) } } } },
        },
      };
    }
    case 'refundCreate':
      return refundCreate(call, s, apply, requireVar);
    case 'tracking': {
      orderVar();
      return { data: { order: { fulfillments: s.orderOf(v.id).fulfillments } } };
    }
    case 'dispute': {
      requireVar('$id: ID!');
      const d = s.disputes.get(String(v.id));
      if (!d) return { data: { dispute: null } };
      return {
        data: {
          dispute: {
            id: v.id,
            status: d.status,
            type: d.type,
            evidenceDueBy: d.evidenceDueBy,
            evidenceSentOn: d.evidenceSentOn,
            finalizedOn: d.finalizedOn ?? null,
            amount: { amount: d.amount, currencyCode: d.currency },
            disputeEvidence: { id: d.evidenceId },
          },
        },
      };
    }
    case 'disputeEvidenceUpdate': {
      requireVar('$id: ID!');
      requireVar('$input: ShopifyPaymentsDisputeEvidenceUpdateInput!');
      const input = v.input ?? {};
      const unknown = Object.keys(input).filter((k) => !EVIDENCE_FIELDS.has(k));
      if (unknown.length) {
        s.problem(`disputeEvidenceUpdate: input has unknown fields ${unknown.join(', ')}`);
        return {
          errors: [
            { message: `Variable $input of type ShopifyPaymentsDisputeEvidenceUpdateInput! was provided invalid value for ${unknown[0]}` },
          ],
        };
      }
      const d = [...s.disputes.values()].find((x) => x.evidenceId === v.id);
      const root = 'disputeEvidenceUpdate';
      const none = { disputeEvidence: null };
      if (!d) return userError(root, ['id'], 'Dispute evidence could not be found.', none, 'DISPUTE_EVIDENCE_NOT_FOUND');
      if (d.status !== 'NEEDS_RESPONSE') return userError(root, ['id'], 'Evidence already accepted.', none, 'EVIDENCE_ALREADY_ACCEPTED');
      if (d.evidenceDueBy && s.now() > Date.parse(d.evidenceDueBy))
        return userError(root, ['id'], 'Evidence past due date.', none, 'EVIDENCE_PAST_DUE_DATE');
      if (apply) {
        const { submitEvidence, ...fields } = input;
        d.evidence = { ...d.evidence, ...fields };
        d.updates.push(input);
        if (submitEvidence === true) {
          d.status = 'UNDER_REVIEW';
          d.evidenceSentOn = new Date(s.now()).toISOString();
        }
      }
      return { data: { [root]: { disputeEvidence: { id: d.evidenceId }, userErrors: [] } } };
    }
    case 'webhookSubscriptions': {
      const start = v.after ? Number(String(v.after).replace('cursor-', '')) : 0;
      const page = s.subscriptions.slice(start, start + 100);
      const end = start + page.length;
      return {
        data: {
          webhookSubscriptions: {
            nodes: page,
            pageInfo: { hasNextPage: end < s.subscriptions.length, endCursor: page.length ? `cursor-${end}` : null },
          },
        },
      };
    }
    case 'webhookSubscriptionCreate': {
      requireVar('$topic: WebhookSubscriptionTopic!');
      requireVar('$webhookSubscription: WebhookSubscriptionInput!');
      const topic = String(v.topic);
      if (!SUBSCRIBABLE.has(topic))
        return {
          errors: [{ message: `Variable $topic of type WebhookSubscriptionTopic! was provided invalid value (${topic.slice(0, 60)})` }],
        };
      const uri = String(v.webhookSubscription?.uri ?? '');
      const root = 'webhookSubscriptionCreate';
      if (v.webhookSubscription?.callbackUrl) s.problem('webhookSubscriptionCreate: callbackUrl is deprecated; use uri');
      if (!/^https:\/\//.test(uri))
        return userError(root, ['webhookSubscription', 'callbackUrl'], 'Address protocol is not supported', { webhookSubscription: null });
      if (s.subscriptions.some((x) => x.topic === topic && x.uri === uri))
        return userError(root, ['webhookSubscription', 'callbackUrl'], 'Address for this topic has already been taken', {
          webhookSubscription: null,
        });
      const sub = {
        id: `gid://shopify/WebhookSubscription/${s.nextId()}`,
        topic,
        uri,
        format: v.webhookSubscription?.format ?? 'JSON',
        createdAt: new Date(s.now()).toISOString(),
      };
      if (apply) s.subscriptions.push(sub);
      return { data: { [root]: { webhookSubscription: sub, userErrors: [] } } };
    }
    case 'reshipContext':
    case 'draftOrderCreate':
    case 'draftOrderComplete':
      return draftOrders(call, s, apply, requireVar);
    case 'unknown':
      s.problem(`unknown operation: ${call.query.slice(0, 80)}`);
      return { data: {} };
  }
}
