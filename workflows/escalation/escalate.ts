import { enqueue } from '../../src/db/repos/outbox.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import type { CaseRow } from '../../src/db/rows.js';
import { CaseStateError } from '../../src/errors.js';
import { REASON_LABEL } from '../../src/ui/format.js';
import { changeCase, destinationFor } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import { destinationSettingsFor, queueExtraDestinations } from './destinations.js';
import { evidencePack, type EscalationInput } from './evidence-pack.js';
import { type ActorRef } from '../../src/domain/actor.js';

/** Escalates to platform support: locks refunds and reships, and sends the evidence pack. */
export async function escalateCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, input: EscalationInput): Promise<CaseRow> {
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    const c = await changeCase(txDeps, caseId, actor, {
      action: { type: 'escalate' },
      event: { type: 'escalate', data: { reason: input.reason, note: input.note, rule: input.rule } },
      thread: {
        title: `Escalated to platform support: ${REASON_LABEL[input.reason]}`,
        nodes: [
          ...(input.rule ? [{ type: 'text' as const, text: `Automatic rule: ${input.rule}` }] : []),
          ...(input.note ? [{ type: 'quote' as const, text: input.note }] : []),
          { type: 'context', text: 'Refund and reship are locked until support answers.' },
        ],
      },
    });
    const shop = await getShop(tx, c.shopId);
    if (shop) {
      const dest = await destinationFor(tx, shop, 'escalations', deps.routing);
      const view = await evidencePack(tx, c, input);
      await enqueue(tx, {
        key: `case:${c.id}:escalation:${c.version}`,
        platform: dest.platform,
        channel: dest.channel,
        op: 'post',
        payload: { kind: 'view', view },
        caseId: c.id,
        at: deps.clock.now(),
      });
      const team = await getTeam(tx, shop.teamId);
      await queueExtraDestinations(
        tx,
        c,
        view,
        destinationSettingsFor(team?.settings, deps.escalationDestinations ?? {}),
        input,
        deps.clock.now(),
      );
    }
    return c;
  });
}

export type SupportOutcome = 'upheld' | 'denied' | 'need_info';
const OUTCOME_LABEL: Record<SupportOutcome, string> = {
  upheld: 'upheld the seller',
  denied: 'denied the escalation',
  need_info: 'needs more information',
};

/** Platform support's answer flows back to the seller's card and thread. */
export async function supportAnswer(deps: WorkflowDeps, caseId: number, actor: ActorRef, outcome: SupportOutcome): Promise<CaseRow> {
  return changeCase(deps, caseId, actor, {
    ...(outcome === 'need_info' ? {} : { action: { type: 'support_answered' as const, outcome } }),
    guard: async (c) => {
      if (c.status !== 'escalated')
        throw new CaseStateError(
          `Case #${c.id} is not escalated (it is ${c.status.replace(/_/g, ' ')}); its escalation was already answered.`,
          c.id,
        );
    },
    event: { type: 'support_answer', data: { outcome } },
    thread: {
      title: `Platform support ${OUTCOME_LABEL[outcome]}`,
      nodes: [
        {
          type: 'text',
          text:
            outcome === 'need_info'
              ? 'Add what support asks for in this thread; the case stays escalated.'
              : 'Refund and reship are unlocked again.',
        },
      ],
    },
  });
}
