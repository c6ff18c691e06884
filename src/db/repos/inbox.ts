import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { InboxRow } from '../rows.js';
import { inbox } from '../schema.js';

export interface Received {
  source: string;
  externalId: string;
  type: string;
  shopId?: string;
  payload: unknown;
  receivedAt: Date;
}

/** Stores a received event; `undefined` when (source, external id) was already stored: a duplicate. */
export async function storeReceived(db: Db, r: Received): Promise<InboxRow | undefined> {
  const [row] = await db
    .insert(inbox)
    .values({ ...r, shopId: r.shopId ?? null })
    .onConflictDoNothing({ target: [inbox.source, inbox.externalId] })
    .returning();
  return row;
}

export async function markProcessed(db: Db, id: number, at: Date, result: Record<string, unknown>): Promise<void> {
  await db.update(inbox).set({ processedAt: at, result }).where(eq(inbox.id, id));
}

export async function getReceived(db: Db, source: string, externalId: string): Promise<InboxRow | undefined> {
  const [row] = await db
    .select()
    .from(inbox)
    .where(and(eq(inbox.source, source), eq(inbox.externalId, externalId)))
    .limit(1);
  return row;
}
