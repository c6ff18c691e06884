import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { ShopRow, TeamRow } from '../rows.js';
import { shops, teams } from '../schema.js';
import type { BusinessSchedule, ClockTable, Platform } from '../../domain/types.js';
import { DEFAULT_CLOCKS } from '../../domain/types.js';

export const DEFAULT_TEAM_ID = 'default';

export interface ShopDefaults {
  timeZone: string;
  platform: Platform;
  /** Clock.now(): the default team's created_at if this creates it. */
  now: Date;
}

export async function getTeam(db: Db, id: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(teams).where(eq(teams.id, id)).limit(1);
  return row;
}

export async function getShop(db: Db, id: string): Promise<ShopRow | undefined> {
  const [row] = await db.select().from(shops).where(eq(shops.id, id)).limit(1);
  return row;
}

export async function listShops(db: Db, teamId?: string): Promise<ShopRow[]> {
  const q = db.select().from(shops);
  return teamId ? q.where(eq(shops.teamId, teamId)).orderBy(shops.id) : q.orderBy(shops.id);
}

export async function listTeams(db: Db): Promise<TeamRow[]> {
  return db.select().from(teams).orderBy(teams.id);
}

/**
 * The shop, created with default settings (and the default team) when an event
 * names a shop never seen before. `created` tells the caller to say how to configure it.
 */
export async function ensureShop(db: Db, id: string, defaults: ShopDefaults): Promise<{ shop: ShopRow; created: boolean }> {
  const existing = await getShop(db, id);
  if (existing) return { shop: existing, created: false };
  await db
    .insert(teams)
    .values({
      id: DEFAULT_TEAM_ID,
      name: 'Default team',
      platform: defaults.platform,
      timeZone: defaults.timeZone,
      createdAt: defaults.now,
    })
    .onConflictDoNothing();
  const inserted = await db
    .insert(shops)
    .values({ id, teamId: DEFAULT_TEAM_ID, name: id, timeZone: defaults.timeZone, autoCreated: true })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { shop: inserted[0], created: true };
  return { shop: (await getShop(db, id))!, created: false };
}

export function scheduleOf(shop: ShopRow): BusinessSchedule {
  return {
    timeZone: shop.timeZone,
    ...(shop.businessHours ? { hours: shop.businessHours } : {}),
    ...(shop.holidayCountry ? { holidayCountry: shop.holidayCountry } : {}),
  };
}

export function clocksOf(team: TeamRow | undefined): ClockTable {
  const overrides = team?.clocks ?? {};
  return {
    message: { ...DEFAULT_CLOCKS.message, ...overrides.message },
    review: { ...DEFAULT_CLOCKS.review, ...overrides.review },
    return: { ...DEFAULT_CLOCKS.return, ...overrides.return },
    issue: { ...DEFAULT_CLOCKS.issue, ...overrides.issue },
  };
}

/**
 * The default team (shops first seen in events) follows the first configured chat
 * platform: a bot tried on the console and then connected to Slack posts to Slack.
 */
export async function adoptDefaultTeam(db: Db, platform: Platform): Promise<void> {
  if (platform === 'console') return;
  await db
    .update(teams)
    .set({ platform })
    .where(and(eq(teams.id, DEFAULT_TEAM_ID), eq(teams.platform, 'console')));
}
