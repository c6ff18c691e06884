import type { Db } from '../../src/db/client.js';
import type { CaseRow, ShopRow, TeamRow } from '../../src/db/rows.js';
import { appendCaseEvent, findActiveCase, updateCase } from '../../src/db/repos/cases.js';
import { insertCaseWithCard } from '../../src/db/repos/case-intake.js';
import { storeReceived } from '../../src/db/repos/inbox.js';
import { getOrder, upsertOrder } from '../../src/db/repos/orders.js';
import { DEFAULT_TEAM_ID, ensureShop, getTeam, scheduleOf } from '../../src/db/repos/shops.js';
import { transition } from '../../src/domain/case-lifecycle.js';
import type { IntakeEvent } from '../../src/domain/events.js';
import { computeShipBy } from '../../src/domain/sla.js';
import { card } from '../../src/ui/view.js';
import { queueCaseUpdate } from '../cases/index.js';
import { caseValues, chargebackInput, planFor, type NewCaseInput } from './case-input.js';
import { fastIntake } from './fast-path.js';
import type { WorkflowDeps } from '../deps.js';

export interface IntakeResult {
  duplicate: boolean;
  /** What the event did, e.g. { case: 12, created: true } or { order: 'A-1001' }. */
  effect: Record<string, unknown>;
  shopCreated?: boolean;
}

/**
 * Stores an event and applies it in one transaction: either the event, its case or
 * order change and its outgoing messages are all durable, or none is. A repeated
 * (source, id) has no second effect.
 */
export async function receiveEvent(deps: WorkflowDeps, source: string, event: IntakeEvent, raw: unknown = event): Promise<IntakeResult> {
  const now = deps.clock.now();
  const fast = await fastIntake(deps, source, event, raw, now);
  if (fast) return fast;
  let seen: { shop: ShopRow; team: TeamRow | undefined } | undefined;
  const result = await deps.db.transaction(async (tx) => {
    const stored = await storeReceived(tx, {
      source,
      externalId: event.id,
      type: event.type,
      shopId: event.shopId,
      payload: raw,
      receivedAt: now,
    });
    if (!stored) return { duplicate: true, effect: {} } satisfies IntakeResult;
    let shop = deps.cache.shops.get(event.shopId);
    let created = false;
    if (!shop) {
      const defaultTeam = await getTeam(tx, DEFAULT_TEAM_ID);
      ({ shop, created } = await ensureShop(tx, event.shopId, {
        timeZone: deps.defaultTimeZone,
        platform: defaultTeam?.platform ?? deps.routing.enabled[0] ?? 'console',
        now,
      }));
    }
    const team = deps.cache.teams.get(shop.teamId) ?? (await getTeam(tx, shop.teamId));
    seen = { shop, team };
    const effect = await applyEvent(tx, deps, { shop, team }, event, now);
    return { duplicate: false, effect, shopCreated: created };
  });
  // Only rows the committed transaction read go into the cache.
  if (seen) {
    deps.cache.shops.set(seen.shop.id, seen.shop);
    if (seen.team) deps.cache.teams.set(seen.team.id, seen.team);
  }
  if (result.shopCreated) {
    deps.log.info(
      { shopId: event.shopId },
      `new shop "${event.shopId}" created with default settings (time zone ${deps.defaultTimeZone}, wall-clock response times, default channel); add it to the config file (CONFIG_FILE) to set its hours, holidays and routes`,
    );
  }
  return result;
}

interface ShopContext {
  shop: ShopRow;
  team: TeamRow | undefined;
}

async function applyEvent(tx: Db, deps: WorkflowDeps, sc: ShopContext, e: IntakeEvent, now: Date): Promise<Record<string, unknown>> {
  const { shop } = sc;
  const at = new Date(e.occurredAt);
  switch (e.type) {
    case 'order.paid': {
      const d = e.data;
      const paidAt = d.paidAt ? new Date(d.paidAt) : at;
      const custom = d.custom ?? d.items.some((i) => i.custom === true);
      const shipBy = computeShipBy(paidAt, custom, scheduleOf(shop), shop.handling);
      await upsertOrder(
        tx,
        shop.id,
        d.orderId,
        {
          buyerName: d.buyer.name,
          buyerId: d.buyer.id ?? null,
          buyerEmail: d.buyer.email ?? null,
          items: d.items,
          valueCents: d.total ? Math.round(d.total.amount * 100) : null,
          currency: d.total?.currency ?? 'USD',
          custom,
          paidAt,
          shipBy,
          ...(d.insured !== undefined ? { insured: d.insured } : {}),
        },
        now,
      );
      return { order: d.orderId, shipBy: shipBy.toISOString() };
    }
    case 'order.shipped': {
      const d = e.data;
      await upsertOrder(
        tx,
        shop.id,
        d.orderId,
        {
          shippedAt: d.shippedAt ? new Date(d.shippedAt) : at,
          ...(d.carrier ? { carrier: d.carrier } : {}),
          ...(d.tracking ? { tracking: d.tracking } : {}),
          ...(d.insured !== undefined ? { insured: d.insured } : {}),
        },
        now,
      );
      return { order: d.orderId, shipped: true };
    }
    case 'order.delivered':
      await upsertOrder(tx, shop.id, e.data.orderId, { deliveredAt: e.data.deliveredAt ? new Date(e.data.deliveredAt) : at }, now);
      return { order: e.data.orderId, delivered: true };
    case 'order.cancelled':
      await upsertOrder(tx, shop.id, e.data.orderId, { cancelledAt: at }, now);
      return { order: e.data.orderId, cancelled: true };
    case 'buyer.message':
    case 'review.posted':
    case 'return.requested':
    case 'dispute.opened': {
      const plan = planFor(e);
      if (plan.type === 'none') return plan.effect;
      if (plan.type !== 'case') throw new Error(`no case plan for ${e.type}`);
      if (plan.followUpKey) {
        const existing = await findActiveCase(tx, {
          shopId: shop.id,
          kind: plan.input.kind,
          buyerKey: plan.followUpKey,
          orderExternalId: plan.input.orderId,
        });
        if (existing && e.type === 'buyer.message') return followUp(tx, deps, existing, e.id, e.data.buyer.name, e.data.message, now);
      }
      return openCase(tx, deps, sc, e, now, plan.input);
    }
    case 'chargeback.opened': {
      const order = await getOrder(tx, shop.id, e.data.orderId);
      const buyer = e.data.buyer ?? { name: order?.buyerName ?? 'Unknown buyer', ...(order?.buyerId ? { id: order.buyerId } : {}) };
      return openCase(tx, deps, sc, e, now, chargebackInput(e.data.orderId, buyer, e.data.reason));
    }
  }
}

async function openCase(tx: Db, deps: WorkflowDeps, { shop, team }: ShopContext, e: IntakeEvent, now: Date, n: NewCaseInput) {
  const { values, dest, opened } = caseValues(deps, shop, team, e, now, n);
  const order = n.orderId ? await getOrder(tx, shop.id, n.orderId) : undefined;
  const id = await insertCaseWithCard(tx, { ...values, orderId: order?.id ?? null }, opened, dest, now);
  return { case: id, created: true };
}

/** A further message from the buyer on an open case goes into the case's thread. */
async function followUp(tx: Db, _deps: WorkflowDeps, c: CaseRow, eventId: string, buyerName: string, message: string, now: Date) {
  let current = c;
  if (c.status === 'waiting_on_buyer') {
    const t = transition('waiting_on_buyer', { type: 'buyer_replied' });
    current = (await updateCase(tx, c.id, c.version, { status: t.to }, now)) ?? c;
  }
  const ev = await appendCaseEvent(tx, {
    caseId: c.id,
    at: now,
    actor: buyerName,
    platform: 'intake',
    type: 'buyer_message',
    data: { event: eventId, message },
  });
  const view = card({
    title: `${buyerName} wrote again`,
    summary: `${buyerName} wrote again on case #${c.id}`,
    nodes: [{ type: 'quote', text: message, author: buyerName }],
  });
  await queueCaseUpdate(tx, current, String(ev.id), now, view);
  return { case: c.id, created: false, followUp: true };
}
