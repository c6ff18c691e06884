import { randomUUID } from 'node:crypto';
import { appendCaseEvent, getCase } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import type { CaseRow } from '../../src/db/rows.js';
import type { PendingAction } from '../../src/db/schema.js';
import type { ManualSteps } from '../../src/connectors/connector.js';
import { templateFor, renderTemplate } from '../../src/domain/reply-templates.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import type { ResolutionType } from '../../src/domain/types.js';
import { firstName } from '../../src/ui/cards/case-card.js';
import { changeCase, readCase, type ActorRef } from '../cases/change-case.js';
import { queueCaseUpdate } from '../cases/case-messages.js';
import type { WorkflowDeps } from '../deps.js';
import {
  actionContext,
  addRefundToOrder,
  amountText,
  assertResolvable,
  callConnector,
  finishFailure,
  finishSuccess,
  formatMoney,
  lockForAction,
  recordPending,
  reusableKey,
  STALE_AFTER_MS,
  threadView,
  who,
} from './steps.js';

export { formatMoney } from './steps.js';
import { CaseStateError } from '../../src/errors.js';

export interface RefundInput {
  mode: 'full' | 'partial';
  amountCents?: number | undefined;
  reason: string;
}

export type RefundOutcome = { mode: 'full' | 'partial' } & (
  | {
      status: 'refunded';
      c: CaseRow;
      amountCents?: number | undefined;
      currency: string;
      ref: string;
      connector: string;
      manual?: ManualSteps | undefined;
    }
  | { status: 'awaiting_approval'; c: CaseRow; amountCents?: number | undefined; currency: string; thresholdCents: number }
  | { status: 'failed'; c: CaseRow; amountCents?: number | undefined; currency: string; error: string; retryable: boolean }
);

export type ReshipOutcome =
  | { status: 'reshipped'; c: CaseRow; ref: string; connector: string; manual?: ManualSteps | undefined }
  | { status: 'failed'; c: CaseRow; error: string; retryable: boolean };

/** What is left to refund on the case's order (undefined when the order value is unknown). */
export async function refundableCents(deps: WorkflowDeps, c: CaseRow): Promise<{ remaining?: number; currency: string }> {
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  if (!order || order.valueCents == null) return { currency: order?.currency ?? 'USD' };
  return { remaining: Math.max(0, order.valueCents - order.refundedCents), currency: order.currency };
}

const refundType = (mode: 'full' | 'partial'): ResolutionType => (mode === 'full' ? 'refund_full' : 'refund_partial');
const CONNECTOR_NAME: Record<string, string> = { shopify: 'Shopify', webhook: 'your webhook endpoint', manual: 'the manual connector' };

/** Checks the amount against what remains refundable (under the case lock); returns it. */
async function checkAmount(tx: Parameters<typeof lockForAction>[0], c: CaseRow, mode: 'full' | 'partial', requested: number | undefined) {
  const order = c.orderId ? await getOrderById(tx, c.orderId) : undefined;
  const currency = order?.currency ?? 'USD';
  const remaining = order?.valueCents != null ? order.valueCents - order.refundedCents : undefined;
  const amount = mode === 'full' ? remaining : requested;
  if (mode === 'partial' && !(amount && amount > 0)) throw new CaseStateError('A partial refund needs an amount above zero.', c.id);
  if (remaining !== undefined && remaining <= 0)
    throw new CaseStateError('This order has already been refunded in full; nothing was done.', c.id);
  if (remaining !== undefined && amount !== undefined && amount > remaining)
    throw new CaseStateError(`Only ${formatMoney(remaining, currency)} of this order is left to refund; nothing was done.`, c.id);
  return { amount, currency };
}

/**
 * Refund: checked and marked in progress under the case lock, then issued through the shop's
 * connector outside any transaction, then recorded only if the connector confirmed it. Over the
 * team's refundApprovalOverCents it waits for a second person's approval (approveRefund).
 */
export async function refundCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, input: RefundInput): Promise<RefundOutcome> {
  const now = deps.clock.now();
  if (input.mode === 'partial' && !(input.amountCents && input.amountCents > 0))
    throw new CaseStateError('A partial refund needs an amount above zero.', caseId);
  const begun = await deps.db.transaction(async (tx) => {
    const resolution = {
      type: refundType(input.mode),
      ...(input.amountCents ? { amountCents: input.amountCents } : {}),
      note: input.reason,
    };
    const c = await lockForAction(tx, caseId, resolution, now);
    const { amount, currency } = await checkAmount(tx, c, input.mode, input.amountCents);
    const shop = await getShop(tx, c.shopId);
    const threshold = parseTeamSettings((await getTeam(tx, shop?.teamId ?? 'default'))?.settings).refundApprovalOverCents;
    const needsApproval = threshold !== undefined && (amount === undefined || amount > threshold);
    // A retry after a timeout reuses the key: if the first call went through, the marketplace does not refund twice.
    const earlierKey = reusableKey(c.pendingAction, now, (p) => p.type === 'refund' && p.mode === input.mode && p.amountCents === amount);
    const pending: PendingAction = {
      type: 'refund',
      state: needsApproval ? 'awaiting_approval' : 'in_progress',
      idempotencyKey: earlierKey ?? `case-${c.id}-refund-${randomUUID()}`,
      mode: input.mode,
      ...(amount !== undefined ? { amountCents: amount } : {}),
      currency,
      reason: input.reason,
      requestedBy: who(actor),
      at: now.toISOString(),
    };
    const what = amountText(pending);
    const updated = await recordPending(
      tx,
      c,
      actor,
      now,
      pending,
      {
        type: needsApproval ? 'refund_approval_requested' : 'refund_requested',
        data: { mode: input.mode, amountCents: amount, currency, reason: input.reason, thresholdCents: threshold },
      },
      needsApproval
        ? {
            title: `Refund of ${what} awaiting approval`,
            nodes: [
              { type: 'text', text: `Reason: ${input.reason}` },
              {
                type: 'text',
                text: `Over the team's approval limit of ${formatMoney(threshold, currency)}: someone else with the approve permission has to approve it.`,
              },
            ],
          }
        : undefined,
    );
    return { c: updated, pending, threshold };
  });
  if (begun.pending.state === 'awaiting_approval')
    return {
      mode: input.mode,
      status: 'awaiting_approval',
      c: begun.c,
      amountCents: begun.pending.amountCents,
      currency: begun.pending.currency ?? 'USD',
      thresholdCents: begun.threshold ?? 0,
    };
  return issueRefund(deps, begun.c, actor, begun.pending);
}

/** Approve button: a different person with the approve permission lets a pending refund through. */
export async function approveRefund(deps: WorkflowDeps, caseId: number, actor: ActorRef): Promise<RefundOutcome> {
  const now = deps.clock.now();
  const begun = await deps.db.transaction(async (tx) => {
    const c = await getCase(tx, caseId, { forUpdate: true });
    if (!c) throw new CaseStateError(`Case #${caseId} does not exist.`, caseId);
    const p = c.pendingAction;
    if (!p || p.type !== 'refund' || p.state !== 'awaiting_approval') {
      const busy = p?.state === 'in_progress' ? ` A ${p.type} is in progress (started by ${p.requestedBy.name}).` : '';
      throw new CaseStateError(`No refund is waiting for approval on case #${caseId}.${busy} Nothing was done.`, caseId);
    }
    if (p.requestedBy.userId === actor.userId)
      throw new CaseStateError(
        `You requested this refund of ${amountText(p)}, so someone else with the approve permission has to approve it. Nothing was done.`,
        caseId,
      );
    // The case may have changed since the request: re-check it and what remains refundable.
    await assertResolvable(tx, c, {
      type: refundType(p.mode ?? 'full'),
      ...(p.amountCents ? { amountCents: p.amountCents } : {}),
      note: p.reason ?? '',
    });
    const { amount } = await checkAmount(tx, c, p.mode ?? 'full', p.amountCents);
    const pending: PendingAction = {
      ...p,
      state: 'in_progress',
      ...(amount !== undefined ? { amountCents: amount } : {}),
      approvedBy: who(actor),
      at: now.toISOString(),
    };
    const updated = await recordPending(tx, c, actor, now, pending, {
      type: 'refund_approved',
      data: { amountCents: amount, requestedBy: p.requestedBy, approvedBy: who(actor) },
    });
    return { c: updated, pending };
  });
  return issueRefund(deps, begun.c, actor, begun.pending);
}

async function issueRefund(deps: WorkflowDeps, c: CaseRow, actor: ActorRef, p: PendingAction): Promise<RefundOutcome> {
  const ctx = await actionContext(deps, c);
  const currency = p.currency ?? 'USD';
  const result = await callConnector(deps, ctx, 'refund', (k) =>
    k.refund({
      shop: ctx.shop,
      order: ctx.order,
      amountCents: p.amountCents,
      currency,
      reason: p.reason ?? '',
      idempotencyKey: p.idempotencyKey,
    }),
  );
  const connector = ctx.connector?.type ?? 'unconfigured';
  const what = amountText(p);
  const people = { requestedBy: p.requestedBy, ...(p.approvedBy ? { approvedBy: p.approvedBy } : {}) };
  if (!result.ok) {
    const failed = await finishFailure(
      deps,
      c.id,
      actor,
      { ...p, connector },
      result,
      { type: 'refund_failed', data: { mode: p.mode, amountCents: p.amountCents, currency, connector, ...people } },
      `Refund of ${what} failed`,
    );
    return {
      mode: p.mode ?? 'full',
      status: 'failed',
      c: failed,
      amountCents: p.amountCents,
      currency,
      error: result.error,
      retryable: result.retryable,
    };
  }
  const mode = p.mode ?? 'full';
  const approval = p.approvedBy
    ? [{ type: 'text' as const, text: `Requested by ${p.requestedBy.name}, approved by ${p.approvedBy.name}.` }]
    : [];
  const updated = await finishSuccess(deps, c.id, actor, {
    resolution: { type: refundType(mode), ...(p.amountCents !== undefined ? { amountCents: p.amountCents } : {}), note: p.reason ?? '' },
    event: {
      type: 'refund',
      data: {
        mode,
        amountCents: p.amountCents,
        currency,
        reason: p.reason,
        ref: result.ref,
        connector,
        idempotencyKey: p.idempotencyKey,
        ...people,
      },
    },
    thread: result.manual
      ? {
          title: `Refund of ${what} decided`,
          nodes: [{ type: 'text', text: `Reason: ${p.reason ?? ''}` }, ...approval, { type: 'list', items: result.manual.checklist }],
        }
      : {
          title: `Refund of ${what} issued through ${CONNECTOR_NAME[connector] ?? connector}`,
          nodes: [{ type: 'text', text: `Reason: ${p.reason ?? ''}` }, ...approval, { type: 'context', text: `Reference: ${result.ref}` }],
        },
    onSuccess: async (tx, locked) => {
      if (locked.orderId && p.amountCents)
        await addRefundToOrder(tx, locked.orderId, locked.shopId, result.ref, p.amountCents, deps.clock.now());
    },
  });
  return { mode, status: 'refunded', c: updated, amountCents: p.amountCents, currency, ref: result.ref, connector, manual: result.manual };
}

/** Reship: like a refund (pending under the lock, connector call outside, result under the lock), without approval. */
export async function reshipCase(
  deps: WorkflowDeps,
  caseId: number,
  actor: ActorRef,
  input: { items: string; note?: string | undefined },
): Promise<ReshipOutcome> {
  const now = deps.clock.now();
  const begun = await deps.db.transaction(async (tx) => {
    const c = await lockForAction(tx, caseId, { type: 'reship', note: input.items }, now);
    const earlierKey = reusableKey(c.pendingAction, now, (p) => p.type === 'reship' && p.items === input.items);
    const pending: PendingAction = {
      type: 'reship',
      state: 'in_progress',
      idempotencyKey: earlierKey ?? `case-${c.id}-reship-${randomUUID()}`,
      items: input.items,
      ...(input.note ? { note: input.note } : {}),
      requestedBy: who(actor),
      at: now.toISOString(),
    };
    const updated = await recordPending(tx, c, actor, now, pending, {
      type: 'reship_requested',
      data: { items: input.items, note: input.note },
    });
    return { c: updated, pending };
  });
  const p = begun.pending;
  const ctx = await actionContext(deps, begun.c);
  const result = await callConnector(deps, ctx, 'reship', (k) =>
    k.reship({ shop: ctx.shop, order: ctx.order, items: input.items, note: input.note, idempotencyKey: p.idempotencyKey }),
  );
  const connector = ctx.connector?.type ?? 'unconfigured';
  if (!result.ok) {
    const c = await finishFailure(
      deps,
      caseId,
      actor,
      { ...p, connector },
      result,
      { type: 'reship_failed', data: { items: input.items, connector } },
      'Reship failed',
    );
    return { status: 'failed', c, error: result.error, retryable: result.retryable };
  }
  const details = [
    { type: 'text' as const, text: `Items: ${input.items}` },
    ...(input.note ? [{ type: 'text' as const, text: `Note: ${input.note}` }] : []),
  ];
  const c = await finishSuccess(deps, caseId, actor, {
    resolution: { type: 'reship', note: input.items },
    event: { type: 'reship', data: { items: input.items, note: input.note, ref: result.ref, connector, idempotencyKey: p.idempotencyKey } },
    thread: result.manual
      ? { title: 'Reship decided', nodes: [...details, { type: 'list', items: result.manual.checklist }] }
      : {
          title: `Replacement order created through ${CONNECTOR_NAME[connector] ?? connector}`,
          nodes: [...details, { type: 'context', text: `Reference: ${result.ref}` }],
        },
  });
  return { status: 'reshipped', c, ref: result.ref, connector, manual: result.manual };
}

/** The approved reply for a case, filled in: what the Reply modal starts with. */
export async function draftReply(deps: WorkflowDeps, caseId: number): Promise<{ c: CaseRow; text: string }> {
  const c = await readCase(deps, caseId);
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  const shop = await getShop(deps.db, c.shopId);
  const template = renderTemplate(templateFor(c.kind, c.flags), {
    firstName: firstName(c.buyerName),
    orderId: c.orderExternalId ?? undefined,
    trackingLink: order?.tracking ? `${order.carrier ?? ''} ${order.tracking}`.trim() : undefined,
    shopName: shop?.name,
  });
  if (!deps.drafter) return { c, text: template };
  // The Reply modal must open within Slack's 3-second trigger window: the AI gets a short
  // slice of it, and the approved template answers when the draft is not back in time.
  const draft = deps.drafter.draft({ buyerFirstName: firstName(c.buyerName), kind: c.kind, buyerText: c.body ?? '', template });
  const timeout = new Promise<{ text: string }>((resolve) => setTimeout(() => resolve({ text: template }), DRAFT_BUDGET_MS).unref());
  const { text } = await Promise.race([draft.catch(() => ({ text: template })), timeout]);
  return { c, text };
}

/** How long the Reply button waits for an AI draft before showing the template. */
export const DRAFT_BUDGET_MS = 1200;

export interface ReplyOutcome {
  c: CaseRow;
  /** True when the connector delivered it to the buyer. */
  sent: boolean;
  error?: string;
}

/**
 * A reply to the buyer counts as the first response; the text is kept in the case log and thread.
 * Then (outside the transaction) the connector is asked to deliver it; the outcome is logged.
 */
export async function replyToCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, text: string): Promise<ReplyOutcome> {
  const c = await changeCase(deps, caseId, actor, {
    action: { type: 'reply' },
    event: { type: 'reply', data: { text } },
    thread: { title: 'Reply to the buyer', nodes: [{ type: 'quote', text }] },
  });
  const ctx = await actionContext(deps, c);
  const result = await callConnector(deps, ctx, 'reply', (k) =>
    k.replyToBuyer({
      shop: ctx.shop,
      order: ctx.order,
      buyer: { id: c.buyerId, name: c.buyerName ?? 'Buyer', email: ctx.order?.buyerEmail },
      text,
      idempotencyKey: `case-${c.id}-reply-${c.version}`,
    }),
  );
  const sent = result.ok && result.sent;
  const now = deps.clock.now();
  const steps = result.ok ? (result.manual?.checklist ?? []) : [result.error, 'Send it by hand.'];
  await deps.db.transaction(async (tx) => {
    const type = sent ? 'reply_sent' : result.ok ? 'reply_not_sent' : 'reply_failed';
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      at: now,
      actor: actor.name,
      platform: actor.platform,
      type,
      data: { userId: actor.userId, connector: ctx.connector?.type, ...(result.ok ? { ref: result.ref } : { error: result.error }) },
    });
    if (!sent)
      await queueCaseUpdate(
        tx,
        c,
        String(ev.id),
        now,
        threadView(
          result.ok ? 'The reply was not sent automatically' : 'The reply could not be sent',
          [{ type: 'list', items: steps }],
          actor,
          now,
        ),
      );
  });
  return { c, sent, ...(result.ok ? {} : { error: result.error }) };
}

export async function resolveCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, note?: string): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'resolve', resolution: { type: 'no_action', ...(note ? { note } : {}) } },
    event: { type: 'resolve', data: { note } },
    guard: async (c) => {
      if (c.pendingAction?.state === 'in_progress' && deps.clock.now().getTime() - Date.parse(c.pendingAction.at) <= STALE_AFTER_MS)
        throw new CaseStateError(
          `A ${c.pendingAction.type} on case #${c.id} is in progress; resolve it when the card shows the result. Nothing was done.`,
          c.id,
        );
    },
    // A refund still awaiting approval, or a failed attempt, lapses with the case.
    patch: (c) => (c.pendingAction ? { pendingAction: null } : {}),
    thread: { title: 'Resolved', nodes: note ? [{ type: 'text', text: note }] : [] },
  });
}

export async function reopenCase(deps: WorkflowDeps, caseId: number, actor: ActorRef): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'reopen' },
    event: { type: 'reopen' },
    thread: { title: 'Reopened', nodes: [] },
  });
}
