import { and, desc, eq, ne, or } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { caseHistory } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import type { CaseRow } from '../../src/db/rows.js';
import { cases } from '../../src/db/schema.js';
import type { EscalationReason } from '../../src/domain/types.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { formatMoney, kindLabel, REASON_LABEL } from '../../src/ui/format.js';
import { card, type CardView, type Node } from '../../src/ui/view.js';

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
        { label: 'Case', value: `#${c.id} ${kindLabel(c.kind)}`, inline: true },
        { label: 'Shop', value: c.shopId, inline: true },
        { label: 'Buyer', value: `${c.buyerName ?? 'unknown'}${c.buyerId ? ` (${c.buyerId})` : ''}`, inline: true },
        ...(order
          ? [
              {
                label: 'Order',
                value: `${order.externalId} · paid ${order.paidAt?.toISOString().slice(0, 10) ?? '?'} · ${order.valueCents != null ? formatMoney(order.valueCents, order.currency) : `? ${order.currency}`}`,
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
