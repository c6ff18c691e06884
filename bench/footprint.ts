/**
 * Footprint on the embedded default (console platform, nothing configured): first start (creates
 * the database) and restart to ready, and idle memory of the bot and every process it started
 * (the embedded PostgreSQL server and its processes), as RSS summed and as PSS.
 */
import { fmt, line, startBot, tempDir, treeMemory } from './support.js';

export async function benchFootprint(): Promise<void> {
  process.stdout.write('\n## Footprint (embedded PostgreSQL, console platform)\n');
  const dataDir = await tempDir('sd-bench-foot-');
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const first = await startBot(env, 3320);
  await new Promise((r) => setTimeout(r, 5000));
  const firstMem = treeMemory(first.child.pid!);
  line('  first start (creates the database)', `${fmt(first.readyMs / 1000, 2)} s to ready (target ≤ 4 s)`);
  line(
    '  idle after the first start, bot + its processes',
    `${firstMem.rssMb} MB RSS (target ≤ 200 MB), ${firstMem.pssMb} MB PSS, ${firstMem.processes} processes`,
  );
  // The pool closes connections idle for 30 s: the bot's idle state after that.
  await new Promise((r) => setTimeout(r, 30_000));
  const settled = treeMemory(first.child.pid!);
  line('  idle 35 s after the first start', `${settled.rssMb} MB RSS, ${settled.pssMb} MB PSS, ${settled.processes} processes`);
  const own = treeMemory(first.child.pid!, false);
  line('  of which the bot process itself', `${own.rssMb} MB RSS, ${own.pssMb} MB PSS`);
  await first.stop();
  const readies: number[] = [];
  let mem = firstMem;
  for (let i = 0; i < 3; i++) {
    const bot = await startBot(env, 3320);
    readies.push(bot.readyMs);
    if (i === 2) {
      await new Promise((r) => setTimeout(r, 5000));
      mem = treeMemory(bot.child.pid!);
    }
    await bot.stop();
  }
  readies.sort((a, b) => a - b);
  line('  restart to ready, existing data directory', `${fmt(readies[1]! / 1000, 2)} s median of 3 (target ≤ 2 s)`);
  line('  idle after a restart', `${mem.rssMb} MB RSS, ${mem.pssMb} MB PSS, ${mem.processes} processes`);
}
