import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * PGlite is a single connection: only one process may open a data directory.
 * `sellerdesk start` holds this lock; other commands check it and say what to do
 * instead of opening the directory a second time.
 */
const lockFile = (dataDir: string) => join(dataDir, 'sellerdesk.pid');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another live process holding the directory, if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  const file = lockFile(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid === process.pid || !alive(pid)) return undefined;
  return pid;
}

export class DataDirBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `the data directory ${resolve(dataDir)} is in use by a running SellerDesk (pid ${pid}); ` +
        'stop it first, or run SellerDesk on PostgreSQL (DATABASE_URL) to share the database',
    );
    this.name = 'DataDirBusyError';
  }
}

export function acquireDataDir(dataDir: string): () => void {
  const holder = dataDirHolder(dataDir);
  if (holder) throw new DataDirBusyError(dataDir, holder);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(lockFile(dataDir), `${process.pid}\n`);
  return () => {
    if (dataDirHolder(dataDir) === undefined) rmSync(lockFile(dataDir), { force: true });
  };
}
