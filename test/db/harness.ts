import { sql } from 'drizzle-orm';
import pg from 'pg';
import { migrate, openDatabase, type Database, type Db } from '../../src/db/client.js';
import { createConnectors } from '../../src/connectors/connector.js';
import { RoutingCache } from '../../src/db/repos/read-cache.js';
import { Metrics } from '../../src/metrics.js';
import { silentLogger, type Clock } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';

/**
 * Database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
 * One database per kind per test worker (a fresh PGlite costs seconds); reset between tests.
 */
export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const cache = new Map<DbKind, Promise<Database>>();

/**
 * This run's tag in database names: the vitest main process's pid (a worker's parent), so
 * two runs at once on one server (two checkouts, CI beside a developer) never drop each
 * other's databases. Databases of runs whose process is gone are dropped on the way.
 */
const RUN = String(process.ppid);

/** A database of its own for this worker on the shared server: sellerdesk_test_<run>_<worker>. */
export async function workerDatabaseUrl(suffix = ''): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0';
  await dropAbandonedTestDatabases(base);
  // A fresh database per run: migrations are tested from zero and earlier runs leave nothing behind.
  return recreatePgDatabase(base, `sellerdesk_test_${RUN}_${worker}${suffix}`);
}

/** Drops test databases left by runs whose vitest process no longer exists (on this machine). */
async function dropAbandonedTestDatabases(baseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'sellerdesk_test_%'`);
    for (const { datname } of rows) {
      const pid = Number(/^sellerdesk_test_(\d+)_/.exec(datname)?.[1]);
      if (!pid || pid === Number(RUN) || processAlive(pid)) continue;
      await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
  } finally {
    await admin.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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

/** Workflow deps for a test: console routing and UTC unless given, a fresh read cache, real connectors and own counters on `clock`. */
export function testDeps(db: Db, clock: Clock, o: Partial<WorkflowDeps> = {}): WorkflowDeps {
  return {
    db,
    clock,
    log: silentLogger,
    cache: new RoutingCache(clock),
    connectors: createConnectors(clock),
    metrics: new Metrics(),
    routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
    defaultTimeZone: 'UTC',
    ...o,
  };
}

const TABLES = ['case_events', 'cases', 'orders', 'shops', 'teams', 'inbox', 'outbox', 'channel_pace', 'once_claims', 'mailbox_state'];

/** Empties every table; `users` are deps (or apps' deps) whose read cache must forget the old rows. */
export async function resetDatabase(database: Database, ...users: Array<{ cache: RoutingCache } | undefined>): Promise<void> {
  for (const u of users) u?.cache.invalidate();
  await database.db.execute(sql.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`));
}
