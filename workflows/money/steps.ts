import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import type { CaseRow } from '../../src/db/rows.js';
import { appendCaseEvent, getCase, updateCase, type CasePatch } from '../../src/db/repos/cases.js';
import { onceClaims, orders } from '../../src/db/schema.js';
import { IllegalTransitionError, transition } from '../../src/domain/case-lifecycle.js';
import { isRunning, type PendingAction } from '../../src/domain/pending-action.js';
import type { Resolution } from '../../src/domain/types.js';
import { CaseStateError } from '../../src/errors.js';
import { formatMoney } from '../../src/ui/format.js';
import type { Node } from '../../src/ui/view.js';
import { queueCaseUpdate, stateRefusal, threadView, writeChange } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import { type ActorRef } from '../../src/domain/actor.js';

/**
 * The three steps of a money action (refund, reship), so no row lock is held across a network call:
 *   1. under the case lock: check, and record a pending action (a second click sees it);
 *   2. no transaction: call the shop's connector;
 *   3. under the case lock: write what the connector confirmed, or the failure (retry = the button again).
 */

export const who = (a: ActorRef): PendingAction['requestedBy'] => ({ name: a.name, userId: a.userId, platform: a.platform });

/** "$24.50" or "the full amount". */
export const amountText = (p: Pick<PendingAction, 'amountCents' | 'currency'>): string =>
  p.amountCents !== undefined ? formatMoney(p.amountCents, p.currency ?? 'USD') : 'the full amount';

/** What a pending action is, in a sentence fragment: "refund of $24.50", "reship". */
export const pendingLabel = (p: PendingAction): string => (p.type === 'refund' ? `refund of ${amountText(p)}` : 'reship');

/** Refuses (CaseStateError) when the case cannot be resolved with `resolution` now. */
export async function assertResolvable(tx: Db, c: CaseRow, resolution: Resolution): Promise<void> {
  try {
    transition(c.status, { type: 'resolve', resolution });
  } catch (e) {
    if (e instanceof IllegalTransitionError) throw await stateRefusal(tx, c, e, true);
    throw e;
  }
}

/** Locks the case and checks it can take `resolution` and has no other money action under way. */
export async function lockForAction(tx: Db, caseId: number, resolution: Resolution, now: Date): Promise<CaseRow> {
  const c = await getCase(tx, caseId, { forUpdate: true });
  if (!c) throw new CaseStateError(`Case #${caseId} does not exist.`, caseId);
  await assertResolvable(tx, c, resolution);
  const p = c.pendingAction;
  if (p && isRunning(p, now))
    throw new CaseStateError(
      `A ${pendingLabel(p)} on case #${c.id} is already in progress (started by ${p.requestedBy.name}). Nothing else was done; the card shows the result.`,
      c.id,
    );
  if (p?.state === 'awaiting_approval')
    throw new CaseStateError(
      `A ${pendingLabel(p)} requested by ${p.requestedBy.name} is awaiting approval on case #${c.id}; someone else with the approve permission can approve it on the card. Nothing was done.`,
      c.id,
    );
  return c;
}

/** Records a pending action on the locked case (step 1), with its event and a card refresh. */
export async function recordPending(
  tx: Db,
  c: CaseRow,
  actor: ActorRef,
  now: Date,
  pending: PendingAction | null,
  event: { type: string; data?: Record<string, unknown> },
  thread?: { title: string; nodes: Node[] },
): Promise<CaseRow> {
  return writeChange(tx, c, actor, now, { pendingAction: pending }, event, thread);
}

/**
 * Adds a refund to the order's refunded total once per marketplace refund: the Shopify
 * refunds/create webhook for a refund SellerDesk issued does not count it again.
 */
export async function addRefundToOrder(
  tx: Db,
  orderId: number,
  shopId: string,
  ref: string,
  amountCents: number,
  now: Date,
): Promise<boolean> {
  const [claimed] = await tx
    .insert(onceClaims)
    .values({ kind: 'refund', key: `${shopId}:${ref}`, claimedAt: now, data: { orderId, amountCents } })
    .onConflictDoNothing()
    .returning({ id: onceClaims.id });
  if (!claimed) return false;
  await tx
    .update(orders)
    .set({ refundedCents: sql`${orders.refundedCents} + ${amountCents}`, updatedAt: now })
    .where(eq(orders.id, orderId));
  return true;
}

export interface Finish {
  /** The resolution to apply on success (skipped when the case is no longer open for it). */
  resolution: Resolution;
  event: { type: string; data: Record<string, unknown> };
  thread: { title: string; nodes: Node[] };
  /** Extra writes under the lock on success (e.g. the order's refunded total). */
  onSuccess?: (tx: Db, c: CaseRow) => Promise<void>;
}

/**
 * Step 3 on success: clears the pending action and resolves the case. The money moved, so it is
 * recorded even when someone resolved the case meanwhile (then only the event and the totals).
 */
export async function finishSuccess(deps: WorkflowDeps, caseId: number, actor: ActorRef, f: Finish): Promise<CaseRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const c = (await getCase(tx, caseId, { forUpdate: true }))!;
    await f.onSuccess?.(tx, c);
    const patch: CasePatch = { pendingAction: null, lastActor: actor.name };
    try {
      const t = transition(c.status, { type: 'resolve', resolution: f.resolution });
      Object.assign(patch, {
        status: t.to,
        resolution: f.resolution,
        resolvedAt: now,
        ...(t.respondsToBuyer && !c.firstResponseAt ? { firstResponseAt: now } : {}),
      });
    } catch (e) {
      if (!(e instanceof IllegalTransitionError)) throw e;
    }
    const updated = (await updateCase(tx, c.id, c.version, patch, now))!;
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      at: now,
      actor: actor.name,
      platform: actor.platform,
      type: f.event.type,
      data: { ...f.event.data, userId: actor.userId },
    });
    await queueCaseUpdate(tx, updated, String(ev.id), now, threadView(f.thread.title, f.thread.nodes, actor, now));
    return updated;
  });
}

/** Step 3 on failure: the case stays unresolved; the card shows the error; the button tries again. */
export async function finishFailure(
  deps: WorkflowDeps,
  caseId: number,
  actor: ActorRef,
  pending: PendingAction,
  failure: { error: string; retryable: boolean },
  event: { type: string; data: Record<string, unknown> },
  title: string,
): Promise<CaseRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const c = (await getCase(tx, caseId, { forUpdate: true }))!;
    const failed: PendingAction = {
      ...pending,
      state: 'failed',
      error: failure.error.slice(0, 500),
      retryable: failure.retryable,
      at: now.toISOString(),
    };
    const keep = c.pendingAction && c.pendingAction.idempotencyKey !== pending.idempotencyKey ? c.pendingAction : failed;
    const next = failure.retryable
      ? 'Nothing was done. Press the button again to retry.'
      : 'Nothing was done. Fix the problem, then press the button again.';
    return recordPending(
      tx,
      c,
      actor,
      now,
      keep,
      { type: event.type, data: { ...event.data, error: failure.error, retryable: failure.retryable } },
      {
        title,
        nodes: [
          { type: 'text', text: failure.error },
          { type: 'text', text: next, emphasis: 'muted' },
        ],
      },
    );
  });
}
