/**
 * A money action waiting on something (cases.pending_action): a refund awaiting a second
 * approver, a connector call in progress (a second click sees it), or the last failed attempt
 * (shown on the card; the button tries again).
 */

/** Who asked or approved, as the case log records it. */
export interface ActionStamp {
  name: string;
  userId: string;
  platform: string;
}

export interface PendingAction {
  type: 'refund' | 'reship';
  state: 'awaiting_approval' | 'in_progress' | 'failed';
  idempotencyKey: string;
  mode?: 'full' | 'partial';
  amountCents?: number;
  currency?: string;
  reason?: string;
  items?: string;
  note?: string;
  requestedBy: ActionStamp;
  approvedBy?: ActionStamp;
  connector?: string;
  at: string;
  error?: string;
  retryable?: boolean;
}

/**
 * A call marked in progress this long ago never finished (the process stopped mid-call): the
 * button may try again, with the same idempotency key (see reusableKey).
 */
export const STALE_AFTER_MS = 5 * 60_000;

export const isStale = (p: PendingAction, now: Date): boolean =>
  p.state === 'in_progress' && now.getTime() - Date.parse(p.at) > STALE_AFTER_MS;

/** A connector call under way that has not gone stale: nothing else may start meanwhile. */
export const isRunning = (p: PendingAction | null | undefined, now: Date): boolean => p?.state === 'in_progress' && !isStale(p, now);

/**
 * The idempotency key of an earlier attempt of the same action that may have gone through
 * (a retryable failure, or a call that never finished): reusing it lets the marketplace
 * recognise the retry instead of acting twice.
 */
export function reusableKey(prev: PendingAction | null | undefined, now: Date, same: (p: PendingAction) => boolean): string | undefined {
  if (!prev || !same(prev)) return undefined;
  return (prev.state === 'failed' && prev.retryable) || isStale(prev, now) ? prev.idempotencyKey : undefined;
}
