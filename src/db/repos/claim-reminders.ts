import { and, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { OutboxRow } from '../rows.js';
import { outbox } from '../schema.js';
import type { Platform } from '../../domain/types.js';
import type { CardView } from '../../ui/view.js';

/** Reminders about a postal claim are outbox thread posts under the case card, keyed `case:<id>:claim-reminder:<kind>`. */
export type ClaimReminderKind = 'opens' | 'closing';

export const claimReminderKey = (caseId: number, kind: ClaimReminderKind): string => `case:${caseId}:claim-reminder:${kind}`;

export interface ClaimReminder {
  caseId: number;
  kind: ClaimReminderKind;
  /** The case card row: the reminder is posted in its thread. */
  card: Pick<OutboxRow, 'id' | 'platform' | 'channel'>;
  view: CardView;
  /** When the reminder is due. */
  at: Date;
  /** Clock.now(): when it is scheduled. */
  now: Date;
}

/**
 * Schedules (or reschedules) one reminder. A reminder still waiting, or cancelled by an
 * earlier "claim closed", is set to the new time and text; one already sent is left alone.
 * No ordering key: a reminder weeks ahead must not hold back the case's other messages.
 */
export async function scheduleClaimReminder(db: Db, r: ClaimReminder): Promise<OutboxRow> {
  const key = claimReminderKey(r.caseId, r.kind);
  const payload = { kind: 'view' as const, view: r.view };
  const [row] = await db
    .insert(outbox)
    .values({
      idempotencyKey: key,
      platform: r.card.platform as Platform,
      channel: r.card.channel,
      op: 'thread',
      payload,
      parentId: r.card.id,
      caseId: r.caseId,
      createdAt: r.now,
      nextAttemptAt: r.at,
    })
    .onConflictDoUpdate({
      target: outbox.idempotencyKey,
      set: { payload, nextAttemptAt: r.at, state: 'pending', attempts: 0, lastError: null },
      setWhere: inArray(outbox.state, ['pending', 'cancelled']),
    })
    .returning();
  if (row) return row;
  const [existing] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, key)).limit(1);
  return existing!;
}

/** Cancels the case's reminders that have not been sent yet (all kinds, or only `kinds`); returns how many. */
export async function cancelClaimReminders(db: Db, caseId: number, kinds?: ClaimReminderKind[]): Promise<number> {
  const keys = kinds
    ? inArray(
        outbox.idempotencyKey,
        kinds.map((k) => claimReminderKey(caseId, k)),
      )
    : like(outbox.idempotencyKey, `case:${caseId}:claim-reminder:%`);
  const rows = await db
    .update(outbox)
    .set({ state: 'cancelled', lockedUntil: null })
    .where(and(eq(outbox.caseId, caseId), eq(outbox.state, 'pending'), keys))
    .returning({ id: outbox.id });
  return rows.length;
}
