/**
 * Overdue scan: 1,000,000 orders and 200,000 cases with 1% overdue, on PostgreSQL and the embedded server.
 * Figures: one scan that alerts every overdue item, a steady-state scan (nothing new), and the
 * same overdue count in tables 100 times smaller (the cost must follow the overdue items).
 */
import { sql } from 'drizzle-orm';
import { migrate, openDatabase, queryRows, type Database } from '../src/db/client.js';
import { ManualClock } from '../src/ports.js';
import { testDeps } from '../test/db/harness.js';
import { scanOverdue } from '../workflows/overdue/index.js';
import { fmt, freshPgDatabase, line, tempDir } from './support.js';

const NOW = new Date('2026-11-23T15:00:00Z');

async function seed(database: Database, orders: number, cases: number, overdueOrders: number, overdueCases: number): Promise<void> {
  const db = database.db;
  await db.execute(sql`INSERT INTO teams (id, name, platform, created_at) VALUES ('default', 'Default', 'console', ${NOW})`);
  await db.execute(sql`INSERT INTO shops (id, team_id, name) SELECT 'shop-' || g, 'default', 'Shop ' || g FROM generate_series(1, 100) g`);
  // Overdue orders first (ship_by in the past, unshipped), then shipped or not yet due ones.
  await db.execute(
    sql.raw(`INSERT INTO orders (shop_id, external_id, buyer_name, updated_at, paid_at, ship_by, shipped_at)
    SELECT 'shop-' || (g % 100 + 1), 'O-' || g, 'Buyer ' || g, timestamptz '2026-11-23',
      timestamptz '2026-11-01' + (g % 1000) * interval '1 minute',
      CASE WHEN g <= ${overdueOrders} THEN timestamptz '2026-11-20' + (g % 1000) * interval '1 minute'
           WHEN g % 10 = 0 THEN timestamptz '2026-11-30' ELSE timestamptz '2026-11-05' END,
      CASE WHEN g <= ${overdueOrders} OR g % 10 = 0 THEN NULL ELSE timestamptz '2026-11-04' END
    FROM generate_series(1, ${orders}) g`),
  );
  await db.execute(
    sql.raw(`INSERT INTO cases (shop_id, kind, clock_channel, status, buyer_name, updated_at, opened_at, target_at, max_at, first_response_at)
    SELECT 'shop-' || (g % 100 + 1), 'message', 'message', CASE WHEN g <= ${overdueCases} THEN 'open' ELSE 'resolved' END, 'Buyer ' || g,
      timestamptz '2026-11-23',
      timestamptz '2026-11-22', timestamptz '2026-11-22 02:00', timestamptz '2026-11-23 00:00',
      CASE WHEN g <= ${overdueCases} THEN NULL ELSE timestamptz '2026-11-22 01:00' END
    FROM generate_series(1, ${cases}) g`),
  );
  await db.execute(sql`ANALYZE`);
}

async function timedScan(database: Database): Promise<{ ms: number; items: number }> {
  const deps = testDeps(database.db, new ManualClock(NOW));
  const t = performance.now();
  const r = await scanOverdue(deps, { digestThreshold: 5, batch: 1_000_000 });
  return { ms: performance.now() - t, items: r.shipLate + r.targetWarnings + r.breaches };
}

async function open(kind: 'postgres' | 'embedded', name: string): Promise<Database> {
  const database =
    kind === 'postgres'
      ? await openDatabase({ url: await freshPgDatabase(name), dataDir: 'unused', poolSize: 4 })
      : await openDatabase({ dataDir: await tempDir('sd-bench-scan-') });
  await migrate(database);
  return database;
}

export async function benchOverdue(): Promise<void> {
  for (const kind of ['postgres', 'embedded'] as const) {
    process.stdout.write(`\n## Overdue scan on ${kind}\n`);
    const big = await open(kind, 'sellerdesk_bench_scan_big');
    try {
      let t = performance.now();
      await seed(big, 1_000_000, 200_000, 10_000, 2_000);
      line('  seeded 1,000,000 orders + 200,000 cases', `${fmt((performance.now() - t) / 1000)} s`);
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        big.db,
        sql`EXPLAIN SELECT id FROM orders WHERE shipped_at IS NULL AND cancelled_at IS NULL AND late_alerted_at IS NULL AND ship_by IS NOT NULL AND ship_by <= ${NOW} ORDER BY ship_by LIMIT 5000 FOR UPDATE SKIP LOCKED`,
      );
      line('  plan (orders)', plan.map((p) => p['QUERY PLAN'].trim()).join(' | '));
      const first = await timedScan(big);
      line('  one scan alerting 1% (12,000 items)', `${fmt(first.ms)} ms for ${first.items} items (target < 100 ms on PostgreSQL)`);
      const steady = await timedScan(big);
      line('  next scan, nothing new', `${fmt(steady.ms)} ms`);
      // Same overdue count, tables 100 times smaller vs the full size.
      await big.db.execute(
        sql`UPDATE orders SET late_alerted_at = NULL WHERE id IN (SELECT id FROM orders WHERE late_alerted_at IS NOT NULL ORDER BY id LIMIT 1000)`,
      );
      await big.db.execute(
        sql`UPDATE cases SET target_alerted_at = NULL, max_alerted_at = NULL WHERE id IN (SELECT id FROM cases WHERE target_alerted_at IS NOT NULL ORDER BY id LIMIT 200)`,
      );
      const bigSame = await timedScan(big);
      const small = await open(kind, 'sellerdesk_bench_scan_small');
      try {
        t = performance.now();
        await seed(small, 10_000, 2_000, 1_000, 200);
        const smallScan = await timedScan(small);
        line('  1,200 new items in 10k orders / 2k cases', `${fmt(smallScan.ms)} ms`);
        line('  1,200 new items in 1M orders / 200k cases', `${fmt(bigSame.ms)} ms`);
        line('  ratio big / small', `${fmt(bigSame.ms / smallScan.ms, 2)} (target ≤ 2)`);
      } finally {
        await small.close();
      }
    } finally {
      await big.close();
    }
  }
}
