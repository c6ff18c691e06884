import { randomUUID } from 'node:crypto';
import { getCase } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import type { CaseRow } from '../../src/db/rows.js';
import type { ManualSteps } from '../../src/connectors/connector.js';
import { reusableKey, type PendingAction } from '../../src/domain/pending-action.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import type { ResolutionType } from '../../src/domain/types.js';
import { CaseStateError } from '../../src/errors.js';
import { connectorName, formatMoney } from '../../src/ui/format.js';
import { actionContext, callConnector } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import {
  addRefundToOrder,
  amountText,
  assertResolvable,
  finishFailure,
  finishSuccess,
  lockForAction,
  recordPending,
  who,
} from './steps.js';
import { type ActorRef } from '../../src/domain/actor.js';

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

/** What is left to refund on the case's order (undefined when the order value is unknown). */
export async function refundableCents(deps: WorkflowDeps, c: CaseRow): Promise<{ remaining?: number; currency: string }> {
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  if (!order || order.valueCents == null) return { currency: order?.currency ?? 'USD' };
  return { remaining: Math.max(0, order.valueCents - order.refundedCents), currency: order.currency };
}

const refundType = (mode: 'full' | 'partial'): ResolutionType => (mode === 'full' ? 'refund_full' : 'refund_partial');

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
          title: `Refund of ${what} issued through ${connectorName(connector)}`,
          nodes: [{ type: 'text', text: `Reason: ${p.reason ?? ''}` }, ...approval, { type: 'context', text: `Reference: ${result.ref}` }],
        },
    onSuccess: async (tx, locked) => {
      if (locked.orderId && p.amountCents)
        await addRefundToOrder(tx, locked.orderId, locked.shopId, result.ref, p.amountCents, deps.clock.now());
    },
  });
  return { mode, status: 'refunded', c: updated, amountCents: p.amountCents, currency, ref: result.ref, connector, manual: result.manual };
}
