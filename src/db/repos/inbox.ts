import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
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
