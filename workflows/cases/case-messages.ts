import type { Db } from '../../src/db/client.js';
import type { CaseRow, ShopRow } from '../../src/db/rows.js';
import { caseCardRow, enqueue, enqueueCardRefresh } from '../../src/db/repos/outbox.js';
import { getTeam } from '../../src/db/repos/shops.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import { routeFor, type Destination, type RoutingDefaults } from '../../src/domain/routing.js';
import type { RouteKind } from '../../src/domain/types.js';
import type { CardView } from '../../src/ui/view.js';

/** Where a shop's messages of `kind` go. */
export async function destinationFor(db: Db, shop: ShopRow, kind: RouteKind, routing: RoutingDefaults): Promise<Destination> {
  const team = await getTeam(db, shop.teamId);
  const settings = parseTeamSettings(team?.settings);
  return routeFor(kind, shop.routes, { platform: team?.platform ?? 'console', routes: settings.routes }, routing);
}

/**
 * Records history in the card's thread and refreshes the card in place.
 * `key` makes it idempotent (e.g. the case event id).
 */
export async function queueCaseUpdate(db: Db, c: CaseRow, key: string, now: Date, threadView?: CardView): Promise<void> {
  const card = await caseCardRow(db, c.id);
  if (!card) return;
  if (threadView) {
    await enqueue(db, {
      key: `case:${c.id}:thread:${key}`,
      platform: card.platform as Destination['platform'],
      channel: card.channel,
      op: 'thread',
      payload: { kind: 'view', view: threadView },
      parentId: card.id,
      caseId: c.id,
      orderingKey: `case:${c.id}`,
      at: now,
    });
  }
  await enqueueCardRefresh(db, card, c.version, now);
}
