import { and, eq, gt, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { mailboxState } from '../schema.js';

/**
 * The IMAP cursor and lease of each mailbox. Every write after taking the lease is fenced by
 * it (the holder still holds it, and it has not run out on the Clock), so a replica that
 * paused past its lease cannot move a cursor another replica now owns.
 */

export type MailboxStateRow = typeof mailboxState.$inferSelect;

export interface LeaseRequest {
  mailboxId: string;
  holder: string;
  now: Date;
  ttlMs: number;
}

/** Takes or renews the lease; the row when this holder has it, null when another replica does. */
export async function takeMailboxLease(db: Db, r: LeaseRequest): Promise<MailboxStateRow | null> {
  const until = new Date(r.now.getTime() + r.ttlMs);
  const [row] = await db
    .insert(mailboxState)
    .values({ mailboxId: r.mailboxId, leaseHolder: r.holder, leaseUntil: until, updatedAt: r.now })
    .onConflictDoUpdate({
      target: mailboxState.mailboxId,
      set: { leaseHolder: r.holder, leaseUntil: until, updatedAt: r.now },
      setWhere: or(isNull(mailboxState.leaseHolder), eq(mailboxState.leaseHolder, r.holder), lte(mailboxState.leaseUntil, r.now)),
    })
    .returning();
  return row ?? null;
}

/** Gives the lease up (a clean stop), so another replica can take the mailbox at once. */
export async function releaseMailboxLease(db: Db, mailboxId: string, holder: string, now: Date): Promise<void> {
  await db
    .update(mailboxState)
    .set({ leaseHolder: null, leaseUntil: null, updatedAt: now })
    .where(and(eq(mailboxState.mailboxId, mailboxId), eq(mailboxState.leaseHolder, holder)));
}

const held = (mailboxId: string, holder: string, now: Date) =>
  and(eq(mailboxState.mailboxId, mailboxId), eq(mailboxState.leaseHolder, holder), gt(mailboxState.leaseUntil, now));

export interface CursorReset {
  mailboxId: string;
  holder: string;
  now: Date;
  uidValidity: number;
  lastUid: number;
  attachUidNext: number;
  /** Set when the reset follows a UIDVALIDITY change (not the first contact). */
  changed: boolean;
}

/** Points the cursor at a (new) UIDVALIDITY; false when the lease is no longer held. */
export async function resetMailboxCursor(db: Db, c: CursorReset): Promise<boolean> {
  const rows = await db
    .update(mailboxState)
    .set({
      uidValidity: c.uidValidity,
      lastUid: c.lastUid,
      attachUidNext: c.attachUidNext,
      updatedAt: c.now,
      ...(c.changed ? { uidValidityChangedAt: c.now } : {}),
    })
    .where(held(c.mailboxId, c.holder, c.now))
    .returning({ id: mailboxState.mailboxId });
  return rows.length === 1;
}

/**
 * Moves the cursor to `uid` (only forward, only under the same UIDVALIDITY, only for the
 * holder of a live lease); false when any of that no longer holds.
 */
export async function advanceMailboxCursor(
  db: Db,
  a: { mailboxId: string; holder: string; now: Date; uidValidity: number; uid: number },
): Promise<boolean> {
  const rows = await db
    .update(mailboxState)
    .set({ lastUid: a.uid, updatedAt: a.now })
    .where(and(held(a.mailboxId, a.holder, a.now), eq(mailboxState.uidValidity, a.uidValidity), lt(mailboxState.lastUid, a.uid)))
    .returning({ id: mailboxState.mailboxId });
  return rows.length === 1;
}

export async function getMailboxState(db: Db, mailboxId: string): Promise<MailboxStateRow | null> {
  const [row] = await db.select().from(mailboxState).where(eq(mailboxState.mailboxId, mailboxId));
  return row ?? null;
}
