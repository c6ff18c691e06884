import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../client.js';
import type { ShopStats } from '../../domain/shop-stats.js';
import type { ClockChannel } from '../../domain/types.js';

/** Shipping and response figures of one shop over [from, to); `now` (the Clock) decides what is already due and overdue. */
export async function shopStats(db: Db, shopId: string, from: Date, to: Date, now: Date): Promise<ShopStats> {
  const [o] = await queryRows<{ orders: number; ship_due: number; on_time: number; late_unshipped: number }>(
    db,
    sql`SELECT
      count(*) FILTER (WHERE paid_at >= ${from} AND paid_at < ${to})::int AS orders,
      count(*) FILTER (WHERE ship_by >= ${from} AND ship_by < ${to} AND cancelled_at IS NULL AND ship_by <= ${now})::int AS ship_due,
      count(*) FILTER (WHERE ship_by >= ${from} AND ship_by < ${to} AND cancelled_at IS NULL AND ship_by <= ${now} AND shipped_at IS NOT NULL AND shipped_at <= ship_by)::int AS on_time,
      count(*) FILTER (WHERE shipped_at IS NULL AND cancelled_at IS NULL AND ship_by < ${now})::int AS late_unshipped
    FROM orders WHERE shop_id = ${shopId}`,
  );
  const channels = await queryRows<{ channel: ClockChannel; cases: number; answered: number; within_target: number; within_max: number }>(
    db,
    sql`SELECT clock_channel AS channel, count(*)::int AS cases,
      count(first_response_at)::int AS answered,
      count(*) FILTER (WHERE first_response_at <= target_at)::int AS within_target,
      count(*) FILTER (WHERE first_response_at <= max_at)::int AS within_max
    FROM cases WHERE shop_id = ${shopId} AND opened_at >= ${from} AND opened_at < ${to}
    GROUP BY clock_channel ORDER BY clock_channel`,
  );
  const [c] = await queryRows<{ open: number; overdue: number; opened: number; resolved: number; escalated: number }>(
    db,
    sql`SELECT
      count(*) FILTER (WHERE status NOT IN ('resolved', 'closed'))::int AS open,
      count(*) FILTER (WHERE status NOT IN ('resolved', 'closed') AND first_response_at IS NULL AND target_at <= ${now})::int AS overdue,
      count(*) FILTER (WHERE opened_at >= ${from} AND opened_at < ${to})::int AS opened,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to})::int AS resolved,
      count(*) FILTER (WHERE escalated_at >= ${from} AND escalated_at < ${to})::int AS escalated
    FROM cases WHERE shop_id = ${shopId}`,
  );
  return {
    shopId,
    from,
    to,
    orders: o?.orders ?? 0,
    shipDue: o?.ship_due ?? 0,
    shippedOnTime: o?.on_time ?? 0,
    lateUnshipped: o?.late_unshipped ?? 0,
    channels: channels.map((r) => ({
      channel: r.channel,
      cases: r.cases,
      answered: r.answered,
      withinTarget: r.within_target,
      withinMax: r.within_max,
    })),
    open: c?.open ?? 0,
    overdue: c?.overdue ?? 0,
    opened: c?.opened ?? 0,
    resolved: c?.resolved ?? 0,
    escalated: c?.escalated ?? 0,
  };
}
