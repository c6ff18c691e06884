import { and, eq, sql } from 'drizzle-orm';
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
export async function storeReceived(db: Db, r: Received): Promise<{ id: number } | undefined> {
  // A named statement: PostgreSQL parses and plans it once per connection (intake's hot path).
  const [row] = await db
    .insert(inbox)
    .values({
      source: sql.placeholder('source'),
      externalId: sql.placeholder('externalId'),
      type: sql.placeholder('type'),
      shopId: sql.placeholder('shopId'),
      payload: sql.placeholder('payload'),
      receivedAt: sql.placeholder('receivedAt'),
      // Stored and applied in one transaction: received is processed.
      processedAt: sql.placeholder('receivedAt'),
    })
    .onConflictDoNothing({ target: [inbox.source, inbox.externalId] })
    .returning({ id: inbox.id })
    .prepare('sd_inbox_store')
    .execute({ ...r, shopId: r.shopId ?? null, payload: JSON.stringify(r.payload) });
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
