import { sql, type SQL } from 'drizzle-orm';
import { queryRowsNamed, type Db } from '../client.js';
import type { NewCase } from './cases.js';
import { groupCommitFor } from './case-intake-batch.js';
import type { Metrics } from '../../metrics.js';

export interface CardTarget {
  platform: string;
  channel: string;
}

export interface Opened {
  at: Date;
  actor: string;
  data: Record<string, unknown>;
}

const ACTIVE = sql.raw(`('open', 'acknowledged', 'waiting_on_buyer', 'escalated')`);

/** The case, its "opened" event and its card, as CTEs reading their gate from `source`. */
function caseCtes(c: NewCase, opened: Opened, card: CardTarget, source: SQL, orderId: SQL, now: Date): SQL {
  return sql`c AS (
      INSERT INTO cases (shop_id, order_id, order_external_id, buyer_name, buyer_id, kind, clock_channel, priority, flags,
        subject, body, rating, source_event_id, opened_at, target_at, max_at, updated_at)
      SELECT ${c.shopId}, ${orderId}, ${c.orderExternalId ?? null}, ${c.buyerName ?? null}, ${c.buyerId ?? null}, ${c.kind},
        ${c.clockChannel}, ${c.priority ?? 'normal'}, ${JSON.stringify(c.flags ?? [])}::jsonb, ${c.subject ?? null}, ${c.body ?? null},
        ${c.rating ?? null}::int, ${c.sourceEventId ?? null}, ${c.openedAt}::timestamptz, ${c.targetAt}::timestamptz, ${c.maxAt}::timestamptz,
        ${now}::timestamptz
      FROM ${source}
      RETURNING id
    ), e AS (
      INSERT INTO case_events (case_id, at, actor, platform, type, data)
      SELECT c.id, ${opened.at}::timestamptz, ${opened.actor}, 'intake', 'opened', ${JSON.stringify(opened.data)}::jsonb FROM c
    ), o AS (
      INSERT INTO outbox (idempotency_key, platform, channel, op, payload, case_id, ordering_key, created_at, next_attempt_at)
      SELECT 'case:' || c.id || ':card', ${card.platform}, ${card.channel}, 'post', jsonb_build_object('kind', 'case_card', 'caseId', c.id), c.id, 'case:' || c.id,
        ${now}::timestamptz, ${now}::timestamptz
      FROM c
      ON CONFLICT (idempotency_key) DO NOTHING
    )`;
}

/**
 * Opens a case, writes its "opened" event and queues its card, in one statement
 * (data-modifying CTEs): one round trip instead of three. Used inside intake's transaction.
 */
export async function insertCaseWithCard(tx: Db, c: NewCase, opened: Opened, card: CardTarget, now: Date): Promise<number> {
  const rows = await queryRowsNamed<{ id: number }>(
    tx,
    'sd_case_with_card',
    sql`WITH one AS (SELECT 1), ${caseCtes(c, opened, card, sql`one`, sql`${c.orderId ?? null}::bigint`, now)} SELECT id FROM c`,
  );
  return Number(rows[0]!.id);
}

export interface ReceiveAndOpen {
  inbox: { source: string; externalId: string; type: string; shopId: string; payload: unknown; receivedAt: Date };
  /** For a buyer message: an open case of this buyer (and order) takes it instead; nothing is written then. */
  followUpOf?: { buyerKey: string };
  c: NewCase;
  opened: Opened;
  card: CardTarget;
  /** Clock.now(): written as the case's updated_at and the card's queue time. */
  now: Date;
}

export interface ReceiveAndOpenResult {
  existing?: number;
  duplicate: boolean;
  caseId?: number;
}

/**
 * Intake's fast path, one statement and so one atomic round trip without BEGIN/COMMIT: stores
 * the event in the inbox (deduplicated), opens its case with the event and the card, and looks
 * up the order by its external id. When the buyer already has an open case it writes nothing
 * and says so, and the caller takes the transactional path that threads the message.
 * Events arriving together share one statement (group commit, ./case-intake-batch.ts).
 */
export function receiveAndOpenCase(db: Db, r: ReceiveAndOpen, metrics?: Metrics): Promise<ReceiveAndOpenResult> {
  return groupCommitFor(db, receiveAndOpenCaseAlone)?.submit(r, metrics) ?? receiveAndOpenCaseAlone(db, r);
}

/** The fast path's statement for one event. */
export async function receiveAndOpenCaseAlone(db: Db, r: ReceiveAndOpen): Promise<ReceiveAndOpenResult> {
  const orderExt = r.c.orderExternalId ?? null;
  const follow = r.followUpOf;
  const existing = follow
    ? sql`SELECT id FROM cases WHERE shop_id = ${r.c.shopId} AND coalesce(buyer_id, buyer_name) = ${follow.buyerKey} AND kind = ${r.c.kind}
        AND status IN ${ACTIVE} AND order_external_id IS NOT DISTINCT FROM ${orderExt}::text LIMIT 1`
    : sql`SELECT NULL::int AS id WHERE false`;
  const orderId = orderExt ? sql`(SELECT id FROM orders WHERE shop_id = ${r.c.shopId} AND external_id = ${orderExt})` : sql`NULL::bigint`;
  const rows = await queryRowsNamed<{ existing: number | null; inbox: number | null; case_id: number | null }>(
    db,
    follow ? (orderExt ? 'sd_fast_case_follow_order' : 'sd_fast_case_follow') : orderExt ? 'sd_fast_case_order' : 'sd_fast_case',
    sql`WITH existing AS (${existing}),
    ins AS (
      INSERT INTO inbox (source, external_id, type, shop_id, payload, received_at, processed_at)
      SELECT ${r.inbox.source}, ${r.inbox.externalId}, ${r.inbox.type}, ${r.inbox.shopId}, ${JSON.stringify(r.inbox.payload)}::jsonb,
        ${r.inbox.receivedAt}::timestamptz, ${r.inbox.receivedAt}::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT (source, external_id) DO NOTHING
      RETURNING id
    ), ${caseCtes(r.c, r.opened, r.card, sql`ins`, orderId, r.now)}
    SELECT (SELECT id FROM existing) AS existing, (SELECT id FROM ins) AS inbox, (SELECT id FROM c) AS case_id`,
  );
  const row = rows[0]!;
  if (row.existing != null) return { existing: Number(row.existing), duplicate: false };
  if (row.inbox == null) return { duplicate: true };
  return { duplicate: false, caseId: Number(row.case_id) };
}

/** Intake's fast path for an event that only needs storing (e.g. a positive review). */
export async function receiveOnly(db: Db, r: ReceiveAndOpen['inbox']): Promise<boolean> {
  const rows = await queryRowsNamed<{ id: number }>(
    db,
    'sd_fast_inbox_only',
    sql`INSERT INTO inbox (source, external_id, type, shop_id, payload, received_at, processed_at)
      VALUES (${r.source}, ${r.externalId}, ${r.type}, ${r.shopId}, ${JSON.stringify(r.payload)}::jsonb, ${r.receivedAt}::timestamptz, ${r.receivedAt}::timestamptz)
      ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
  );
  return rows.length > 0;
}
