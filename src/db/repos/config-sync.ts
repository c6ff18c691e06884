import { sql } from 'drizzle-orm';
import type { ConfigFile } from '../../config-file.js';
import type { Db } from '../client.js';
import { shops, teams } from '../schema.js';

/** Writes the config file's teams and shops into the database; the file wins for what it sets. */
export async function syncConfig(
  db: Db,
  config: ConfigFile,
  defaultTimeZone: string,
  now: Date,
): Promise<{ teams: number; shops: number }> {
  await db.transaction(async (tx) => {
    for (const t of config.teams) {
      // Everything but the team's identity columns is a setting (routes, permissions, rules…).
      const { id: _id, name: _name, platform: _platform, externalId: _externalId, timeZone: _timeZone, clocks: _clocks, ...settings } = t;
      const values = {
        id: t.id,
        name: t.name ?? t.id,
        platform: t.platform,
        externalId: t.externalId ?? null,
        timeZone: t.timeZone ?? defaultTimeZone,
        clocks: t.clocks ?? null,
        settings,
      };
      // created_at is set once, when the team first appears (the reminders' "first month" counts from it).
      await tx
        .insert(teams)
        .values({ ...values, createdAt: now })
        .onConflictDoUpdate({ target: teams.id, set: values });
    }
    for (const s of config.shops) {
      const team = config.teams.find((t) => t.id === s.team);
      if (s.team === 'default') {
        await tx
          .insert(teams)
          .values({ id: 'default', name: 'Default team', timeZone: defaultTimeZone, createdAt: now })
          .onConflictDoNothing();
      }
      const values = {
        id: s.id,
        teamId: s.team,
        name: s.name ?? s.id,
        timeZone: s.timeZone ?? team?.timeZone ?? defaultTimeZone,
        businessHours: s.businessHours ?? null,
        holidayCountry: s.holidayCountry ?? null,
        handling: s.handling ?? { readyMade: 2, custom: 7 },
        routes: s.routes ?? {},
        connector: s.connector ?? { type: 'manual' },
        autoCreated: false,
      };
      await tx
        .insert(shops)
        .values(values)
        .onConflictDoUpdate({ target: shops.id, set: { ...values, createdAt: sql`${shops.createdAt}` } });
    }
  });
  return { teams: config.teams.length, shops: config.shops.length };
}
