import { and, desc, eq, ne, or } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { caseHistory } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { enqueue } from '../../src/db/repos/outbox.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import { destinationSettingsFor, queueExtraDestinations } from './destinations.js';
import { cases } from '../../src/db/schema.js';
import type { CaseRow } from '../../src/db/rows.js';
import type { EscalationReason } from '../../src/domain/types.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { KIND_LABEL } from '../../src/ui/cards/case-card.js';
import { card, type CardView, type Node } from '../../src/ui/view.js';
import { changeCase, type ActorRef } from '../cases/change-case.js';
import { destinationFor } from '../cases/case-messages.js';
import type { WorkflowDeps } from '../deps.js';
import { CaseStateError } from '../../src/errors.js';

export const REASON_LABEL: Record<EscalationReason, string> = {
  abusive: 'Abusive buyer',
  fraudulent: 'Fraudulent claim',
  unresolvable_dispute: 'Dispute we cannot resolve',
  policy_violation: 'Policy violation by the buyer',
};

export interface EscalationInput {
  reason: EscalationReason;
  note?: string | undefined;
  /** Set when an automatic rule fired: why. */
  rule?: string | undefined;
}

/** Everything platform support needs to decide: transcript, order, tracking, the buyer's other cases, why. */
export async function evidencePack(db: Db, c: CaseRow, input: EscalationInput): Promise<CardView> {
  const order = c.orderId ? await getOrderById(db, c.orderId) : undefined;
  const history = await caseHistory(db, c.id);
  const buyerMatch = c.buyerId ? eq(cases.buyerId, c.buyerId) : eq(cases.buyerName, c.buyerName ?? '');
  const prior = await db
    .select()
    .from(cases)
    .where(and(buyerMatch, ne(cases.id, c.id), or(eq(cases.shopId, c.shopId), eq(cases.shopId, c.shopId))))
    .orderBy(desc(cases.openedAt))
    .limit(10);
  const transcript = [
    ...(c.body ? [`${c.openedAt.toISOString().slice(0, 16)} ${c.buyerName ?? 'buyer'}: ${c.body}`] : []),
    ...history
      .filter((e) => e.type === 'buyer_message' || e.type === 'reply')
      .map(
        (e) =>
          `${e.at.toISOString().slice(0, 16)} ${e.actor}: ${String((e.data as { message?: string; text?: string }).message ?? (e.data as { text?: string }).text ?? '')}`,
      ),
  ];
  const nodes: Node[] = [
    {
      type: 'fields',
      fields: [
        { label: 'Reason', value: REASON_LABEL[input.reason], inline: true },
        { label: 'Case', value: `#${c.id} ${KIND_LABEL[c.kind] ?? c.kind}`, inline: true },
        { label: 'Shop', value: c.shopId, inline: true },
        { label: 'Buyer', value: `${c.buyerName ?? 'unknown'}${c.buyerId ? ` (${c.buyerId})` : ''}`, inline: true },
        ...(order
          ? [
              {
                label: 'Order',
                value: `${order.externalId} · paid ${order.paidAt?.toISOString().slice(0, 10) ?? '?'} · ${order.valueCents != null ? (order.valueCents / 100).toFixed(2) : '?'} ${order.currency}`,
              },
              {
                label: 'Tracking',
                value: order.tracking
                  ? `${order.carrier ?? ''} ${order.tracking} · shipped ${order.shippedAt?.toISOString().slice(0, 10) ?? 'no'} · delivered ${order.deliveredAt?.toISOString().slice(0, 10) ?? 'no'}`
                  : 'none',
              },
            ]
          : []),
      ],
    },
    ...(input.rule ? [{ type: 'text' as const, text: `Why: ${input.rule}`, emphasis: 'strong' as const }] : []),
    ...(input.note ? [{ type: 'quote' as const, text: input.note, author: 'Seller' }] : []),
    { type: 'heading', text: 'Transcript' },
    { type: 'list', items: transcript.length ? transcript : ['(no messages)'] },
    { type: 'heading', text: `Buyer's other cases (${prior.length})` },
    {
      type: 'list',
      items: prior.length
        ? prior.map(
            (p) =>
              `#${p.id} ${p.kind} ${p.openedAt.toISOString().slice(0, 10)} ${p.status}${p.flags.length ? ` [${p.flags.join(', ')}]` : ''}`,
          )
        : ['none'],
    },
    {
      type: 'actions',
      buttons: [
        { actionId: encodeActionId('support.uphold', c.id), label: 'Uphold (side with seller)', style: 'primary' },
        { actionId: encodeActionId('support.deny', c.id), label: 'Deny' },
        { actionId: encodeActionId('support.info', c.id), label: 'Need more info' },
      ],
    },
  ];
  return card({
    title: `Escalation: ${REASON_LABEL[input.reason]} · case #${c.id}`,
    summary: `Escalation of case #${c.id}: ${REASON_LABEL[input.reason]}`,
    accent: 'danger',
    nodes,
  });
}

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
