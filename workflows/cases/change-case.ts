import { CaseStateError } from '../../src/errors.js';
import type { Db } from '../../src/db/client.js';
import type { CaseRow } from '../../src/db/rows.js';
import type { ActorRef } from '../../src/domain/actor.js';
import { appendCaseEvent, caseHistory, getCase, updateCase, type CasePatch } from '../../src/db/repos/cases.js';
import { IllegalTransitionError, transition, type CaseAction } from '../../src/domain/case-lifecycle.js';
import { utcMinute, utcTime, words } from '../../src/ui/format.js';
import { card, type CardView, type Node } from '../../src/ui/view.js';
import { queueCaseUpdate } from './case-messages.js';
import type { WorkflowDeps } from '../deps.js';

export interface CaseChange {
  /** The lifecycle action, if the status changes. */
  action?: CaseAction;
  /** Event log entry. */
  event: { type: string; data?: Record<string, unknown> };
  /** Extra column changes. */
  patch?: (c: CaseRow) => CasePatch;
  /** What goes into the card's thread. */
  thread?: { title: string; nodes: Node[] };
  /** Checks before acting, inside the lock; throw CaseStateError to refuse. */
  guard?: (c: CaseRow, tx: Db) => Promise<void>;
}

/** Thread note of a change: the nodes, then who and when. */
export function threadView(title: string, nodes: Node[], actor: ActorRef, now: Date): CardView {
  return card({ title, summary: title, nodes: [...nodes, { type: 'context', text: `${actor.name} · ${utcMinute(now)}` }] });
}

/**
 * The refusal of an action the case's state does not allow: what state it is in, who acted last,
 * that nothing was done, and (with `hint`, for a resolve of an escalated case) why.
 */
export async function stateRefusal(tx: Db, c: CaseRow, err: IllegalTransitionError, hint: boolean): Promise<CaseStateError> {
  const last = (await caseHistory(tx, c.id)).at(-1);
  const by = last ? ` by ${last.actor} at ${utcTime(last.at)} UTC` : '';
  const what = `Case #${c.id} is ${words(c.status)}${c.resolution ? ` (${words(c.resolution.type)})` : ''}${by}. Nothing was done.`;
  const why = hint && c.status === 'escalated' ? ` ${err.reason.charAt(0).toUpperCase()}${err.reason.slice(1)}.` : '';
  return new CaseStateError(`${what}${why}`, c.id);
}

/**
 * Applies one change to a case under a row lock: re-reads the case, checks the
 * transition, writes the change and its event, and queues the thread note and the
 * card refresh, all in one transaction. A double click or a racing user gets a
 * CaseStateError that says what happened instead.
 */
export async function changeCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, change: CaseChange): Promise<CaseRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const c = await getCase(tx, caseId, { forUpdate: true });
    if (!c) throw new CaseStateError(`Case #${caseId} does not exist.`, caseId);
    let patch: CasePatch = {};
    if (change.action) {
      let t;
      try {
        t = transition(c.status, change.action);
      } catch (e) {
        if (!(e instanceof IllegalTransitionError)) throw e;
        throw await stateRefusal(tx, c, e, change.action.type === 'resolve');
      }
      patch.status = t.to;
      if (t.respondsToBuyer && !c.firstResponseAt) patch.firstResponseAt = now;
      if (t.to === 'resolved') patch.resolvedAt = now;
      if (t.to === 'closed') patch.closedAt = now;
      if (t.to === 'escalated') patch.escalatedAt = now;
      if (change.action.type === 'resolve') patch.resolution = change.action.resolution;
      if (change.action.type === 'reopen') patch = { ...patch, resolution: null, resolvedAt: null };
    }
    // The guard runs under the lock, after the transition is known to be legal; the patch may use what it found.
    await change.guard?.(c, tx);
    return writeChange(tx, c, actor, now, { ...patch, ...change.patch?.(c) }, change.event, change.thread);
  });
}

/**
 * Writes a change to a case locked by the caller (same version, or a CaseStateError), its
 * event, the thread note and the card refresh: the last step of changeCase and of the money steps.
 */
export async function writeChange(
  tx: Db,
  c: CaseRow,
  actor: ActorRef,
  now: Date,
  patch: CasePatch,
  event: CaseChange['event'],
  thread?: CaseChange['thread'],
): Promise<CaseRow> {
  const updated = await updateCase(tx, c.id, c.version, { ...patch, lastActor: actor.name }, now);
  if (!updated) throw new CaseStateError(`Case #${c.id} changed while you were acting. Nothing was done; look at the card again.`, c.id);
  const ev = await appendCaseEvent(tx, {
    caseId: c.id,
    at: now,
    actor: actor.name,
    platform: actor.platform,
    type: event.type,
    data: { ...event.data, userId: actor.userId },
  });
  await queueCaseUpdate(tx, updated, String(ev.id), now, thread ? threadView(thread.title, thread.nodes, actor, now) : undefined);
  return updated;
}

export async function readCase(deps: WorkflowDeps, caseId: number): Promise<CaseRow> {
  const c = await getCase(deps.db, caseId);
  if (!c) throw new CaseStateError(`Case #${caseId} does not exist.`, caseId);
  return c;
}
