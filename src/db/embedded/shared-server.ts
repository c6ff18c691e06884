import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from '../../ports.js';
import { pgBinaries, pgRelease } from './binaries.js';
import { clusterPaths, initCluster, isInitialised, placeCluster, serverUser, SOCKET_PORT, startCluster, stopCluster } from './cluster.js';
import { alive, runningPostmaster } from './postmaster.js';

/**
 * The embedded PostgreSQL server of a data directory, shared by every SellerDesk process that
 * uses the directory: `sellerdesk start` and the CLI commands run beside it (run-job, import,
 * migrate, doctor). Each process registers itself as a user of the server in
 * DATA_DIR/postgres-users.json; the first starts the server, the last one out stops it. A
 * server still running with no live user is the orphan of a kill -9: it is stopped cleanly
 * (fast shutdown) and started again. Registration, start and stop happen under a lock file,
 * so two processes starting at once agree on one server. Only this directory's server (the
 * pid in its own postmaster.pid, checked to be a postgres of this directory) is ever signalled.
 */
export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedServer {
  connection: EmbeddedConnection;
  /** A libpq URI with the password (for pg_dump, psql: the socket is its host parameter); also in DATA_DIR/database-url (0600). */
  url: string;
  /** The postmaster's pid. */
  pid: number;
  /** The cluster's directory (DATA_DIR/postgres). */
  clusterDir: string;
  /** PostgreSQL release of the binaries, e.g. 15.18. */
  release: string;
  /** What this process found: a server it started, one another process runs, or an orphan it replaced. */
  found: 'started' | 'running' | 'orphan-restarted';
  /** Unregisters this process; stops the server when no other user is left. */
  detach(): Promise<void>;
}

export interface AttachOptions {
  /** Who uses the server, for doctor and the logs: "bot", "run-job", "test", … */
  role: string;
  /** The process whose life keeps this registration valid (default this process). */
  holderPid?: number;
  /** initdb with fsync at the end (default true; tests skip it). */
  sync?: boolean;
  log?: Pick<Logger, 'info' | 'warn'>;
}

interface UserEntry {
  pid: number;
  role: string;
  token: string;
}

export const DATABASE_NAME = 'sellerdesk';
const usersFile = (dataDir: string) => join(dataDir, 'postgres-users.json');
const lockFile = (dataDir: string) => join(dataDir, 'postgres.lock');
export const databaseUrlFile = (dataDir: string) => join(dataDir, 'database-url');

function readUsers(dataDir: string): UserEntry[] {
  try {
    const list = JSON.parse(readFileSync(usersFile(dataDir), 'utf8')) as UserEntry[];
    return Array.isArray(list) ? list.filter((u) => alive(u.pid)) : [];
  } catch {
    return [];
  }
}

const writeUsers = (dataDir: string, users: UserEntry[]) =>
  writeFileSync(usersFile(dataDir), `${JSON.stringify(users)}\n`, { mode: 0o600 });

/** The live processes using the directory's server (for doctor). */
export function embeddedServerUsers(dataDir: string): Array<{ pid: number; role: string }> {
  return readUsers(dataDir).map(({ pid, role }) => ({ pid, role }));
}

/** Runs `fn` holding DATA_DIR/postgres.lock (a file created exclusively; a dead holder's lock is taken over). */
async function withLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const file = lockFile(dataDir);
  const until = performance.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim() || NaN);
      if (Number.isInteger(holder) && !alive(holder)) rmSync(file, { force: true });
      else if (performance.now() > until)
        throw new Error(`${file} is held by pid ${holder} for too long; remove it if that process is gone`);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function readOrCreatePassword(file: string, create: boolean): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create)
    throw new Error(
      `${file} is missing: the embedded database cannot be opened without it (restore it from a backup of the data directory)`,
    );
  const password = randomBytes(24).toString('hex');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(conn: EmbeddedConnection): Promise<void> {
  const client = new pg.Client({ ...conn, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [conn.database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

export function libpqUrl(c: EmbeddedConnection): string {
  return `postgresql://${c.user}:${encodeURIComponent(c.password)}@localhost/${c.database}?host=${encodeURIComponent(c.host)}&port=${c.port}`;
}

/** Attaches this process to the data directory's embedded server, starting it (and creating it) when needed. */
export async function attachEmbeddedServer(dataDir: string, o: AttachOptions): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  const bins = await pgBinaries();
  let paths = clusterPaths(dataDir);
  const token = randomBytes(8).toString('hex');
  const holder = o.holderPid ?? process.pid;
  return withLock(dataDir, async () => {
    const users = readUsers(dataDir);
    let pid = runningPostmaster(paths);
    let found: EmbeddedServer['found'] = pid ? 'running' : 'started';
    if (pid && users.length === 0) {
      o.log?.warn(
        { serverPid: pid, dataDir: paths.clusterDir },
        'found the embedded PostgreSQL of this data directory running with no SellerDesk using it (left by a kill -9?); stopping it cleanly',
      );
      await stopCluster(pid);
      pid = undefined;
      found = 'orphan-restarted';
    }
    const fresh = !isInitialised(paths);
    const password = readOrCreatePassword(paths.passwordFile, fresh);
    const connection: EmbeddedConnection = {
      host: paths.socketDir,
      port: SOCKET_PORT,
      user: 'sellerdesk',
      password,
      database: DATABASE_NAME,
    };
    if (!pid) {
      const user = await serverUser();
      if (fresh) {
        const t = performance.now();
        if (existsSync(join(dataDir, 'pg', 'PG_VERSION')))
          o.log?.warn(
            { dataDir },
            'DATA_DIR/pg holds a database of an earlier SellerDesk (PGlite); it is not read or changed: a new database is created',
          );
        const moved = await placeCluster(dataDir, user);
        if (moved) {
          o.log?.warn(
            { dataDir, cluster: moved },
            `the ${user.name} user the server runs as (not root) cannot reach the data directory; the cluster lives in ${moved}, linked from DATA_DIR/postgres`,
          );
          paths = clusterPaths(dataDir);
          connection.host = paths.socketDir;
        }
        await initCluster(paths, bins, user, password, { sync: o.sync ?? true });
        o.log?.info(
          { dataDir: paths.clusterDir, ms: Math.round(performance.now() - t), release: pgRelease(bins) },
          'created the embedded PostgreSQL database',
        );
      }
      pid = await startCluster(paths, bins, user);
      await ensureDatabase(connection);
    }
    writeUsers(dataDir, [...users, { pid: holder, role: o.role, token }]);
    const url = libpqUrl(connection);
    writeFileSync(databaseUrlFile(dataDir), `${url}\n`, { mode: 0o600 });
    const serverPid = pid;
    let detached = false;
    return {
      connection,
      url,
      pid: serverPid,
      clusterDir: paths.clusterDir,
      release: pgRelease(bins),
      found,
      detach: async () => {
        if (detached) return;
        detached = true;
        await withLock(dataDir, async () => {
          const rest = readUsers(dataDir).filter((u) => u.token !== token);
          writeUsers(dataDir, rest);
          const running = runningPostmaster(paths);
          if (rest.length === 0 && running) await stopCluster(running);
        });
      },
    };
  });
}

/** Stops the directory's server whatever uses it (test teardown, bench). */
export async function stopEmbeddedServer(dataDir: string): Promise<void> {
  if (!existsSync(dataDir)) return;
  await withLock(dataDir, async () => {
    const pid = runningPostmaster(clusterPaths(dataDir));
    if (pid) await stopCluster(pid);
    writeUsers(dataDir, []);
  });
}
