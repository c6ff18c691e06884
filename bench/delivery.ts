/**
 * Delivery: 10,000 alerts across 20 channels through the outbox into the fake Slack, which
 * models Slack's limit (one message a second per channel, short bursts) and answers 429
 * past it. Time is scaled (BENCH_DELIVERY_SCALE, default 10: the fake allows 10/s per channel
 * and SellerDesk paces to match) so the run takes about a minute instead of ten; the ratio to
 * the limit is what carries over. Then the digest check: 10,000 overdue items in one channel.
 */
import { sql } from 'drizzle-orm';
import { migrate, openDatabase, queryRows } from '../src/db/client.js';
import { enqueue } from '../src/db/repos/outbox.js';
import { receiveEvent } from '../workflows/intake/index.js';
import { scanOverdue } from '../workflows/overdue/index.js';
import { DeliveryWorker, DEFAULT_PACING } from '../src/delivery/worker.js';
import { createSlackChat, createSlackWebClient } from '../src/platforms/slack/chat.js';
import { ManualClock, silentLogger, systemClock } from '../src/ports.js';
import { notice } from '../src/ui/view.js';
import { outbox } from '../src/db/schema.js';
import { parseEvent } from '../src/domain/events.js';
import { FakeSlack } from '../test/fakes/slack-server.js';
import { fmt, freshPgDatabase, line } from './support.js';
import { testDeps } from '../test/db/harness.js';

const SCALE = Number(process.env.BENCH_DELIVERY_SCALE ?? 10);
const MESSAGES = Number(process.env.BENCH_DELIVERY_MESSAGES ?? 10_000);
const CHANNELS = 20;

export async function benchDelivery(): Promise<void> {
  process.stdout.write(`\n## Delivery (PostgreSQL, ${MESSAGES} messages, ${CHANNELS} channels, time scaled ×${SCALE})\n`);
  const database = await openDatabase({ url: await freshPgDatabase('sellerdesk_bench_delivery'), dataDir: 'unused', poolSize: 10 });
  await migrate(database);
  const fake = new FakeSlack({ seed: 1 });
  await fake.start();
  try {
    // The fake enforces Slack's model: per channel 1/s (scaled), a burst of 3.
    fake.rateLimit({ perChannelPerSec: SCALE, burst: 3 });
    const channels = Array.from({ length: CHANNELS }, (_, i) => `C${String(i).padStart(10, '0')}`);
    const rows = Array.from({ length: MESSAGES }, (_, i) => i);
    for (let i = 0; i < rows.length; i += 500) {
      await database.db.transaction(async (tx) => {
        for (const n of rows.slice(i, i + 500)) {
          await enqueue(tx, {
            key: `bench:${n}`,
            platform: 'slack',
            channel: channels[n % CHANNELS]!,
            op: 'post',
            payload: { kind: 'view', view: notice(`Alert ${n}`, `Overdue item ${n}`) },
            at: systemClock.now(),
          });
        }
      });
    }
    const chat = createSlackChat({ client: createSlackWebClient({ token: fake.botToken, apiUrl: fake.apiUrl }) });
    const slack = DEFAULT_PACING.slack;
    const pacing = {
      slack: {
        channel: { intervalMs: slack.channel.intervalMs / SCALE, burst: slack.channel.burst },
        global: { intervalMs: slack.global.intervalMs / SCALE, burst: slack.global.burst },
      },
    };
    const worker = new DeliveryWorker({
      db: database.db,
      chats: [chat],
      clock: systemClock,
      log: silentLogger,
      pacing,
      concurrency: CHANNELS,
    });
    const started = performance.now();
    for (;;) {
      if ((await worker.runOnce()) > 0) continue;
      const [left] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from outbox where state in ('pending', 'sending')`,
      );
      if (!left?.n) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const seconds = (performance.now() - started) / 1000;
    const perChannel = MESSAGES / CHANNELS / seconds;
    const limit = SCALE;
    const dead = (await database.db.select().from(outbox)).filter((o) => o.state === 'dead').length;
    line('  delivered', `${MESSAGES - dead} of ${MESSAGES} in ${fmt(seconds)} s (${dead} dead-lettered)`);
    line('  429 answers from the fake', `${fake.rateLimitedCount} (target 0)`);
    line(
      '  per-channel rate / limit',
      `${fmt(perChannel, 2)} / ${limit} per s = ${fmt(perChannel / limit, 2)} (1.0 would be exactly at the limit)`,
    );
    line('  in real time this is', `${fmt(perChannel / SCALE, 2)} messages/s per channel against Slack's 1/s`);
  } finally {
    await fake.stop();
    await database.close();
  }

  // Digesting: 10,000 items overdue at once in one channel.
  const db2 = await openDatabase({ url: await freshPgDatabase('sellerdesk_bench_digest'), dataDir: 'unused', poolSize: 4 });
  await migrate(db2);
  try {
    const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
    const deps = testDeps(db2.db, clock, {
      routing: { enabled: ['console' as const], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    for (let i = 0; i < 10_000; i++) {
      const p = parseEvent({
        id: `p${i}`,
        type: 'order.paid',
        occurredAt: '2026-11-01T10:00:00Z',
        shopId: 'shop-1',
        data: { orderId: `O-${i}`, buyer: { name: 'Buyer' }, items: [] },
      });
      if (p.ok) await receiveEvent(deps, 'bench', p.event);
    }
    let messages = 0;
    for (let r = 0; r < 5; r++) messages += (await scanOverdue(deps, { digestThreshold: 5, batch: 5000 })).messages;
    line('  10,000 overdue orders in one channel', `${messages} messages (target ≤ 100): digests with the full list in their threads`);
  } finally {
    await db2.close();
  }
}
