/**
 * Intake: signed events over HTTP at rising concurrency (autocannon), events/s and p50/p99
 * accept latency, against a floor: the same rows written with plain SQL, one transaction per
 * event, in the benchmark's process (bench/intake-floor.ts).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { signEventBody } from '../src/signature.js';
import { fmt, freshPgDatabase, line, startBot, tempDir } from './support.js';
import { intakeFloor } from './intake-floor.js';

export const SECRET = 'bench-secret-0123456789abcdef';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function eventBody(): string {
  return JSON.stringify({
    id: `bench-${randomUUID()}`,
    type: 'buyer.message',
    occurredAt: new Date().toISOString(),
    shopId: `shop-${Math.floor(Math.random() * 20)}`,
    data: {
      buyer: { id: `b-${Math.floor(Math.random() * 5000)}`, name: 'Bench Buyer' },
      message: 'Hello, where is my order? It was due last week.',
    },
  });
}

export async function load(url: string, connections: number, seconds: number) {
  const result = await autocannon({
    url: `${url}/webhooks/events`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request) => {
          const body = eventBody();
          const ts = Math.floor(Date.now() / 1000);
          return {
            ...req,
            body,
            headers: {
              'content-type': 'application/json',
              'x-sellerdesk-timestamp': String(ts),
              'x-sellerdesk-signature': signEventBody(SECRET, ts, body),
            },
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function benchIntake(): Promise<void> {
  for (const kind of ['postgres', 'embedded'] as const) {
    process.stdout.write(`\n## Intake on ${kind}\n`);
    const dbUrl = kind === 'postgres' ? await freshPgDatabase('sellerdesk_bench_intake') : undefined;
    const dataDir = await tempDir('sd-bench-intake-');
    const env: Record<string, string> = {
      WEBHOOK_SECRET: SECRET,
      DATA_DIR: dataDir,
      DELIVERY_ENABLED: 'false',
      SCHEDULER_ENABLED: 'false',
      ...(dbUrl ? { DATABASE_URL: dbUrl, DATABASE_POOL_SIZE: '16' } : {}),
    };
    const bot = await startBot(env, 3300 + (kind === 'postgres' ? 1 : 2));
    const rows: Array<{ c: number; rps: number; p50: number; p99: number; ok: number; non2xx: number }> = [];
    try {
      await load(bot.url, 4, 1); // warm-up
      for (const c of [1, 4, 16, 64]) {
        const r = await load(bot.url, c, SECONDS);
        rows.push({ c, ...r });
        line(
          `  concurrency ${c}`,
          `${fmt(r.rps, 0)} events/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.ok} accepted, ${r.non2xx} non-2xx, ${r.errors} errors)`,
        );
      }
    } finally {
      await bot.stop();
    }
    const peak = rows.reduce((a, b) => (b.rps > a.rps ? b : a));
    const floorDir = await tempDir('sd-bench-floor-');
    const floorUrl = kind === 'postgres' ? await freshPgDatabase('sellerdesk_bench_floor') : undefined;
    const f = await intakeFloor(floorUrl, floorDir, 16, SECONDS);
    line('  floor (same rows, plain SQL, 1 tx per event)', `${fmt(f, 0)} events/s`);
    line('  peak over HTTP / floor', `${fmt(peak.rps / f, 2)} (target ≥ 0.5)`);
    // p99 at about half the peak rate: autocannon's overallRate caps the offered load.
    const half = await (async () => {
      const bot2 = await startBot(
        {
          ...env,
          DATA_DIR: await tempDir('sd-bench-half-'),
          ...(dbUrl ? { DATABASE_URL: await freshPgDatabase('sellerdesk_bench_half') } : {}),
        },
        3310,
      );
      try {
        await load(bot2.url, 16, 2); // warm-up: JIT, connection pool, first shop
        const r = await autocannon({
          url: `${bot2.url}/webhooks/events`,
          connections: 16,
          duration: SECONDS,
          overallRate: Math.max(1, Math.round(peak.rps / 2)),
          requests: [
            {
              method: 'POST',
              setupRequest: (req: autocannon.Request) => {
                const body = eventBody();
                const ts = Math.floor(Date.now() / 1000);
                return {
                  ...req,
                  body,
                  headers: {
                    'content-type': 'application/json',
                    'x-sellerdesk-timestamp': String(ts),
                    'x-sellerdesk-signature': signEventBody(SECRET, ts, body),
                  },
                };
              },
            },
          ],
        });
        return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
      } finally {
        await bot2.stop();
      }
    })();
    line(
      `  at half the peak (${fmt(peak.rps / 2, 0)}/s offered)`,
      `${fmt(half.rps, 0)} events/s  p50 ${half.p50} ms  p99 ${half.p99} ms (target p99 < 50 ms)`,
    );
    if (kind === 'postgres') line('  peak on PostgreSQL', `${fmt(peak.rps, 0)} events/s (target ≥ 1000)`);
  }
}
