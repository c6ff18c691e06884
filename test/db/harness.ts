import { sql } from 'drizzle-orm';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Database, type Db } from '../../src/db/client.js';
import { createConnectors } from '../../src/connectors/connector.js';
import { attachEmbeddedServer, libpqUrl, type EmbeddedServer } from '../../src/db/embedded/shared-server.js';
import { RoutingCache } from '../../src/db/repos/read-cache.js';
import { Metrics } from '../../src/metrics.js';
import { silentLogger, type Clock } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';

/**
 * Database tests run on the embedded PostgreSQL always, and on the PostgreSQL of
 * TEST_DATABASE_URL too when it is set. Each vitest worker slot has an embedded server of its
 * own (SellerDesk's own embedded server code, in a temporary data directory), kept for the
 * run and stopped by test/setup/embedded-servers.ts when the run ends; each test file gets a
 * fresh database on it, reset between tests.
 */
export type DbKind = 'embedded' | 'postgres';
export const dbKinds: DbKind[] = process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];

const cache = new Map<DbKind, Promise<Database>>();

/**
 * This run's tag in database names: the vitest main process's pid (a worker's parent), so
 * two runs at once on one server (two checkouts, CI beside a developer) never drop each
 * other's databases. Databases of runs whose process is gone are dropped on the way.
 */
const RUN = String(process.ppid);

const WORKER = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0';

/** Where this worker slot's embedded server keeps its data: sd-test-<run>-<slot> in the temp directory. */
export const embeddedTestDir = (run = RUN, slot = WORKER) => join(tmpdir(), `sd-test-${run}-${slot}`);

let embeddedServer: Promise<EmbeddedServer> | undefined;

/**
 * This worker slot's embedded server, started by the first test file of the slot; it is held
 * by the vitest main process (a worker's parent), so the next file of the slot finds it running.
 */
function workerEmbeddedServer(): Promise<EmbeddedServer> {
  embeddedServer ??= attachEmbeddedServer(embeddedTestDir(), { role: 'test', holderPid: Number(RUN), sync: false });
  return embeddedServer;
}

/** A fresh database for this test file on this worker's embedded server; its URL. */
export async function embeddedDatabaseUrl(suffix = ''): Promise<string> {
  const server = await workerEmbeddedServer();
  return recreatePgDatabase(libpqUrl({ ...server.connection, database: 'postgres' }), `sellerdesk_test_${process.pid}${suffix}`);
}

/** A fresh database of `kind` for this test file; its URL (for DATABASE_URL of a bot or an app). */
export const testDatabaseUrl = (kind: DbKind, suffix = ''): Promise<string> =>
  kind === 'embedded' ? embeddedDatabaseUrl(suffix) : workerDatabaseUrl(suffix);

/** A database of its own for this worker on the shared server: sellerdesk_test_<run>_<worker>. */
export async function workerDatabaseUrl(suffix = ''): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  await dropAbandonedTestDatabases(base);
  // A fresh database per run: migrations are tested from zero and earlier runs leave nothing behind.
  return recreatePgDatabase(base, `sellerdesk_test_${RUN}_${WORKER}${suffix}`);
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
      const database = await openDatabase({ url: await testDatabaseUrl(kind), dataDir: 'unused', poolSize: 5 });
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
