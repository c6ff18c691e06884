import type { CaseRow } from '../../src/db/rows.js';
import { isRunning } from '../../src/domain/pending-action.js';
import { CaseStateError } from '../../src/errors.js';
import type { WorkflowDeps } from '../deps.js';
import { changeCase } from './change-case.js';
import { type ActorRef } from '../../src/domain/actor.js';

export async function resolveCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, note?: string): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    action: { type: 'resolve', resolution: { type: 'no_action', ...(note ? { note } : {}) } },
    event: { type: 'resolve', data: { note } },
    guard: async (c) => {
      if (c.pendingAction && isRunning(c.pendingAction, deps.clock.now()))
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
