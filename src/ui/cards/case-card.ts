import type { CaseRow, OrderRow, ShopRow } from '../../db/rows.js';
import { describeCountdown, formatDuration } from '../../domain/sla.js';
import type { CaseStatus } from '../../domain/types.js';
import { encodeActionId } from '../action-id.js';
import { card, type Accent, type ButtonNode, type CardView, type Field, type Node } from '../view.js';

export interface CaseCardInput {
  c: CaseRow;
  shop: Pick<ShopRow, 'id' | 'name' | 'timeZone'>;
  order?: OrderRow | undefined;
  now: Date;
}

export const KIND_LABEL: Record<string, string> = {
  message: 'Buyer message',
  review: 'Negative review',
  return: 'Return request',
  dispute: 'Dispute',
  chargeback: 'Chargeback',
};

export const STATUS_LABEL: Record<CaseStatus, string> = {
  open: 'Open: waiting for our first reply',
  acknowledged: 'Acknowledged',
  waiting_on_buyer: 'Waiting on the buyer',
  escalated: 'Escalated to platform support',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const firstName = (name: string | null | undefined): string => (name ?? '').trim().split(/\s+/)[0] || 'Buyer';

const money = (cents: number | null | undefined, currency = 'USD'): string =>
  cents == null ? '' : new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

function clockText(label: string, c: CaseRow, due: Date, now: Date, tz: string): string {
  if (c.firstResponseAt) {
    const took = Math.max(0, Math.round((c.firstResponseAt.getTime() - c.openedAt.getTime()) / 60_000));
    const met = c.firstResponseAt <= due ? 'met' : 'missed';
    return `${label} ${met}: answered in ${formatDuration(took)}`;
  }
  return describeCountdown(now, due, tz);
}

function accentFor(c: CaseRow, now: Date): Accent {
  if (c.status === 'resolved' || c.status === 'closed') return 'success';
  if (c.status === 'escalated') return 'danger';
  if (!c.firstResponseAt && c.maxAt <= now) return 'danger';
  if (!c.firstResponseAt && c.targetAt <= now) return 'warning';
  return 'info';
}

function buttons(c: CaseRow): ButtonNode[] {
  const status = c.status as CaseStatus;
  if (status === 'resolved') return [{ actionId: encodeActionId('case.reopen', c.id), label: 'Reopen' }];
  if (status === 'closed') return [];
  const locked = status === 'escalated';
  return [
    { actionId: encodeActionId('case.refund', c.id), label: 'Refund', style: 'primary', disabled: locked },
    { actionId: encodeActionId('case.reship', c.id), label: 'Reship', disabled: locked },
    { actionId: encodeActionId('case.claim', c.id), label: 'Postal claim help' },
    { actionId: encodeActionId('case.reply', c.id), label: 'Reply' },
    { actionId: encodeActionId('case.escalate', c.id), label: 'Escalate', style: 'danger', disabled: locked },
    { actionId: encodeActionId('case.resolve', c.id), label: 'Resolve' },
  ];
}

/** The card of a case, as posted in the team's channel and updated in place. */
export function caseCard({ c, shop, order, now }: CaseCardInput): CardView {
  const kind = KIND_LABEL[c.kind] ?? c.kind;
  const buyer = firstName(c.buyerName);
  const status = c.status as CaseStatus;
  const fields: Field[] = [
    { label: 'Shop', value: shop.name === shop.id ? shop.id : `${shop.name} (${shop.id})`, inline: true },
    { label: 'Buyer', value: buyer, inline: true },
    { label: 'Status', value: STATUS_LABEL[status] ?? c.status, inline: true },
    { label: 'Priority', value: c.priority, inline: true },
  ];
  if (c.orderExternalId) {
    const items = order?.items.map((i) => `${i.quantity} × ${i.title}`).join(', ');
    const value = order?.valueCents != null ? ` · ${money(order.valueCents, order.currency)}` : '';
    fields.push({ label: 'Order', value: `${c.orderExternalId}${value}${items ? ` · ${items}` : ''}` });
  }
  if (order?.tracking) fields.push({ label: 'Tracking', value: `${order.carrier ?? 'carrier'} ${order.tracking}${order.deliveredAt ? ' (delivered)' : ''}`, inline: true });
  if (status !== 'resolved' && status !== 'closed') {
    fields.push({ label: 'Reply target', value: clockText('Target', c, c.targetAt, now, shop.timeZone), inline: true });
    fields.push({ label: 'Reply maximum', value: clockText('Maximum', c, c.maxAt, now, shop.timeZone), inline: true });
  }
  if (c.resolution) {
    const amount = c.resolution.amountCents ? ` ${money(c.resolution.amountCents, order?.currency ?? 'USD')}` : '';
    fields.push({ label: 'Resolution', value: `${c.resolution.type.replace(/_/g, ' ')}${amount}${c.resolution.note ? `: ${c.resolution.note}` : ''}` });
  }
  const nodes: Node[] = [{ type: 'fields', fields }];
  if (c.subject) nodes.push({ type: 'text', text: c.subject, emphasis: 'strong' });
  if (c.body) nodes.push({ type: 'quote', text: c.body, author: buyer });
  if (c.flags.length) nodes.push({ type: 'context', text: `Flags: ${c.flags.join(', ')}` });
  nodes.push({ type: 'context', text: c.lastActor ? `Last action by ${c.lastActor}` : `Opened ${c.openedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` });
  const actions = buttons(c);
  if (actions.length) nodes.push({ type: 'actions', buttons: actions });
  return card({
    title: `${kind} #${c.id} · ${buyer}`,
    summary: `${kind} #${c.id} from ${buyer} (${shop.id}): ${STATUS_LABEL[status] ?? c.status}`,
    accent: accentFor(c, now),
    nodes,
  });
}
