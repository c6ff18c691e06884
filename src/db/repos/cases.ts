import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { CaseEventRow, CaseRow } from '../rows.js';
import { caseEvents, cases, shops } from '../schema.js';
import type { CaseStatus, Platform } from '../../domain/types.js';

export type NewCase = typeof cases.$inferInsert;
export type CasePatch = Partial<Omit<NewCase, 'id' | 'version' | 'updatedAt'>>;

const ACTIVE_STATUSES: CaseStatus[] = ['open', 'acknowledged', 'waiting_on_buyer', 'escalated'];

export async function getCase(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  const q = db.select().from(cases).where(eq(cases.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/**
 * Updates a case only if it is still at `expectedVersion` (optimistic lock): a second
 * click or a racing user gets `undefined` and re-reads what happened.
 */
export async function updateCase(db: Db, id: number, expectedVersion: number, patch: CasePatch, now: Date): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(cases)
    .set({ ...patch, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(cases.id, id), eq(cases.version, expectedVersion)))
    .returning();
  return row;
}

export async function findActiveCase(
  db: Db,
  q: { shopId: string; kind: string; buyerKey: string; orderExternalId?: string | undefined },
): Promise<CaseRow | undefined> {
  // The buyer is their id, or their name when the event carried no id: coalesce(buyer_id, buyer_name),
  // the expression of the partial index cases_active_buyer_idx. A named statement (intake's hot path).
  const order = q.orderExternalId ? sql`${cases.orderExternalId} = ${sql.placeholder('order')}` : isNull(cases.orderExternalId);
  const [row] = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.shopId, sql.placeholder('shop')),
        sql`coalesce(${cases.buyerId}, ${cases.buyerName}) = ${sql.placeholder('buyer')}`,
        eq(cases.kind, sql.placeholder('kind')),
        sql`${cases.status} IN ('open', 'acknowledged', 'waiting_on_buyer', 'escalated')`,
        order,
      ),
    )
    .orderBy(desc(cases.id))
    .limit(1)
    .prepare(q.orderExternalId ? 'sd_active_case_order' : 'sd_active_case')
    .execute({ shop: q.shopId, buyer: q.buyerKey, kind: q.kind, order: q.orderExternalId ?? null });
  return row;
}

export async function casesForOrder(db: Db, orderId: number): Promise<CaseRow[]> {
  return db.select().from(cases).where(eq(cases.orderId, orderId)).orderBy(asc(cases.id));
}

export type CaseFilter = 'open' | 'overdue' | 'mine' | 'all';

export async function listCases(
  db: Db,
  q: { teamId?: string | undefined; shopId?: string; filter: CaseFilter; now: Date; actorId?: string; limit?: number },
): Promise<CaseRow[]> {
  const conds = [];
  if (q.shopId) conds.push(eq(cases.shopId, q.shopId));
  if (q.teamId) conds.push(inArray(cases.shopId, db.select({ id: shops.id }).from(shops).where(eq(shops.teamId, q.teamId))));
  if (q.filter !== 'all') conds.push(inArray(cases.status, ACTIVE_STATUSES));
  if (q.filter === 'overdue') conds.push(isNull(cases.firstResponseAt), lte(cases.targetAt, q.now));
  // Mine: open cases this user acted on, by their platform user id (names are neither unique nor stable).
  if (q.filter === 'mine')
    conds.push(
      inArray(
        cases.id,
        db
          .select({ id: caseEvents.caseId })
          .from(caseEvents)
          .where(sql`${caseEvents.data}->>'userId' = ${q.actorId ?? ''}`),
      ),
    );
  return db
    .select()
    .from(cases)
    .where(and(...conds))
    .orderBy(asc(cases.targetAt))
    .limit(q.limit ?? 20);
}

export interface NewCaseEvent {
  caseId: number;
  at: Date;
  actor: string;
  platform: Platform | 'intake' | 'system';
  type: string;
  data?: Record<string, unknown>;
}

export async function appendCaseEvent(db: Db, e: NewCaseEvent): Promise<CaseEventRow> {
  const [row] = await db
    .insert(caseEvents)
    .values({ ...e, data: e.data ?? {} })
    .returning();
  return row!;
}

export async function caseHistory(db: Db, caseId: number): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}
