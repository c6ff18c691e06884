import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundMail } from './types.js';

/**
 * The case token: `c<case id>-<mac>`, where mac is 10 base32 characters (50 bits) of an
 * HMAC-SHA256 over the team and the case id with a deployment secret. It travels in the subject
 * (`[ref:c42-k3j5m2n8q1]`), in the plus-address Reply-To (`support+c42-k3j5m2n8q1@…`) and in
 * the Message-ID of every mail we send (`<sd.c42-k3j5m2n8q1.o17@…>`, so References carry it
 * back even when the buyer edits the subject). A stranger who knows a case number cannot make
 * a token for it, and a token is good only for its own team's mailbox.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_CHARS = 10;
const TOKEN = /\bc(\d{1,12})-([a-z2-7]{10})\b/gi;

export interface CaseRef {
  teamId: string;
  caseId: number;
}

export interface TokenCandidate {
  caseId: number;
  token: string;
  /** Where it was found, most trustworthy first: our own Message-ID the buyer's mail refers to, a plus-address, the subject. */
  where: 'references' | 'address' | 'subject';
}

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= chars) break;
  }
  return out;
}

function mac(secret: string | Buffer, ref: CaseRef): string {
  return base32(createHmac('sha256', secret).update(`sellerdesk-case\n${ref.teamId}\n${ref.caseId}`).digest(), MAC_CHARS);
}

function checkSecret(secret: string | Buffer): void {
  if (Buffer.byteLength(secret) < 16) throw new Error('the case-token secret must be at least 16 bytes');
}

/** The token for a case, e.g. `c42-k3j5m2n8q1`. */
export function caseToken(secret: string | Buffer, ref: CaseRef): string {
  checkSecret(secret);
  if (!Number.isSafeInteger(ref.caseId) || ref.caseId <= 0) throw new Error('a case id is a positive integer');
  return `c${ref.caseId}-${mac(secret, ref)}`;
}

/** The subject marker: `[ref:c42-k3j5m2n8q1]`. */
export const subjectTag = (token: string): string => `[ref:${token}]`;

/** True when the token was made for this team's case (constant-time comparison). */
export function verifyCaseToken(secret: string | Buffer, token: string, teamId: string): number | null {
  checkSecret(secret);
  const m = /^c(\d{1,12})-([a-z2-7]{10})$/i.exec(token);
  if (!m) return null;
  const caseId = Number(m[1]);
  const expected = Buffer.from(mac(secret, { teamId, caseId }));
  const given = Buffer.from(m[2]!.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected) ? caseId : null;
}

/** True for a plus tag that is a case token (routing does not read it as a shop tag). */
export const isCaseTokenTag = (tag: string | undefined): boolean => !!tag && /^c\d{1,12}-[a-z2-7]{10}$/i.test(tag);

/** Every token-shaped string in the mail's threading headers, addresses and subject; verify each with the team. */
export function findCaseTokens(
  mail: Pick<InboundMail, 'inReplyTo' | 'references' | 'to' | 'cc' | 'deliveredTo' | 'subject'>,
): TokenCandidate[] {
  const out: TokenCandidate[] = [];
  const add = (text: string, where: TokenCandidate['where']) => {
    for (const m of text.matchAll(TOKEN)) {
      const token = `c${m[1]}-${m[2]!.toLowerCase()}`;
      if (!out.some((c) => c.token === token)) out.push({ caseId: Number(m[1]), token, where });
    }
  };
  // Only our own Message-IDs (sd.<token>.…) count from References: anyone can put words in a Message-ID, but
  // the mac still has to verify.
  for (const id of [mail.inReplyTo ?? '', ...[...mail.references].reverse()]) if (id.startsWith('<sd.')) add(id, 'references');
  for (const a of [...mail.deliveredTo, ...mail.to, ...mail.cc]) if (isCaseTokenTag(a.tag)) add(a.tag!, 'address');
  add(mail.subject, 'subject');
  return out;
}

/** The case a mail answers: the first candidate whose token verifies for the team, or null. */
export function caseFromMail(secret: string | Buffer, mail: Parameters<typeof findCaseTokens>[0], teamId: string): number | null {
  for (const c of findCaseTokens(mail)) {
    const id = verifyCaseToken(secret, c.token, teamId);
    if (id !== null) return id;
  }
  return null;
}
