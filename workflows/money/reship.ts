import { randomUUID } from 'node:crypto';
import type { CaseRow } from '../../src/db/rows.js';
import type { ManualSteps } from '../../src/connectors/connector.js';
import type { PendingAction } from '../../src/domain/pending-action.js';
import { reusableKey } from '../../src/domain/pending-action.js';
import { connectorName } from '../../src/ui/format.js';
import { actionContext, callConnector } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import { finishFailure, finishSuccess, lockForAction, recordPending, who } from './steps.js';
import { type ActorRef } from '../../src/domain/actor.js';

export type ReshipOutcome =
  | { status: 'reshipped'; c: CaseRow; ref: string; connector: string; manual?: ManualSteps | undefined }
  | { status: 'failed'; c: CaseRow; error: string; retryable: boolean };

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
          title: `Replacement order created through ${connectorName(connector)}`,
          nodes: [...details, { type: 'context', text: `Reference: ${result.ref}` }],
        },
  });
  return { status: 'reshipped', c, ref: result.ref, connector, manual: result.manual };
}
