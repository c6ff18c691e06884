import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { OrderRow } from '../rows.js';
import { orders } from '../schema.js';

export type OrderPatch = Partial<Omit<typeof orders.$inferInsert, 'id' | 'shopId' | 'externalId' | 'createdAt' | 'updatedAt'>>;

export async function getOrder(db: Db, shopId: string, externalId: string): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.externalId, externalId)))
    .limit(1);
  return row;
}

export async function getOrderById(db: Db, id: number): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  return row;
}

/**
 * Creates or updates an order by (shop, external id). Only the given fields change,
 * so events arriving out of order (shipped before paid) compose. `now` is Clock.now().
 */
export async function upsertOrder(db: Db, shopId: string, externalId: string, patch: OrderPatch, now: Date): Promise<OrderRow> {
  const set = { ...patch, updatedAt: now };
  const [row] = await db
    .insert(orders)
    .values({ shopId, externalId, ...patch, updatedAt: now })
    .onConflictDoUpdate({ target: [orders.shopId, orders.externalId], set })
    .returning();
  return row!;
}
