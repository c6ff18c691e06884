import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as runMigrations } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Logger } from '../ports.js';
import { attachEmbeddedServer, type EmbeddedServer } from './embedded/shared-server.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database or a transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** Where the data lives, for messages: a directory or a redacted URL. */
  location: string;
  /** The embedded server this process is attached to (absent on DATABASE_URL). */
  embedded?: EmbeddedServer;
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** postgres://… for an external PostgreSQL; absent for the embedded server in `dataDir`. */
  url?: string | undefined;
  /** The data directory whose embedded PostgreSQL is used (started when no other process runs it). */
  dataDir: string;
  poolSize?: number;
  /** Who uses the embedded server ("bot", "run-job", …), for doctor and the logs. */
  role?: string;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const embedded = opts.url ? undefined : await attachEmbeddedServer(opts.dataDir, { role: opts.role ?? 'sellerdesk', log: opts.log });
  try {
    const pool = new pg.Pool({
      ...(opts.url ? { connectionString: opts.url } : embedded!.connection),
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
    });
    // A dropped connection must not crash the process: idle clients report to the pool, and
    // a client checked out (e.g. inside a transaction) when the server goes away emits 'error'
    // on itself; without a listener Node would exit. The query in flight fails (503), the pool
    // discards the client, and the next query reconnects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: embedded ? 'embedded' : 'postgres',
      location: embedded ? `${embedded.clusterDir} (embedded PostgreSQL ${embedded.release})` : redactUrl(opts.url!),
      ...(embedded ? { embedded } : {}),
      pool,
      ping: async () => {
        await pool.query('select 1');
      },
      close: async () => {
        await pool.end();
        await embedded?.detach();
      },
    };
  } catch (err) {
    await embedded?.detach();
    throw err;
  }
}

/** Key of the advisory lock that serialises migrations ("sdmigrat" as a 64-bit number). */
const MIGRATION_LOCK = 0x73646d6967726174n;

/**
 * Applies pending migrations. Processes that start together (the bot and a CLI command on one
 * embedded server, replicas on one PostgreSQL) take turns on a session advisory lock, so a
 * migration is applied once and the others find it done.
 */
export async function migrate(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await runMigrations(drizzle(client, { schema }) as any, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

/** Errors that mean "the database is unreachable right now" (answer 503, retry later). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'];
  // Drivers and drizzle wrap the cause (DrizzleQueryError.cause, AggregateError.errors): look through them.
  for (
    let e = err as { code?: string; message?: string; cause?: unknown; errors?: unknown[] } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code && codes.includes(e.code)) return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Client was closed/i.test(
        e.message ?? '',
      )
    )
      return true;
    if (e.errors?.some((x) => isDatabaseUnavailable(x))) return true;
    e = e.cause as typeof e;
  }
  return false;
}

interface SessionLike {
  prepareQuery(
    query: { sql: string; params: unknown[] },
    fields: undefined,
    name: string,
    arrayMode: boolean,
  ): { execute(): Promise<unknown> };
}
const dialect = new PgDialect();

/**
 * Runs raw SQL as a named statement, so PostgreSQL parses and plans it once per connection.
 * Goes through the session of `db`, which inside a transaction is the transaction's own
 * connection. For the hot path only; `queryRows` otherwise.
 */
export async function queryRowsNamed<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  const session = (db as unknown as { session: SessionLike }).session;
  const res = (await session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] };
  return res.rows;
}

/** Runs raw SQL and returns its rows. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
