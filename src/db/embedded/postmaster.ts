import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterPaths } from './cluster.js';

/**
 * A cluster's postmaster, found through its postmaster.pid (line 1 the pid, line 8 the status).
 * A pid counts only when that process is alive and is a postgres of this very cluster, so a
 * stale file or a pid reused by another program is never taken for the server.
 */
/** The pid in the cluster's postmaster.pid when that process is alive and is this cluster's postmaster. */
export function runningPostmaster(paths: ClusterPaths): number | undefined {
  const file = join(paths.clusterDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  const command = commandLine(pid);
  if (command !== undefined && !(command.includes('postgres') && command.includes(paths.clusterDir))) {
    // The pid was reused by another program after a crash or reboot: the lock file is stale.
    rmSync(file, { force: true });
    return undefined;
  }
  return pid;
}

/** The postmaster's status line: "ready" once it accepts connections. */
export function postmasterReady(paths: ClusterPaths, pid: number): boolean {
  try {
    const lines = readFileSync(join(paths.clusterDir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A child of ours that exited but is not reaped yet still answers kill(0).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}
