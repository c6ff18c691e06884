/** Footprint: idle RSS of `sellerdesk start` on PGlite, and start-to-ready on an existing data directory. */
import { fmt, line, startBot, tempDir } from './support.js';

export async function benchFootprint(): Promise<void> {
  process.stdout.write('\n## Footprint (PGlite, console platform)\n');
  const dataDir = await tempDir('sd-bench-foot-');
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const first = await startBot(env, 3320);
  line('  first start (creates the database)', `${fmt(first.readyMs / 1000, 2)} s to ready`);
  await first.stop();
  const readies: number[] = [];
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const bot = await startBot(env, 3320);
    readies.push(bot.readyMs);
    if (i === 2) {
      await new Promise((r) => setTimeout(r, 5000));
      rss = bot.rssMb();
    }
    await bot.stop();
  }
  readies.sort((a, b) => a - b);
  line('  start to ready, existing data directory', `${fmt(readies[1]! / 1000, 2)} s median of 3 (target ≤ 2 s)`);
  line('  idle RSS after 5 s', `${rss} MB (target ≤ 150 MB)`);
}
