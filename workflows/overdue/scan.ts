import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.js';
import { enqueue } from '../../src/db/repos/outbox.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import { routeFor, type Destination } from '../../src/domain/routing.js';
import { shops, teams } from '../../src/db/schema.js';
import type { Job } from '../jobs.js';
import type { WorkflowDeps } from '../deps.js';
import { digestMessages, itemMessage, type OverdueItem } from './messages.js';

export interface OverdueOptions {
  /** More new items than this for one channel in one run become one digest. */
  digestThreshold: number;
  /** Items claimed per kind per run; the rest wait for the next run. */
  batch: number;
}

export const DEFAULT_OVERDUE: OverdueOptions = { digestThreshold: 5, batch: 5000 };

interface ClaimedRow {
  id: number;
  shop_id: string;
  due: Date | string;
  label: string;
  buyer: string | null;
  kind: string;
}

/** Where each shop's overdue alerts go, read once per scan for the shops that have new items. */
async function overdueRoutes(
  tx: Db,
  shopIds: string[],
  routing: WorkflowDeps['routing'],
): Promise<Map<string, { dest: Destination; onCall?: string | undefined }>> {
  const out = new Map<string, { dest: Destination; onCall?: string | undefined }>();
  if (shopIds.length === 0) return out;
  const rows = await tx
    .select({ id: shops.id, routes: shops.routes, platform: teams.platform, settings: teams.settings })
    .from(shops)
    .innerJoin(teams, eq(teams.id, shops.teamId))
    .where(inArray(shops.id, shopIds));
  for (const r of rows) {
    const settings = parseTeamSettings(r.settings);
    out.set(r.id, {
      dest: routeFor('overdue', r.routes, { platform: r.platform, routes: settings.routes }, routing),
      onCall: settings.onCall,
    });
  }
  return out;
}

/**
 * Claims the items that crossed a threshold since the last scan and marks them alerted,
 * in one statement: rows are locked (SKIP LOCKED, so replicas split the work) and the
 * alerted column is set, so each item alerts once however many scans or replicas run.
 * The partial indexes hold only not-yet-alerted open items, so the cost follows the
 * number of new overdue items, not the size of the tables. The ids go through ARRAY(...)
 * so the update finds its rows by primary key: joined to a CTE, the planner may hash-join
 * the whole table instead.
 */
async function claimLateOrders(tx: Db, now: Date, limit: number): Promise<ClaimedRow[]> {
  return queryRows<ClaimedRow>(
    tx,
    sql`UPDATE orders o SET late_alerted_at = ${now}
    WHERE o.id = ANY(ARRAY(
        SELECT id FROM orders
        WHERE shipped_at IS NULL AND cancelled_at IS NULL AND late_alerted_at IS NULL AND ship_by IS NOT NULL AND ship_by <= ${now}
        ORDER BY ship_by LIMIT ${limit} FOR UPDATE SKIP LOCKED))
    RETURNING o.id, o.shop_id, o.ship_by AS due, o.external_id AS label, o.buyer_name AS buyer, 'ship_late' AS kind`,
  );
}

async function claimCases(tx: Db, now: Date, limit: number, threshold: 'target' | 'max'): Promise<ClaimedRow[]> {
  const dueCol = sql.raw(threshold === 'target' ? 'target_at' : 'max_at');
  const flagCol = sql.raw(threshold === 'target' ? 'target_alerted_at' : 'max_alerted_at');
  return queryRows<ClaimedRow>(
    tx,
    sql`UPDATE cases c SET ${flagCol} = ${now}${threshold === 'max' ? sql`, target_alerted_at = coalesce(c.target_alerted_at, ${now})` : sql``}
    WHERE c.id = ANY(ARRAY(
        SELECT id FROM cases
        WHERE first_response_at IS NULL AND ${flagCol} IS NULL AND status IN ('open', 'escalated') AND ${dueCol} <= ${now}
        ORDER BY ${dueCol} LIMIT ${limit} FOR UPDATE SKIP LOCKED))
    RETURNING c.id, c.shop_id, c.${dueCol} AS due, c.kind AS label, c.buyer_name AS buyer, ${sql.raw(threshold === 'target' ? "'case_target'" : "'case_breach'")} AS kind`,
  );
}

export interface ScanReport {
  shipLate: number;
  targetWarnings: number;
  breaches: number;
  messages: number;
  digests: number;
}

/** One overdue scan: claim, group per channel, queue alerts or digests; all in one transaction. */
export async function scanOverdue(deps: WorkflowDeps, opts: OverdueOptions = DEFAULT_OVERDUE): Promise<ScanReport> {
  const now = deps.clock.now();
  const report = await deps.db.transaction(async (tx) => {
    // Breaches first: a case past its maximum is also past its target, and gets one alert (the breach).
    const breaches = await claimCases(tx, now, opts.batch, 'max');
    const warnings = await claimCases(tx, now, opts.batch, 'target');
    const late = await claimLateOrders(tx, now, opts.batch);
    const claimed = [...breaches, ...warnings, ...late];
    const routes = await overdueRoutes(tx, [...new Set(claimed.map((r) => r.shop_id))], deps.routing);
    const byChannel = new Map<string, { dest: Destination; onCall?: string | undefined; items: OverdueItem[] }>();
    for (const r of claimed) {
      const { dest, onCall } = routes.get(r.shop_id) ?? { dest: { platform: 'console' as const, channel: 'console' } };
      const key = `${dest.platform}:${dest.channel}`;
      const group = byChannel.get(key) ?? { dest, onCall, items: [] };
      group.items.push({
        kind: r.kind as OverdueItem['kind'],
        id: r.id,
        shopId: r.shop_id,
        due: new Date(r.due),
        label: r.label,
        buyer: r.buyer,
      });
      byChannel.set(key, group);
    }
    let messages = 0;
    let digests = 0;
    const runKey = now.toISOString();
    for (const { dest, onCall, items } of byChannel.values()) {
      items.sort((a, b) => urgency(b) - urgency(a) || a.due.getTime() - b.due.getTime());
      if (items.length > opts.digestThreshold) {
        const [digest, ...thread] = digestMessages(items, now, dest.platform, onCall);
        const parent = await enqueue(tx, {
          key: `overdue:${runKey}:${dest.platform}:${dest.channel}:digest`,
          platform: dest.platform,
          channel: dest.channel,
          op: 'post',
          payload: { kind: 'view', view: digest! },
          at: now,
        });
        for (const [i, view] of thread.entries()) {
          await enqueue(tx, {
            key: `overdue:${runKey}:${dest.platform}:${dest.channel}:digest:${i}`,
            platform: dest.platform,
            channel: dest.channel,
            op: 'thread',
            parentId: parent.id,
            orderingKey: `outbox:${parent.id}`,
            payload: { kind: 'view', view },
            at: now,
          });
        }
        messages += 1 + thread.length;
        digests++;
      } else {
        for (const item of items) {
          await enqueue(tx, {
            key: `overdue:${item.kind}:${item.id}`,
            platform: dest.platform,
            channel: dest.channel,
            op: 'post',
            payload: { kind: 'view', view: itemMessage(item, now, dest.platform, onCall) },
            at: now,
          });
          messages++;
        }
      }
    }
    return { shipLate: late.length, targetWarnings: warnings.length, breaches: breaches.length, messages, digests };
  });
  if (report.messages) deps.log.info({ ...report }, 'overdue scan queued alerts');
  return report;
}

/** What the next scan would claim, without claiming it. */
export async function countPending(deps: WorkflowDeps): Promise<Pick<ScanReport, 'shipLate' | 'targetWarnings' | 'breaches'>> {
  const now = deps.clock.now();
  const [r] = await queryRows<{ late: number; target: number; max: number }>(
    deps.db,
    sql`SELECT
      (SELECT count(*)::int FROM orders WHERE shipped_at IS NULL AND cancelled_at IS NULL AND late_alerted_at IS NULL AND ship_by IS NOT NULL AND ship_by <= ${now}) AS late,
      (SELECT count(*)::int FROM cases WHERE first_response_at IS NULL AND target_alerted_at IS NULL AND status IN ('open', 'escalated') AND target_at <= ${now} AND max_at > ${now}) AS target,
      (SELECT count(*)::int FROM cases WHERE first_response_at IS NULL AND max_alerted_at IS NULL AND status IN ('open', 'escalated') AND max_at <= ${now}) AS max`,
  );
  return { shipLate: r?.late ?? 0, targetWarnings: r?.target ?? 0, breaches: r?.max ?? 0 };
}

const urgency = (i: OverdueItem): number => (i.kind === 'case_breach' ? 3 : i.kind === 'ship_late' ? 2 : 1);

export const overdueScanJob = (opts: OverdueOptions = DEFAULT_OVERDUE, cron?: string): Job => ({
  name: 'overdue-scan',
  description: 'Alert orders past their ship-by date and cases past their response target or maximum (once each)',
  ...(cron ? { cron } : {}),
  async run(deps, { dryRun }) {
    if (dryRun) {
      const c = await countPending(deps);
      return {
        summary: `dry run: would alert ${c.shipLate} late orders, ${c.targetWarnings} cases past target, ${c.breaches} past maximum`,
      };
    }
    const r = await scanOverdue(deps, opts);
    return {
      summary: `${r.shipLate} late orders, ${r.targetWarnings} cases past target, ${r.breaches} past maximum; ${r.messages} messages (${r.digests} digests)`,
    };
  },
});
