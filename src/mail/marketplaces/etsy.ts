import type { MarketplaceNotice } from '../types.js';
import { REPLY_RULES } from './reply-rules.js';
import { between, cleanText, fromDomain, linkTo, type MailBase } from './text-tools.js';

/**
 * Etsy conversation notifications. Etsy has no messaging API: a buyer's message reaches the
 * seller as a mail from a no-reply address (`Etsy <no-reply@account.etsy.com>`, `Etsy
 * Conversations <conversations@mail.etsy.com>`) with the subject "Etsy Conversation with
 * <buyer>" ("Re: …" for a follow-up, "… about Order #…" when it concerns an order), the line
 * "<buyer> sent you a message", usually the message, and a link to answer on Etsy
 * (etsy.com/conversations/<id>, or a tracking redirect on ablink.account.etsy.com). A help
 * request ("<buyer> needs help with an order they placed") lists "You need help with:",
 * "Your ideal resolution:" and "Note for seller:".
 */

const ORDER = /\border\s*#\s*(\d{6,12})\b/i;
const SENT = /^(?:hi [^,\n]+,\s*)?(.+?)\s+sent you a message\.?\s*$/i;
const STOP = [
  /^\s*(?:reply|reply on etsy|reply here|view message|view\s*$|message\s*\(|quick tip|download the etsy app|buyers often|etsy,? inc)/i,
  /^\s*\*{10,}\s*$/,
  /^\s*https?:\/\//i,
];

function buyerFromSubject(subject: string): string | null {
  const convo = /Etsy Conversation with\s+(.+?)(?:\s+(?:about|regarding)\s+Order\s*#.*|\s+from\s+.+)?$/i.exec(subject)?.[1];
  if (convo) return convo.trim();
  return /^(.+?)\s+needs help with an order/i.exec(subject)?.[1]?.trim() ?? null;
}

function helpRequest(text: string): string | null {
  const field = (label: string, next: string[]) => {
    const m = new RegExp(`${label}:\\s*([\\s\\S]*?)(?=\\n\\s*(?:${next.join('|')}):|\\n\\s*Quick tip|\\n\\s*Reply here|$)`, 'i').exec(text);
    return m ? cleanText(m[1]!) : null;
  };
  const need = field('You need help with', ['Your ideal resolution', 'Note for seller']);
  if (need === null) return null;
  const resolution = field('Your ideal resolution', ['Note for seller']);
  const note = field('Note for seller', ['Quick tip']);
  return cleanText(
    [`Needs help with: ${need}`, resolution ? `Ideal resolution: ${resolution}` : '', note ?? ''].filter(Boolean).join('\n'),
  );
}

function conversationText(text: string, buyer: string | null): string {
  const lines = text.split('\n');
  // The message follows the last "… sent you a message" line (Etsy repeats it in a banner).
  let start = -1;
  lines.forEach((l, i) => {
    if (SENT.test(l.trim()) || /^\s*sent you a message\s*$/i.test(l)) start = i;
  });
  if (start < 0) return '';
  const body = between(lines.slice(start).join('\n'), /.*/, STOP) ?? '';
  const words = cleanText(body.replace(/^\s*\*{10,}\s*$/gm, ''));
  // A notification that only says someone wrote carries no words ("View message").
  return buyer && words === buyer ? '' : words;
}

export function parseEtsy(mail: MailBase): MarketplaceNotice | null {
  if (!fromDomain(mail, /(^|\.)etsy\.com$/)) return null;
  const text = mail.fullText;
  const isConvo =
    /Etsy Conversation with|needs help with an order|help request:\s*order/i.test(mail.subject) || /sent you a message/i.test(text);
  if (!isConvo) return null;
  const buyer =
    buyerFromSubject(mail.subject) ??
    text
      .split('\n')
      .map((l) => SENT.exec(l.trim())?.[1])
      .find(Boolean) ??
    null;
  const help = helpRequest(text);
  return {
    marketplace: 'etsy',
    buyerName: buyer,
    orderId: ORDER.exec(mail.subject)?.[1] ?? ORDER.exec(text)?.[1] ?? /\/your\/orders\/(\d{6,12})\b/.exec(text)?.[1] ?? null,
    itemId: /\/listing\/(\d{6,12})\b/.exec(text)?.[1] ?? null,
    text: help ?? conversationText(text, buyer),
    link: linkTo(text, ['etsy.com'], /\/(?:your\/)?(?:conversations|messages)\//i) ?? linkTo(text, ['etsy.com']),
    replyTo: null,
    rule: REPLY_RULES.etsy,
  };
}
