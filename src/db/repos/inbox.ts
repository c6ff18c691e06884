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
    // Stored and applied in one transaction: received is processed.
    .values({ ...r, shopId: r.shopId ?? null, processedAt: r.receivedAt })
    .onConflictDoNothing({ target: [inbox.source, inbox.externalId] })
    .returning();
  return row;
}


export async function getReceived(db: Db, source: string, externalId: string): Promise<InboxRow | undefined> {
  const [row] = await db
    .select()
    .from(inbox)
    .where(and(eq(inbox.source, source), eq(inbox.externalId, externalId)))
    .limit(1);
  return row;
}
