import { sql } from 'drizzle-orm';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../../src/db/client.js';
import { invalidateRoutingCache } from '../../src/db/repos/read-cache.js';

/**
 * Database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
 * One database per kind per test worker (a fresh PGlite costs seconds); reset between tests.
 */
export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const cache = new Map<DbKind, Promise<Database>>();

/** A database of its own for this worker on the shared server: sellerdesk_test_<worker>. */
export async function workerDatabaseUrl(suffix = ''): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0';
  // A fresh database per run: migrations are tested from zero and earlier runs leave nothing behind.
  return recreatePgDatabase(base, `sellerdesk_test_${worker}${suffix}`);
}

/** Drops and creates database `name` on the server of `baseUrl`; returns its URL. */
export async function recreatePgDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testDatabase(kind: DbKind): Promise<Database> {
  let p = cache.get(kind);
  if (!p) {
    p = (async () => {
      const database =
        kind === 'pglite'
          ? await openDatabase({ dataDir: 'memory://' })
          : await openDatabase({ url: await workerDatabaseUrl(), dataDir: 'unused', poolSize: 5 });
      await migrate(database);
      return database;
    })();
    cache.set(kind, p);
  }
  return p;
}

const TABLES = ['case_events', 'cases', 'orders', 'shops', 'teams', 'inbox', 'outbox', 'channel_pace', 'once_claims'];

export async function resetDatabase(database: Database): Promise<void> {
  invalidateRoutingCache();
  await database.db.execute(sql.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`));
}
