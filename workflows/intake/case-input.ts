import type { ShopRow, TeamRow } from '../../src/db/rows.js';
import type { NewCase } from '../../src/db/repos/cases.js';
import { clocksOf, scheduleOf } from '../../src/db/repos/shops.js';
import type { IntakeEvent } from '../../src/domain/events.js';
import { routeFor, type Destination } from '../../src/domain/routing.js';
import { computeDeadlines } from '../../src/domain/sla.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import { clockChannelFor, type CaseKind, type Priority } from '../../src/domain/types.js';
import type { WorkflowDeps } from '../deps.js';

export interface NewCaseInput {
  kind: CaseKind;
  buyer: { id?: string | undefined; name: string };
  orderId?: string | undefined;
  subject?: string | undefined;
  body: string;
  rating?: number;
  priority?: Priority;
  flags?: string[];
}

export type CasePlan =
  | { type: 'case'; input: NewCaseInput; /** a buyer message threads into the buyer's open case */ followUpKey?: string }
  | { type: 'none'; effect: Record<string, unknown> }
  /** Needs reads first (order events, a chargeback without a buyer): the transactional path. */
  | { type: 'transactional' };

/** What an event asks for, decided from the event alone. */
export function planFor(e: IntakeEvent): CasePlan {
  switch (e.type) {
    case 'buyer.message': {
      const d = e.data;
      return {
        type: 'case',
        followUpKey: d.buyer.id ?? d.buyer.name,
        input: { kind: 'message', buyer: d.buyer, orderId: d.orderId, subject: d.subject, body: d.message },
      };
    }
    case 'review.posted': {
      const d = e.data;
      if (d.rating > 3) return { type: 'none', effect: { review: 'positive', rating: d.rating } };
      return {
        type: 'case',
        input: {
          kind: 'review',
          buyer: d.buyer,
          orderId: d.orderId,
          subject: `${d.rating}-star review`,
          body: d.text ?? '(no text)',
          rating: d.rating,
          priority: d.rating <= 2 ? 'high' : 'normal',
        },
      };
    }
    case 'return.requested':
      return {
        type: 'case',
        input: { kind: 'return', buyer: e.data.buyer, orderId: e.data.orderId, subject: 'Return requested', body: e.data.reason },
      };
    case 'dispute.opened':
      return {
        type: 'case',
        input: {
          kind: 'dispute',
          buyer: e.data.buyer,
          orderId: e.data.orderId,
          subject: `Dispute: ${e.data.reason.replace(/_/g, ' ')}`,
          body: e.data.message ?? '',
          priority: 'high',
          flags: [`dispute:${e.data.reason}`],
        },
      };
    case 'chargeback.opened':
      if (!e.data.buyer) return { type: 'transactional' };
      return { type: 'case', input: chargebackInput(e.data.orderId, e.data.buyer, e.data.reason) };
    default:
      return { type: 'transactional' };
  }
}

export function chargebackInput(orderId: string, buyer: NewCaseInput['buyer'], reason: string | undefined): NewCaseInput {
  return {
    kind: 'chargeback',
    buyer,
    orderId,
    subject: 'Chargeback opened',
    body: reason ?? '',
    priority: 'urgent',
    flags: ['chargeback'],
  };
}

/** The case row (without its order id), the clocks in the shop's hours, and where its card goes. */
export function caseValues(
  deps: WorkflowDeps,
  shop: ShopRow,
  team: TeamRow | undefined,
  e: IntakeEvent,
  now: Date,
  n: NewCaseInput,
): { values: NewCase; dest: Destination; opened: { at: Date; actor: string; data: Record<string, unknown> } } {
  const openedAt = new Date(Math.min(new Date(e.occurredAt).getTime(), now.getTime()));
  const channel = clockChannelFor(n.kind);
  const { targetAt, maxAt } = computeDeadlines(openedAt, channel, scheduleOf(shop), clocksOf(team));
  const settings = parseTeamSettings(team?.settings);
  const dest = routeFor('cases', shop.routes, { platform: team?.platform ?? 'console', routes: settings.routes }, deps.routing);
  const values: NewCase = {
    shopId: shop.id,
    orderExternalId: n.orderId ?? null,
    buyerName: n.buyer.name,
    buyerId: n.buyer.id ?? null,
    kind: n.kind,
    clockChannel: channel,
    priority: n.priority ?? 'normal',
    flags: n.flags ?? [],
    subject: n.subject ?? null,
    body: n.body,
    rating: n.rating ?? null,
    sourceEventId: e.id,
    openedAt,
    targetAt,
    maxAt,
    updatedAt: now,
  };
  return { values, dest, opened: { at: now, actor: n.buyer.name, data: { event: e.id, type: e.type } } };
}
