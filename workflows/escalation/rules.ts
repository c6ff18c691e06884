import { isoDay } from '../../src/ui/format.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.js';
import { getOrder, getOrderById } from '../../src/db/repos/orders.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import type { CaseRow, OrderRow } from '../../src/db/rows.js';
import type { Triage } from '../../src/ports.js';
import {
  DEFAULT_ESCALATION_RULES,
  parseEscalationRuleSettings,
  type EscalationRuleSettings,
} from '../../src/domain/escalation-settings.js';
import type { EscalationReason } from '../../src/domain/types.js';
import type { WorkflowDeps } from '../deps.js';

/** An automatic escalation rule: looks at a case (and its triage) and says whether and why to escalate. */
export type EscalationRule = (deps: WorkflowDeps, c: CaseRow, triage: Triage) => Promise<{ reason: EscalationReason; why: string } | null>;

/**
 * Automatic escalation to platform support (customer-service-best-practices.md, "Escalation"):
 * abusive customers and fraudulent claims. Each rule can be turned off and tuned per team
 * (teams.settings.escalationRules); disputes nobody resolves are watched by dispute-watch.
 */

const DAY_MS = 86_400_000;

const NOT_RECEIVED =
  /\b(?:never|not|hasn'?t|has not|didn'?t|did not|haven'?t|have not|still not)\b[^.!?\n]{0,30}?\b(?:arrived?|received?|come|came|get|got(?:ten)?|delivered|shown up|showed up)\b|not[_ -]received|non[- ]?delivery/i;

/** How the buyer claims the order never arrived, or undefined when they do not. */
export function notReceivedClaim(c: CaseRow, t: Triage): string | undefined {
  if (c.flags.includes('dispute:not_received')) return 'not-received dispute';
  const hint = t.hints.find((h) => NOT_RECEIVED.test(h));
  if (hint) return `${c.kind === 'message' ? 'message' : c.kind} says "${hint}"`;
  const formal = ['dispute', 'chargeback'].includes(c.kind) || t.kind === 'dispute' || t.kind === 'chargeback';
  const said = [c.subject, c.body].filter(Boolean).join('\n').match(NOT_RECEIVED)?.[0];
  return formal && said ? `${c.kind} says "${said}"` : undefined;
}

const isChargeback = (c: CaseRow, t: Triage): boolean => c.kind === 'chargeback' || t.kind === 'chargeback';

async function orderOf(db: Db, c: CaseRow): Promise<OrderRow | undefined> {
  if (c.orderId) return getOrderById(db, c.orderId);
  return c.orderExternalId ? getOrder(db, c.shopId, c.orderExternalId) : undefined;
}

const trackingText = (o: OrderRow): string => (o.tracking ? ` (${[o.carrier, o.tracking].filter(Boolean).join(' ')})` : '');

/** Abusive language: triage says so; the why names the matched hints. */
export const abusiveRule: EscalationRule = async (_deps, _c, t) => {
  if (!t.abusive) return null;
  const hints = t.hints.length ? `matched: ${t.hints.map((h) => `"${h}"`).join(', ')}` : 'no specific words recorded';
  return { reason: 'abusive', why: `Triage (${t.source}) found the buyer's message abusive (${hints}).` };
};

interface PriorClaim {
  id: number;
  kind: string;
  flags: string[];
  resolution: { type: string } | null;
  opened_at: Date | string;
}

const claimLabel = (p: { kind: string; flags: string[]; resolution: { type: string } | null }): string =>
  p.kind === 'chargeback'
    ? 'chargeback'
    : p.flags.includes('dispute:not_received')
      ? 'not-received dispute'
      : `${p.kind} resolved with ${String(p.resolution?.type ?? 'refund').replace(/_/g, ' ')}`;

/** Fraud signal (a): the buyer's Nth refund-type case in the window, across the team's shops. */
export function repeatClaimsRule(o: EscalationRuleSettings['repeatClaims']): EscalationRule {
  return async (deps, c, t) => {
    const current = isChargeback(c, t) ? 'chargeback' : notReceivedClaim(c, t);
    if (!current) return null;
    const buyer = c.buyerId ? sql`c.buyer_id = ${c.buyerId}` : c.buyerName ? sql`c.buyer_name = ${c.buyerName}` : undefined;
    if (!buyer) return null;
    const since = new Date(c.openedAt.getTime() - o.windowDays * DAY_MS);
    const prior = await queryRows<PriorClaim>(
      deps.db,
      sql`SELECT c.id, c.kind, c.flags, c.resolution, c.opened_at FROM cases c JOIN shops s ON s.id = c.shop_id
        WHERE s.team_id = (SELECT team_id FROM shops WHERE id = ${c.shopId}) AND ${buyer}
          AND c.opened_at >= ${since} AND (c.opened_at < ${c.openedAt} OR (c.opened_at = ${c.openedAt} AND c.id < ${c.id}))
          AND (c.kind = 'chargeback' OR c.flags @> '["dispute:not_received"]'::jsonb OR c.resolution->>'type' IN ('refund_full', 'refund_partial'))
        ORDER BY c.opened_at, c.id`,
    );
    const count = prior.length + 1;
    if (count < o.threshold) return null;
    const who = `${c.buyerName ?? 'The buyer'}${c.buyerId ? ` (buyer ${c.buyerId})` : ''}`;
    const list = prior.map((p) => `#${p.id} ${claimLabel(p)} ${isoDay(new Date(p.opened_at))}`);
    return {
      reason: 'fraudulent',
      why: `${who} has ${count} refund, not-received or chargeback cases in ${o.windowDays} days across the team's shops (threshold ${o.threshold}): ${list.join(', ')}, and this one, #${c.id} (${current}) ${isoDay(c.openedAt)}.`,
    };
  };
}

/** Fraud signal (b): "never arrived" while tracking says delivered. */
export const deliveredNotReceivedRule: EscalationRule = async (deps, c, t) => {
  const claim = notReceivedClaim(c, t);
  if (!claim) return null;
  const order = await orderOf(deps.db, c);
  if (!order?.deliveredAt) return null;
  return {
    reason: 'fraudulent',
    why: `Buyer claims order ${order.externalId} never arrived (${claim}, ${isoDay(c.openedAt)}), but tracking shows it delivered on ${isoDay(order.deliveredAt)}${trackingText(order)}${order.shippedAt ? `, shipped ${isoDay(order.shippedAt)}` : ''}.`,
  };
};

/** Fraud signal (c): a not-received dispute before the order could have arrived. */
export function claimBeforeExpectedRule(o: EscalationRuleSettings['claimBeforeExpected']): EscalationRule {
  return async (deps, c, t) => {
    const formal = ['dispute', 'chargeback'].includes(c.kind) || t.kind === 'dispute' || t.kind === 'chargeback';
    const claim = formal ? notReceivedClaim(c, t) : undefined;
    if (!claim) return null;
    const order = await orderOf(deps.db, c);
    if (!order || order.deliveredAt || order.cancelledAt) return null;
    const at = c.openedAt;
    if (order.shippedAt) {
      const expected = new Date(order.shippedAt.getTime() + o.transitDays * DAY_MS);
      if (at >= expected) return null;
      const days = Math.floor((at.getTime() - order.shippedAt.getTime()) / DAY_MS);
      return {
        reason: 'fraudulent',
        why: `Not-received claim (${claim}) on order ${order.externalId} made ${isoDay(at)}, ${days} day${days === 1 ? '' : 's'} after it shipped on ${isoDay(order.shippedAt)}${trackingText(order)}; delivery is not expected before ${isoDay(expected)} (shipped + ${o.transitDays} days transit).`,
      };
    }
    if (order.shipBy && at < order.shipBy) {
      return {
        reason: 'fraudulent',
        why: `Not-received claim (${claim}) on order ${order.externalId} made ${isoDay(at)}, before the order has shipped: it is due to ship by ${isoDay(order.shipBy)}${order.paidAt ? ` (paid ${isoDay(order.paidAt)})` : ''}.`,
      };
    }
    return null;
  };
}

/** Fraud signal (d): a chargeback on an order tracking shows delivered. */
export const chargebackAfterDeliveryRule: EscalationRule = async (deps, c, t) => {
  if (!isChargeback(c, t)) return null;
  const order = await orderOf(deps.db, c);
  if (!order?.deliveredAt) return null;
  return {
    reason: 'fraudulent',
    why: `Chargeback opened ${isoDay(c.openedAt)} on order ${order.externalId}, which tracking shows delivered on ${isoDay(order.deliveredAt)}${trackingText(order)}.`,
  };
};

/** The enabled rules, most specific facts first; triage escalates on the first that fires. */
export function allRules(settings: EscalationRuleSettings = DEFAULT_ESCALATION_RULES): EscalationRule[] {
  return [
    ...(settings.abusive.enabled ? [abusiveRule] : []),
    ...(settings.chargebackAfterDelivery.enabled ? [chargebackAfterDeliveryRule] : []),
    ...(settings.deliveredNotReceived.enabled ? [deliveredNotReceivedRule] : []),
    ...(settings.claimBeforeExpected.enabled ? [claimBeforeExpectedRule(settings.claimBeforeExpected)] : []),
    ...(settings.repeatClaims.enabled ? [repeatClaimsRule(settings.repeatClaims)] : []),
  ];
}

/**
 * One rule that applies each team's own settings (teams.settings.escalationRules, laid over
 * `base`): for the TriageWorker when teams tune or turn off rules.
 */
export function teamEscalationRules(base: EscalationRuleSettings = DEFAULT_ESCALATION_RULES): EscalationRule[] {
  return [
    async (deps, c, t) => {
      const shop = await getShop(deps.db, c.shopId);
      const team = shop ? await getTeam(deps.db, shop.teamId) : undefined;
      const settings = parseEscalationRuleSettings(team?.settings?.escalationRules, base);
      for (const rule of allRules(settings)) {
        const hit = await rule(deps, c, t);
        if (hit) return hit;
      }
      return null;
    },
  ];
}
