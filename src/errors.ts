/**
 * One way to fail. Every error SellerDesk raises on purpose is an AppError with a code
 * (`area.what`, e.g. `case.state`, `user.not_connected`, `connector.config`): log lines carry
 * the code, so one query finds every failure of a kind. Anything else is a bug: the platform
 * edge logs it with a reference and shows the user failureNotice(ref), the same words on
 * every platform.
 */
import { randomUUID } from 'node:crypto';
import type { CardView } from './ui/view.js';

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error whose message is safe and useful to show the user as is (the dispatcher shows it with `title`). */
export class UserError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly title = 'Cannot do that',
  ) {
    super(code, message);
  }
}

/** The case is not in a state for the action (a second click, a stale card): the message says what happened. */
export class CaseStateError extends AppError {
  constructor(
    message: string,
    readonly caseId: number,
  ) {
    super('case.state', message);
  }
}

/** A connector could not do what it was asked; `retryable` says whether the same call may succeed later. */
export class ConnectorError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A shop's connector config (shops.connector) is unusable; the message names the shop and the field. */
export class ConnectorConfigError extends ConnectorError {
  constructor(
    message: string,
    readonly shopId: string,
    readonly field: string,
  ) {
    super('connector.config', message, false);
  }
}

export type DeliveryFailureKind = 'rate_limited' | 'transient' | 'permanent';

/** Thrown by a ChatPort or another sender; the delivery worker decides to wait, retry or dead-letter. */
export class DeliveryError extends AppError {
  constructor(
    message: string,
    readonly kind: DeliveryFailureKind,
    readonly retryAfterMs?: number,
    /** 'global' pauses the whole platform (Discord global limit); 'channel' only that channel. */
    readonly scope: 'channel' | 'global' = 'channel',
  ) {
    super(`delivery.${kind}`, message);
  }
}

/** The code a log line carries: the AppError's own, else `internal` (a bug or an unexpected failure). */
export const errorCode = (err: unknown): string => (err instanceof AppError ? err.code : 'internal');

/** A short id the user reads out to an admin, who finds the log line with it. */
export const newReference = (): string => randomUUID().slice(0, 8);

/** What every platform shows when an interaction failed unexpectedly. */
export function failureNotice(ref: string): CardView {
  const title = 'Something went wrong';
  const text = `SellerDesk could not show its answer. Look at the case card (or ask again) for the current state; if it keeps happening, give your admin this reference: ${ref}.`;
  return { kind: 'card', title, summary: `${title}: ${text}`, accent: 'danger', nodes: [{ type: 'text', text }] };
}
