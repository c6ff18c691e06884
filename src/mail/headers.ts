import type { MailAddress } from './types.js';

/**
 * Header values as SellerDesk reads and writes them. Anything that may be echoed back into an
 * outgoing header (a subject, a display name, a Message-ID) goes through `cleanHeaderValue`,
 * so no decoded encoded-word can smuggle a CR/LF (a second header) into our mail.
 */

/** Marks every mail SellerDesk sends; its value says what kind (`acknowledgement`, `reply`). */
export const SELLERDESK_MAIL_HEADER = 'X-SellerDesk-Mail';
export type SellerDeskMailKind = 'acknowledgement' | 'reply';

// CR, LF, other C0 controls, DEL, NEL and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/** Collapses line breaks and control characters to single spaces, trims, caps the length. */
export function cleanHeaderValue(value: string, max = 998): string {
  return value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim().slice(0, max);
}

/** True when the value carried something `cleanHeaderValue` had to remove (logged as a problem). */
export function hasControlChars(value: string): boolean {
  // A tab inside a value is harmless folding; everything else in CONTROL is not.
  return new RegExp(CONTROL.source).test(value.replace(/\t/g, ' '));
}

const MSG_ID = /<([^<>\s"]{1,250}@[^<>\s"]{1,250})>/g;

/** Every well-formed `<left@right>` in a header value, in order, duplicates removed. */
export function messageIdsIn(value: string | undefined | null, max = 100): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const m of value.matchAll(MSG_ID)) {
    const id = `<${m[1]}>`;
    if (!out.includes(id)) out.push(id);
    if (out.length >= max) break;
  }
  return out;
}

/** One Message-ID, or null when the value holds none that is well formed. */
export function singleMessageId(value: string | undefined | null): string | null {
  return messageIdsIn(value, 1)[0] ?? null;
}

/** Splits an address into local part, plus tag and domain (all lowercased); null when it is not one. */
export function mailAddress(address: string | undefined, name = ''): MailAddress | null {
  if (!address) return null;
  const a = cleanHeaderValue(address).toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1 || /\s/.test(a)) return null;
  const localFull = a.slice(0, at);
  const domain = a.slice(at + 1);
  const plus = localFull.indexOf('+');
  const local = plus > 0 ? localFull.slice(0, plus) : localFull;
  const tag = plus > 0 ? localFull.slice(plus + 1) : undefined;
  return { address: a, name: cleanHeaderValue(name, 200), local, ...(tag ? { tag } : {}), domain, base: `${local}@${domain}` };
}

/** True when `address` (any case, any plus tag) is `pattern`; a pattern `*@domain` matches the whole domain. */
export function addressMatches(address: MailAddress, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*@')) return address.domain === p.slice(2) || address.domain.endsWith(`.${p.slice(2)}`);
  const parsed = mailAddress(p);
  if (!parsed) return false;
  // A pattern with a tag matches only that tag; one without matches the mailbox and every tag of it.
  return parsed.tag ? address.address === parsed.address : address.base === parsed.base;
}

/** The `Name <address>` form for a header, the name quoted and cleaned. */
export function formatAddress(address: string, name?: string): string {
  const a = cleanHeaderValue(address);
  const n = name ? cleanHeaderValue(name, 200).replace(/["\\]/g, '') : '';
  return n ? `"${n}" <${a}>` : a;
}
