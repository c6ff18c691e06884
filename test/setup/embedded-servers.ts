import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from '../../src/db/embedded/postmaster.js';
import { stopEmbeddedServer } from '../../src/db/embedded/shared-server.js';

/**
 * vitest globalSetup: the embedded servers of the test workers (test/db/harness.ts) live in
 * sd-test-<run>-<slot> in the temp directory. At the end of a run this stops this run's
 * servers and removes their directories; at the start it does the same for runs whose vitest
 * process is gone (a run killed before its teardown), so no server outlives its run for long.
 */
const PREFIX = 'sd-test-';

async function stopRuns(which: (run: number) => boolean): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    const run = Number(new RegExp(`^${PREFIX}(\\d+)-\\w+$`).exec(name)?.[1]);
    if (!run || !which(run)) continue;
    const dir = join(tmpdir(), name);
    await stopEmbeddedServer(dir).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function setup(): Promise<() => Promise<void>> {
  await stopRuns((run) => run !== process.pid && !alive(run));
  return () => stopRuns((run) => run === process.pid);
}
