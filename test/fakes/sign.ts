import { signEventBody } from '../../src/http/signature.js';

export function signedHeaders(secret: string, body: string, at = new Date()): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return { 'content-type': 'application/json', 'x-sellerdesk-timestamp': String(ts), 'x-sellerdesk-signature': signEventBody(secret, ts, body) };
}
