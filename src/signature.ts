import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signatures are accepted within this window either way (clock skew and retries). */
export const SIGNATURE_TOLERANCE_S = 300;

export function signEventBody(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/** Headers of a JSON body signed the SellerDesk way (intake events, connector decisions, escalation webhooks). */
export function signedJsonHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'x-sellerdesk-timestamp': String(ts),
    'x-sellerdesk-signature': signEventBody(secret, ts, body),
  };
}

export type SignatureCheck = { ok: true } | { ok: false; error: string };

/**
 * Checks X-SellerDesk-Timestamp / X-SellerDesk-Signature: `sha256=` + hex
 * HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook secret.
 */
export function verifyEventSignature(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: Buffer,
  now: Date,
): SignatureCheck {
  if (!timestampHeader) return { ok: false, error: 'X-SellerDesk-Timestamp header is missing' };
  if (!signatureHeader) return { ok: false, error: 'X-SellerDesk-Signature header is missing' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, error: 'X-SellerDesk-Timestamp must be unix seconds' };
  const skew = Math.abs(now.getTime() / 1000 - Number(timestampHeader));
  if (skew > SIGNATURE_TOLERANCE_S)
    return { ok: false, error: `X-SellerDesk-Timestamp is ${Math.round(skew)} s away from now (limit ${SIGNATURE_TOLERANCE_S} s)` };
  const expected = Buffer.from(signEventBody(secret, Number(timestampHeader), rawBody));
  const given = Buffer.from(signatureHeader.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, error: 'X-SellerDesk-Signature does not match the body (sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">)' };
  }
  return { ok: true };
}
