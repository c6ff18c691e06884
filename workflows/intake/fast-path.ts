import { receiveAndOpenCase, receiveOnly } from '../../src/db/repos/case-intake.js';
import type { IntakeEvent } from '../../src/domain/events.js';
import { caseValues, planFor } from './case-input.js';
import type { WorkflowDeps } from '../deps.js';
import type { IntakeResult } from './receive-event.js';

/**
 * Intake's common case in one statement (one atomic round trip, no BEGIN/COMMIT): a known
 * shop (in the cache, so committed), and an event that opens a case or is only stored.
 * Returns undefined to hand the event to the transactional path: a shop not seen yet, order
 * events, a chargeback that needs its order's buyer, and a message for a buyer who already
 * has an open case (threaded there, which needs several statements).
 */
export async function fastIntake(
  deps: WorkflowDeps,
  source: string,
  event: IntakeEvent,
  raw: unknown,
  now: Date,
): Promise<IntakeResult | undefined> {
  const shop = deps.cache.shops.get(event.shopId);
  const team = shop && deps.cache.teams.get(shop.teamId);
  if (!shop || !team) return undefined;
  const plan = planFor(event);
  if (plan.type === 'transactional') return undefined;
  const inbox = { source, externalId: event.id, type: event.type, shopId: event.shopId, payload: raw, receivedAt: now };
  if (plan.type === 'none') {
    const stored = await receiveOnly(deps.db, inbox);
    return { duplicate: !stored, effect: stored ? plan.effect : {} };
  }
  const { values, dest, opened } = caseValues(deps, shop, team, event, now, plan.input);
  const r = await receiveAndOpenCase(
    deps.db,
    {
      inbox,
      c: values,
      opened,
      card: dest,
      now,
      ...(plan.followUpKey ? { followUpOf: { buyerKey: plan.followUpKey } } : {}),
    },
    deps.metrics,
  );
  if (r.existing !== undefined) return undefined;
  if (r.duplicate) return { duplicate: true, effect: {} };
  return { duplicate: false, effect: { case: r.caseId, created: true } };
}
