import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { acquireDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database or a transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a directory or a redacted URL. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** postgres://… for PostgreSQL; absent for embedded PGlite. */
  url?: string;
  /** PGlite data directory; 'memory://' for a throw-away in-memory database. */
  dataDir: string;
  poolSize?: number;
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
  if (opts.url) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({
      connectionString: opts.url,
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
      kind: 'postgres',
      location: redactUrl(opts.url),
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const memory = opts.dataDir === 'memory://';
  const release = memory ? () => {} : acquireDataDir(opts.dataDir);
  // PostgreSQL's files live in <dataDir>/pg, beside SellerDesk's own (the webhook secret, the lock).
  const client = new PGlite(memory ? undefined : join(opts.dataDir, 'pg'), { startParams: pgliteStartParams(PGlite) });
  try {
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: memory ? 'memory' : resolve(opts.dataDir),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite's start parameters with two changes: fsync stays on (PGlite turns it off with -F), so
 * PostgreSQL asks the file system to flush each commit as far as PGlite's Node file system
 * passes that on; and shared_buffers is 16 MB instead of 128 MB, plenty for a seller team's
 * data and about 70 MB less memory. For power-loss durability guarantees use PostgreSQL.
 */
export function pgliteStartParams(ctor: unknown): string[] {
  const defaults = (ctor as { defaultStartParams?: string[] }).defaultStartParams ?? [
    '--single',
    '-O',
    '-j',
    '-c',
    'search_path=public',
    '-c',
    'exit_on_error=false',
  ];
  return [...defaults.filter((p) => p !== '-F'), '-c', 'shared_buffers=16MB'];
}

export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await run(database.db as any, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await run(database.db as any, { migrationsFolder: MIGRATIONS_DIR });
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

/** Runs raw SQL and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
