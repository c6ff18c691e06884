import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../client.js';
import type { OutboxRow } from '../rows.js';
import { channelPace, outbox } from '../schema.js';
import type { CardView } from '../../ui/view.js';
import type { EscalationReason, Platform } from '../../domain/types.js';

/** What a row asks the worker to show. Case cards are rendered at send time, so they show current state. */
export type OutboxPayload = { kind: 'view'; view: CardView } | { kind: 'case_card'; caseId: number };

/** What a destination needs to know about the escalation beside the evidence view. */
export interface EscalationMeta {
  caseId: number;
  shopId: string;
  reason: EscalationReason;
  /** The automatic rule's why, when a rule fired. */
  why?: string | undefined;
  /** The seller's note, when a person escalated. */
  note?: string | undefined;
  escalatedAt: string;
  orderExternalId?: string | undefined;
  buyer?: { name?: string | undefined; id?: string | undefined } | undefined;
}

/** The payload of an escalation destination's row: a plain view payload (renderPayload shows the view) plus the meta. */
export interface DestinationPayload {
  kind: 'view';
  view: CardView;
  escalation: EscalationMeta;
}

export function isDestinationPayload(p: unknown): p is DestinationPayload {
  const o = p as Partial<DestinationPayload> | null;
  return !!o && o.kind === 'view' && !!o.view && typeof o.escalation?.caseId === 'number';
}

export interface Enqueue {
  key: string;
  platform: Platform;
  channel: string;
  op: 'post' | 'update' | 'thread';
  payload: OutboxPayload;
  parentId?: number;
  caseId?: number;
  orderingKey?: string;
  /** When it is queued (Clock.now()); the first attempt is then, or at `notBefore`. */
  at: Date;
  notBefore?: Date;
}

/** Adds a message once per idempotency key; returns the row (new or existing). */
export async function enqueue(db: Db, m: Enqueue): Promise<OutboxRow> {
  const [row] = await db
    .insert(outbox)
    .values({
      idempotencyKey: m.key,
      platform: m.platform,
      channel: m.channel,
      op: m.op,
      payload: m.payload,
      parentId: m.parentId ?? null,
      caseId: m.caseId ?? null,
      orderingKey: m.orderingKey ?? null,
      createdAt: m.at,
      nextAttemptAt: m.notBefore ?? m.at,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning();
  if (row) return row;
  const [existing] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, m.key)).limit(1);
  return existing!;
}

/** The card message of a case (its first post), if one was queued. */
export async function caseCardRow(db: Db, caseId: number): Promise<OutboxRow | undefined> {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.op, 'post')))
    .orderBy(outbox.id)
    .limit(1);
  return row;
}

/** Queues a refresh of a case card unless one is already waiting (it renders current state anyway). */
export async function enqueueCardRefresh(db: Db, card: OutboxRow, version: number, at: Date): Promise<void> {
  const [waiting] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.parentId, card.id), eq(outbox.op, 'update'), eq(outbox.state, 'pending')))
    .limit(1);
  if (waiting) return;
  await enqueue(db, {
    key: `${card.idempotencyKey}:update:${version}`,
    platform: card.platform as Platform,
    channel: card.channel,
    op: 'update',
    payload: card.payload as OutboxPayload,
    parentId: card.id,
    ...(card.caseId ? { caseId: card.caseId } : {}),
    orderingKey: card.orderingKey ?? `outbox:${card.id}`,
    at,
  });
}

/** Channels with messages due now, oldest first. */
export async function dueChannels(
  db: Db,
  platforms: Platform[],
  now: Date,
  limit: number,
): Promise<Array<{ platform: string; channel: string }>> {
  const rows = await db
    .select({ platform: outbox.platform, channel: outbox.channel, first: sql<number>`min(${outbox.id})` })
    .from(outbox)
    .where(and(eq(outbox.state, 'pending'), sql`${outbox.nextAttemptAt} <= ${now}`, inArray(outbox.platform, platforms)))
    .groupBy(outbox.platform, outbox.channel)
    .orderBy(sql`min(${outbox.id})`)
    .limit(limit);
  return rows.map((r) => ({ platform: r.platform, channel: r.channel }));
}

export interface Pace {
  intervalMs: number;
  /** Messages allowed back to back before pacing applies (a token bucket's depth). */
  burst: number;
}

/**
 * Takes a send slot on a pace key (GCRA: "theoretical arrival time" in next_at), shared by
 * every replica through the row lock. Returns false when the key is paused or over its rate.
 */
export async function takeSlot(tx: Db, key: string, pace: Pace, now: Date): Promise<boolean> {
  await tx.insert(channelPace).values({ key, nextAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(channelPace).where(eq(channelPace.key, key)).for('update');
  if (!row) return false;
  if (row.pausedUntil && row.pausedUntil > now) return false;
  const tat = row.nextAt > now ? row.nextAt : now;
  const allowance = (pace.burst - 1) * pace.intervalMs;
  if (tat.getTime() - now.getTime() > allowance) return false;
  await tx
    .update(channelPace)
    .set({ nextAt: new Date(tat.getTime() + pace.intervalMs) })
    .where(eq(channelPace.key, key));
  return true;
}

export async function pauseKey(db: Db, key: string, until: Date): Promise<void> {
  await db
    .insert(channelPace)
    .values({ key, nextAt: until, pausedUntil: until })
    .onConflictDoUpdate({ target: channelPace.key, set: { pausedUntil: until } });
}

/**
 * Claims the next deliverable row of one channel: pending and due, its parent already
 * sent, and no earlier unfinished row with the same ordering key.
 */
export async function claimNext(tx: Db, platform: string, channel: string, now: Date, leaseMs: number): Promise<OutboxRow | undefined> {
  const found = await queryRows<{ id: number | string }>(
    tx,
    sql`
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.platform = ${platform} AND o.channel = ${channel} AND o.next_attempt_at <= ${now}
      AND (o.parent_id IS NULL OR EXISTS (SELECT 1 FROM outbox p WHERE p.id = o.parent_id AND p.state = 'sent'))
      AND (o.ordering_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM outbox e WHERE e.ordering_key = o.ordering_key AND e.id < o.id AND e.state IN ('pending', 'sending')))
    ORDER BY o.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`,
  );
  const id = found[0]?.id;
  if (id === undefined) return undefined;
  const [row] = await tx
    .update(outbox)
    .set({ state: 'sending', attempts: sql`${outbox.attempts} + 1`, lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(eq(outbox.id, Number(id)))
    .returning();
  return row;
}

/** Rows whose sender died mid-send (lease expired) go back to pending; their next attempt checks findPosted first. */
export async function releaseExpiredLeases(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ state: 'pending', lastError: 'lease expired: the sender stopped mid-send' })
    .where(and(eq(outbox.state, 'sending'), sql`${outbox.lockedUntil} < ${now}`))
    .returning({ id: outbox.id });
  return rows.length;
}

export async function markSent(db: Db, id: number, ref: string | null, now: Date): Promise<void> {
  await db.update(outbox).set({ state: 'sent', messageRef: ref, sentAt: now, lockedUntil: null, lastError: null }).where(eq(outbox.id, id));
}

export async function markRetry(db: Db, id: number, at: Date, error: string, countAttempt = true): Promise<void> {
  await db
    .update(outbox)
    .set({
      state: 'pending',
      nextAttemptAt: at,
      lockedUntil: null,
      lastError: error.slice(0, 1000),
      ...(countAttempt ? {} : { attempts: sql`${outbox.attempts} - 1` }),
    })
    .where(eq(outbox.id, id));
}

export async function markDead(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ state: 'dead', lockedUntil: null, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id));
}

export async function getOutbox(db: Db, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}

export async function outboxCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ state: outbox.state, n: sql<number>`count(*)::int` })
    .from(outbox)
    .groupBy(outbox.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
