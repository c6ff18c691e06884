import type { ConnectorFailure } from './connector.js';

/** Cents to the decimal string money APIs expect ("24.50"). */
export const decimalAmount = (cents: number): string => (cents / 100).toFixed(2);

/** Turns a thrown fetch error into a result: timeouts and network errors are worth retrying. */
export function networkFailure(what: string, err: unknown): ConnectorFailure {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { ok: false, error: `${what} did not answer in time`, retryable: true };
  const code = e?.cause?.code ? ` (${e.cause.code})` : '';
  return { ok: false, error: `${what} could not be reached${code}: ${e?.message ?? String(err)}`, retryable: true };
}
