import { eq, sql } from 'drizzle-orm';
import { getOrderById } from '../src/db/repos/orders.js';
import { getShop } from '../src/db/repos/shops.js';
import { orders } from '../src/db/schema.js';
import type { CaseRow } from '../src/db/rows.js';
import { templateFor, renderTemplate } from '../src/domain/reply-templates.js';
import type { ResolutionType } from '../src/domain/types.js';
import { firstName } from '../src/ui/cards/case-card.js';
import { CaseStateError, changeCase, readCase, type ActorRef } from './case-actions.js';
import type { WorkflowDeps } from './deps.js';

export const formatMoney = (cents: number, currency = 'USD'): string => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

export interface RefundInput {
  mode: 'full' | 'partial';
  amountCents?: number | undefined;
  reason: string;
}

/** What is left to refund on the case's order (undefined when the order value is unknown). */
export async function refundableCents(deps: WorkflowDeps, c: CaseRow): Promise<{ remaining?: number; currency: string }> {
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  if (!order || order.valueCents == null) return { currency: order?.currency ?? 'USD' };
  return { remaining: Math.max(0, order.valueCents - order.refundedCents), currency: order.currency };
}

/**
 * Refund: the amount is checked against what remains refundable under the case lock,
 * the order's refunded total grows, and the card and thread say who refunded what.
 */
export async function refundCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, input: RefundInput): Promise<CaseRow> {
  let amount: number | undefined;
  let currency = 'USD';
  return changeCase(deps, caseId, actor, {
    guard: async (c, tx) => {
      const order = c.orderId ? await getOrderById(tx, c.orderId) : undefined;
      currency = order?.currency ?? 'USD';
      const remaining = order?.valueCents != null ? order.valueCents - order.refundedCents : undefined;
      amount = input.mode === 'full' ? remaining : input.amountCents;
      if (input.mode === 'partial' && !(amount && amount > 0)) throw new CaseStateError('A partial refund needs an amount above zero.', c.id);
      if (remaining !== undefined && amount !== undefined && amount > remaining)
        throw new CaseStateError(`Only ${formatMoney(remaining, currency)} of this order is left to refund; nothing was done.`, c.id);
      if (remaining === 0) throw new CaseStateError('This order has already been refunded in full; nothing was done.', c.id);
      if (order && amount) {
        await tx.update(orders).set({ refundedCents: sql`${orders.refundedCents} + ${amount}` }).where(eq(orders.id, order.id));
      }
    },
    get action() {
      return {
        type: 'resolve' as const,
        resolution: { type: (input.mode === 'full' ? 'refund_full' : 'refund_partial') as ResolutionType, ...(input.amountCents ? { amountCents: input.amountCents } : {}), note: input.reason },
      };
    },
    patch: () => (amount !== undefined ? { resolution: { type: input.mode === 'full' ? 'refund_full' : 'refund_partial', amountCents: amount, note: input.reason } } : {}),
    event: { type: 'refund', data: { mode: input.mode, amountCents: input.amountCents, reason: input.reason } },
    get thread() {
      const what = amount !== undefined ? formatMoney(amount, currency) : 'the full amount';
      return {
        title: `Refund of ${what} decided`,
        nodes: [
          { type: 'text' as const, text: `Reason: ${input.reason}` },
          { type: 'list' as const, items: ['Issue the refund in the marketplace dashboard (this shop uses the manual connector).', 'Reply to the buyer so they know it is on its way.'] },
        ],
      };
    },
  });
}

export async function reshipCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, input: { items: string; note?: string | undefined }): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'resolve', resolution: { type: 'reship', note: input.items } },
    event: { type: 'reship', data: { items: input.items, note: input.note } },
    thread: {
      title: 'Reship decided',
      nodes: [
        { type: 'text', text: `Items: ${input.items}` },
        ...(input.note ? [{ type: 'text' as const, text: `Note: ${input.note}` }] : []),
        { type: 'list', items: ['Create the replacement order in the marketplace dashboard.', 'Ship it and send the buyer the new tracking number.'] },
      ],
    },
  });
}

/** The approved reply for a case, filled in: what the Reply modal starts with. */
export async function draftReply(deps: WorkflowDeps, caseId: number): Promise<{ c: CaseRow; text: string }> {
  const c = await readCase(deps, caseId);
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  const shop = await getShop(deps.db, c.shopId);
  const text = renderTemplate(templateFor(c.kind, c.flags), {
    firstName: firstName(c.buyerName),
    orderId: c.orderExternalId ?? undefined,
    trackingLink: order?.tracking ? `${order.carrier ?? ''} ${order.tracking}`.trim() : undefined,
    shopName: shop?.name,
  });
  return { c, text };
}

/** A reply to the buyer counts as the first response; the text is kept in the case log and thread. */
export async function replyToCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, text: string): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'reply' },
    event: { type: 'reply', data: { text } },
    thread: { title: 'Reply to the buyer', nodes: [{ type: 'quote', text }, { type: 'context', text: 'Paste it into the marketplace conversation if this shop has no connector that sends replies.' }] },
  });
}

export async function resolveCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, note?: string): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'resolve', resolution: { type: 'no_action', ...(note ? { note } : {}) } },
    event: { type: 'resolve', data: { note } },
    thread: { title: 'Resolved', nodes: note ? [{ type: 'text', text: note }] : [] },
  });
}

export async function reopenCase(deps: WorkflowDeps, caseId: number, actor: ActorRef): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, { action: { type: 'reopen' }, event: { type: 'reopen' }, thread: { title: 'Reopened', nodes: [] } });
}
