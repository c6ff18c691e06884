/**
 * The two embedded options side by side, in one run on one machine: PGlite (the bot of a
 * checkout from before the switch, given as BENCH_PGLITE_CHECKOUT with its node_modules) and
 * the embedded PostgreSQL server (this checkout). For each: first start and restart (time to
 * ready; idle memory of the bot and every process it started), intake at 1/4/16/64 senders,
 * and a kill -9 of the bot in a burst, then a restart: every accepted event must be there
 * (sent again, it is answered 200 duplicate). `npx tsx bench/index.ts embedded`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { signedJsonHeaders } from '../src/signature.js';
import { load, SECRET } from './intake.js';
import { fmt, line, startBot, tempDir, treeMemory, type Bot } from './support.js';

const KILL9_EVENTS = Number(process.env.BENCH_KILL9_EVENTS ?? 3000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Processes whose command line names `dir` (the embedded server of that data directory). */
function processesOf(dir: string): number[] {
  return readdirSync('/proc').flatMap((p) => {
    if (!/^\d+$/.test(p)) return [];
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir) ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

async function post(url: string, id: string): Promise<number> {
  const body = JSON.stringify({
    id,
    type: 'buyer.message',
    occurredAt: '2026-11-23T15:00:00Z',
    shopId: 'shop-1',
    data: { buyer: { id: `b-${id}`, name: 'Bench Buyer' }, message: 'Where is my order?' },
  });
  try {
    return (await fetch(`${url}/webhooks/events`, { method: 'POST', headers: signedJsonHeaders(SECRET, body, new Date()), body })).status;
  } catch {
    return -1;
  }
}

async function kill9Burst(bot: Bot, restart: () => Promise<Bot>) {
  const status = new Map<string, number>();
  let next = 0;
  let killed = false;
  const sender = async () => {
    while (next < KILL9_EVENTS && !killed) {
      const id = `k9-${++next}`;
      status.set(id, await post(bot.url, id));
    }
  };
  const senders = Promise.all(Array.from({ length: 8 }, sender));
  while ([...status.values()].filter((s) => s === 202).length < KILL9_EVENTS / 3) await pause(5);
  killed = true;
  await bot.kill9();
  await senders;
  const accepted = [...status].filter(([, s]) => s === 202).map(([id]) => id);
  const again = await restart();
  let present = 0;
  for (const id of accepted) if ((await post(again.url, id)) === 200) present++;
  return { again, accepted: accepted.length, present };
}

interface Row {
  option: string;
  firstReadyS: number;
  firstMem: ReturnType<typeof treeMemory>;
  restartReadyS: number;
  restartMem: ReturnType<typeof treeMemory>;
  intake: Array<{ c: number; rps: number; p99: number }>;
  kill9: { accepted: number; present: number; readyS: number };
  leftAfterStop: number;
}

async function measure(option: string, cwd: string | undefined, port: number): Promise<Row> {
  process.stdout.write(`\n## ${option}${cwd ? ` (checkout ${cwd})` : ''}\n`);
  const dataDir = await tempDir('sd-bench-cmp-');
  const idleEnv = { DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET };
  const first = await startBot(idleEnv, port, cwd);
  await pause(5000);
  const firstMem = treeMemory(first.child.pid!);
  line('  first start to ready', `${fmt(first.readyMs / 1000, 2)} s`);
  line('  idle memory after first start', `${firstMem.rssMb} MB RSS, ${firstMem.pssMb} MB PSS in ${firstMem.processes} processes`);
  await first.stop();
  const restart = await startBot(idleEnv, port, cwd);
  await pause(5000);
  const restartMem = treeMemory(restart.child.pid!);
  line('  restart to ready', `${fmt(restart.readyMs / 1000, 2)} s`);
  line('  idle memory after restart', `${restartMem.rssMb} MB RSS, ${restartMem.pssMb} MB PSS in ${restartMem.processes} processes`);
  await restart.stop();

  const loadEnv = { ...idleEnv, DELIVERY_ENABLED: 'false', SCHEDULER_ENABLED: 'false' };
  let bot = await startBot(loadEnv, port, cwd);
  const intake: Row['intake'] = [];
  await load(bot.url, 4, 1); // warm-up
  for (const c of [1, 4, 16, 64]) {
    const r = await load(bot.url, c, SECONDS);
    intake.push({ c, rps: r.rps, p99: r.p99 });
    line(
      `  intake, ${c} senders`,
      `${fmt(r.rps, 0)} events/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.non2xx} non-2xx, ${r.errors} errors)`,
    );
  }
  let readyS = 0;
  const k = await kill9Burst(bot, async () => {
    const b = await startBot(loadEnv, port, cwd);
    readyS = b.readyMs / 1000;
    return b;
  });
  bot = k.again;
  line('  kill -9 in a burst, restart to ready', `${fmt(readyS, 2)} s`);
  line('  accepted before the kill / present after', `${k.accepted} / ${k.present}`);
  await bot.stop();
  await pause(200);
  const leftAfterStop = processesOf(dataDir).length;
  line('  processes of the data directory after stop', String(leftAfterStop));
  return {
    option,
    firstReadyS: first.readyMs / 1000,
    firstMem,
    restartReadyS: restart.readyMs / 1000,
    restartMem,
    intake,
    kill9: { ...k, readyS },
    leftAfterStop,
  };
}

export async function benchEmbeddedCompare(): Promise<void> {
  const { username, uid } = userInfo();
  process.stdout.write(`\n## Embedded options side by side (as ${username}, uid ${uid})\n`);
  const rows: Row[] = [];
  const baseline = process.env.BENCH_PGLITE_CHECKOUT;
  if (baseline) rows.push(await measure('PGlite 0.5.16 (before)', baseline, 3330));
  else process.stdout.write('  (no BENCH_PGLITE_CHECKOUT: PGlite not measured; see docs/performance.md)\n');
  rows.push(await measure('embedded PostgreSQL 15.18', undefined, 3331));
  process.stdout.write(`\n| as ${username} | ${rows.map((r) => r.option).join(' | ')} |\n|---|${rows.map(() => '---').join('|')}|\n`);
  const row = (label: string, f: (r: Row) => string) => process.stdout.write(`| ${label} | ${rows.map(f).join(' | ')} |\n`);
  row('first start to ready', (r) => `${fmt(r.firstReadyS, 2)} s`);
  row(
    'idle RSS (PSS) after first start, bot + its processes',
    (r) => `${r.firstMem.rssMb} (${r.firstMem.pssMb}) MB, ${r.firstMem.processes} proc.`,
  );
  row('restart to ready', (r) => `${fmt(r.restartReadyS, 2)} s`);
  row('idle RSS (PSS) after restart', (r) => `${r.restartMem.rssMb} (${r.restartMem.pssMb}) MB, ${r.restartMem.processes} proc.`);
  for (const c of [1, 4, 16, 64])
    row(`intake, ${c} senders: events/s, p99`, (r) => {
      const x = r.intake.find((i) => i.c === c)!;
      return `${fmt(x.rps, 0)}/s, ${x.p99} ms`;
    });
  row('kill -9 in a burst: restart to ready', (r) => `${fmt(r.kill9.readyS, 2)} s`);
  row('accepted events present after the restart', (r) => `${r.kill9.present} of ${r.kill9.accepted}`);
  row('processes left after stop', (r) => String(r.leftAfterStop));
}
