import type { StoredConnectorConfig } from '../../domain/connector-config.js';
import type { PendingAction } from '../../domain/pending-action.js';
import { describeCountdown, formatDuration } from '../../domain/sla.js';
import type { CaseKind, CaseStatus, Priority, Resolution } from '../../domain/types.js';
import { encodeActionId } from '../action-id.js';
import { firstName, formatMoney, kindLabel, STATUS_LABEL, utcMinute } from '../format.js';
import { card, type Accent, type ButtonNode, type CardView, type Field, type Node } from '../view.js';

/** What the card shows of a case (a cases row has all of it). */
export interface CardCase {
  id: number;
  kind: CaseKind;
  status: CaseStatus;
  priority: Priority;
  flags: string[];
  subject: string | null;
  body: string | null;
  buyerName: string | null;
  orderExternalId: string | null;
  openedAt: Date;
  targetAt: Date;
  maxAt: Date;
  firstResponseAt: Date | null;
  lastActor: string | null;
  resolution: Resolution | null;
  pendingAction: PendingAction | null;
}

/** What the card shows of the case's order (an orders row has all of it). */
export interface CardOrder {
  items: Array<{ title: string; quantity: number }>;
  valueCents: number | null;
  currency: string;
  carrier: string | null;
  tracking: string | null;
  deliveredAt: Date | null;
}

export interface CaseCardInput {
  c: CardCase;
  /** With `connector` (shops.connector), the card says how refunds and replacements are carried out. */
  shop: { id: string; name: string; timeZone: string; connector?: StoredConnectorConfig | undefined };
  order?: CardOrder | undefined;
  now: Date;
}

function clockText(label: string, c: CardCase, due: Date, now: Date, tz: string): string {
  if (c.firstResponseAt) {
    const took = Math.max(0, Math.round((c.firstResponseAt.getTime() - c.openedAt.getTime()) / 60_000));
    const met = c.firstResponseAt <= due ? 'met' : 'missed';
    return `${label} ${met}: answered in ${formatDuration(took)}`;
  }
  return describeCountdown(now, due, tz);
}

function accentFor(c: CardCase, now: Date): Accent {
  if (c.status === 'resolved' || c.status === 'closed') return 'success';
  if (c.status === 'escalated') return 'danger';
  if (!c.firstResponseAt && c.maxAt <= now) return 'danger';
  if (!c.firstResponseAt && c.targetAt <= now) return 'warning';
  return 'info';
}

const CONNECTOR_LABEL: Record<string, string> = {
  shopify: 'Shopify: refunds and replacements go through the Admin API',
  webhook: 'Webhook: decisions are sent to your endpoint',
  manual: 'Manual: do refunds and replacements in the marketplace dashboard',
};

/** The card's line about a money action under way, awaiting approval, or failed. */
function pendingLine(p: PendingAction, currency: string): Node {
  const what =
    p.type === 'refund'
      ? `Refund of ${p.amountCents !== undefined ? formatMoney(p.amountCents, p.currency ?? currency) : 'the full amount'}`
      : 'Reship';
  switch (p.state) {
    case 'awaiting_approval':
      return {
        type: 'text',
        text: `${what} awaiting approval (requested by ${p.requestedBy.name}; someone else with the approve permission can approve it)`,
        emphasis: 'strong',
      };
    case 'in_progress':
      return { type: 'context', text: `${what} in progress (started by ${p.requestedBy.name})` };
    case 'failed':
      return {
        type: 'text',
        text: `${what} failed: ${p.error ?? 'unknown error'}. Press ${p.type === 'refund' ? 'Refund' : 'Reship'} to try again.`,
        emphasis: 'strong',
      };
  }
}

function buttons(c: CardCase): ButtonNode[] {
  const status = c.status;
  if (status === 'resolved') return [{ actionId: encodeActionId('case.reopen', c.id), label: 'Reopen' }];
  if (status === 'closed') return [];
  const locked = status === 'escalated';
  const p = c.pendingAction ?? null;
  const busy = p?.state === 'in_progress' || p?.state === 'awaiting_approval';
  return [
    ...(p?.state === 'awaiting_approval'
      ? [{ actionId: encodeActionId('case.approve', c.id), label: 'Approve refund', style: 'primary' as const }]
      : []),
    { actionId: encodeActionId('case.refund', c.id), label: 'Refund', style: 'primary', disabled: locked || busy },
    { actionId: encodeActionId('case.reship', c.id), label: 'Reship', disabled: locked || busy },
    { actionId: encodeActionId('case.claim', c.id), label: 'Postal claim help' },
    { actionId: encodeActionId('case.reply', c.id), label: 'Reply' },
    { actionId: encodeActionId('case.escalate', c.id), label: 'Escalate', style: 'danger', disabled: locked },
    { actionId: encodeActionId('case.resolve', c.id), label: 'Resolve' },
  ];
}

/** The card of a case, as posted in the team's channel and updated in place. */
export function caseCard({ c, shop, order, now }: CaseCardInput): CardView {
  const kind = kindLabel(c.kind);
  const buyer = firstName(c.buyerName);
  const status = c.status;
  const fields: Field[] = [
    { label: 'Shop', value: shop.name === shop.id ? shop.id : `${shop.name} (${shop.id})`, inline: true },
    { label: 'Buyer', value: buyer, inline: true },
    { label: 'Status', value: STATUS_LABEL[status] ?? c.status, inline: true },
    { label: 'Priority', value: c.priority, inline: true },
  ];
  if (c.orderExternalId) {
    const items = order?.items.map((i) => `${i.quantity} × ${i.title}`).join(', ');
    const value = order?.valueCents != null ? ` · ${formatMoney(order.valueCents, order.currency)}` : '';
    fields.push({ label: 'Order', value: `${c.orderExternalId}${value}${items ? ` · ${items}` : ''}` });
  }
  if (order?.tracking)
    fields.push({
      label: 'Tracking',
      value: `${order.carrier ?? 'carrier'} ${order.tracking}${order.deliveredAt ? ' (delivered)' : ''}`,
      inline: true,
    });
  if (shop.connector) {
    const type = String((shop.connector as { type?: unknown }).type ?? 'manual');
    fields.push({ label: 'Connector', value: CONNECTOR_LABEL[type] ?? `Unknown connector "${type}": check the config`, inline: true });
  }
  if (status !== 'resolved' && status !== 'closed') {
    fields.push({ label: 'Reply target', value: clockText('Target', c, c.targetAt, now, shop.timeZone), inline: true });
    fields.push({ label: 'Reply maximum', value: clockText('Maximum', c, c.maxAt, now, shop.timeZone), inline: true });
  }
  if (c.resolution) {
    const amount = c.resolution.amountCents ? ` ${formatMoney(c.resolution.amountCents, order?.currency ?? 'USD')}` : '';
    fields.push({
      label: 'Resolution',
      value: `${c.resolution.type.replace(/_/g, ' ')}${amount}${c.resolution.note ? `: ${c.resolution.note}` : ''}`,
    });
  }
  const nodes: Node[] = [{ type: 'fields', fields }];
  const refunded = c.resolution?.type.startsWith('refund_') && c.resolution.amountCents ? c.resolution.amountCents : undefined;
  if (refunded !== undefined && status === 'resolved') {
    const automatic = ['shopify', 'webhook'].includes(String((shop.connector as { type?: unknown } | undefined)?.type));
    const amount = formatMoney(refunded, order?.currency ?? 'USD');
    nodes.push({
      type: 'text',
      text: automatic ? `Refunded ${amount}` : `Refund of ${amount} decided: issue it in the marketplace dashboard`,
      emphasis: 'strong',
    });
  }
  if (c.pendingAction) nodes.push(pendingLine(c.pendingAction, order?.currency ?? 'USD'));
  if (c.subject) nodes.push({ type: 'text', text: c.subject, emphasis: 'strong' });
  if (c.body) nodes.push({ type: 'quote', text: c.body, author: buyer });
  if (c.flags.length) nodes.push({ type: 'context', text: `Flags: ${c.flags.join(', ')}` });
  nodes.push({
    type: 'context',
    text: c.lastActor ? `Last action by ${c.lastActor}` : `Opened ${utcMinute(c.openedAt)}`,
  });
  const actions = buttons(c);
  if (actions.length) nodes.push({ type: 'actions', buttons: actions });
  return card({
    title: `${kind} #${c.id} · ${buyer}`,
    summary: `${kind} #${c.id} from ${buyer} (${shop.id}): ${STATUS_LABEL[status] ?? c.status}`,
    accent: accentFor(c, now),
    nodes,
  });
}
