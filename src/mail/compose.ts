import { subjectTag } from './case-token.js';
import { SELLERDESK_MAIL_HEADER, cleanHeaderValue, formatAddress, mailAddress, messageIdsIn, type SellerDeskMailKind } from './headers.js';
import type { InboundMail } from './types.js';

/**
 * Outgoing mail as a pure value: who, subject with the case token, the threading headers that
 * make it sit under the buyer's mail in their mail program, the text, and our marker header.
 * Every header value is built from cleaned parts (no CR/LF, addresses parsed), so nothing a
 * buyer wrote can add a header; nodemailer then encodes what is not ASCII.
 */

export interface OutgoingMail {
  kind: SellerDeskMailKind;
  /** `"Name" <address>` or a bare address. */
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  /** Deterministic per outbox row, so a resend after a crash carries the same id. */
  messageId: string;
  inReplyTo?: string;
  references: string[];
  /** Extra headers, names fixed by this module, values cleaned. */
  headers: Record<string, string>;
}

export interface ComposeInput {
  kind: SellerDeskMailKind;
  /** The mailbox's From: "Acme Ceramics <support@acme.example>" or an address. */
  from: string;
  /** Where the answer goes: the buyer's address, or Amazon's relay address. */
  to: string;
  /** The mail being answered (its subject and threading headers). */
  original: Pick<InboundMail, 'subject' | 'messageId' | 'references'>;
  /** The case token (case-token.ts). */
  token: string;
  /** The outbox row id: makes the Message-ID unique and stable. */
  outboxId: number;
  text: string;
  /** Put the token in a plus-address Reply-To of the From address (for providers with plus addressing). */
  plusReplyTo?: boolean;
}

const PREFIX = /^\s*((re|aw|sv|vs|antw|ref|réf|fw|fwd|wg|tr)\s*(\[\d+\])?\s*:\s*)+/i;
const OLD_TAG = /\s*\[ref:c\d{1,12}-[a-z2-7]{10}\]/gi;

/** "Re: <subject without earlier Re:/AW:/Fwd: and tokens> [ref:<token>]", within 200 characters. */
export function replySubject(original: string, token: string): string {
  const bare = cleanHeaderValue(original).replace(OLD_TAG, '').replace(PREFIX, '').trim();
  const tag = subjectTag(token);
  const room = 200 - tag.length - 5;
  const subject = bare.length > room ? `${bare.slice(0, room - 1)}…` : bare;
  return subject ? `Re: ${subject} ${tag}` : `Re: your message ${tag}`;
}

/** The original's References plus its Message-ID, at most 20 (the first kept, then the newest: RFC 5322 §3.6.4). */
export function referencesFor(original: Pick<InboundMail, 'messageId' | 'references'>): string[] {
  const all = messageIdsIn([...original.references, original.messageId ?? ''].join(' '), 200);
  return all.length <= 20 ? all : [all[0]!, ...all.slice(-19)];
}

function splitFrom(from: string): { address: string; name: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1]!.trim(), address: m[2]!.trim() } : { name: '', address: from.trim() };
}

export function composeMail(input: ComposeInput): OutgoingMail {
  const sender = splitFrom(input.from);
  const fromAddress = mailAddress(sender.address);
  if (!fromAddress) throw new Error('compose: the From address is not an address');
  const to = mailAddress(input.to);
  if (!to) throw new Error('compose: the recipient is not an address');
  if (!/^c\d{1,12}-[a-z2-7]{10}$/.test(input.token)) throw new Error('compose: not a case token');
  if (!Number.isSafeInteger(input.outboxId) || input.outboxId <= 0) throw new Error('compose: the outbox id is a positive integer');

  const references = referencesFor(input.original);
  const headers: Record<string, string> = { [SELLERDESK_MAIL_HEADER]: input.kind };
  if (input.kind === 'acknowledgement') {
    // RFC 3834: an automatic answer says so, so other responders do not answer it back.
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  return {
    kind: input.kind,
    from: formatAddress(fromAddress.address, sender.name),
    to: [to.address],
    ...(input.plusReplyTo ? { replyTo: formatAddress(`${fromAddress.local}+${input.token}@${fromAddress.domain}`, sender.name) } : {}),
    subject: replySubject(input.original.subject, input.token),
    text: input.text.replace(/\r\n?/g, '\n'),
    messageId: `<sd.${input.token}.o${input.outboxId}@${fromAddress.domain}>`,
    ...(input.original.messageId ? { inReplyTo: input.original.messageId } : {}),
    references,
    headers,
  };
}
