import type { MarketplaceNotice } from '../types.js';
import { REPLY_RULES } from './reply-rules.js';
import { cleanText, fromDomain, linkTo, type MailBase } from './text-tools.js';

/**
 * eBay member messages. eBay mails the seller a notification ("<buyer> sent a message about
 * <item title> #<item number>") holding "New message from: <buyer> (<feedback score>)", the
 * buyer's words, the Reply and "Reply with offer" buttons, often the words again after "Dear
 * <seller>," signed "- <buyer>", the item facts (Item ID, Order number …) and a footer ("We scan
 * messages to enforce policies…", "Email reference id", "We don't check this mailbox, so please
 * don't reply to this message.", "eBay sent this message to …"). The wrapper is localised to
 * the buyer's language ("Neue Nachricht von:", "Nuovo messaggio da:", "Nouveau message de :").
 */

const NEW_MESSAGE =
  /^\s*(?:New message from|Neue Nachricht von|Nuovo messaggio da|Nouveau message de|Nuevo mensaje de)\s*:\s*(\S+)(?:\s*\(\d+\))?/i;
const STOP = [
  /^\s*(?:reply|reply with offer|respond|antworten|rispondi|répondre|responder)\b/i,
  /^\s*(?:dear|hallo|ciao|bonjour|hola)\s+\S+,?\s*$/i,
  /^\s*(?:item id|item number|artikelnummer|order number|bestellnummer|order status|transaction id|quantity remaining)\s*:/i,
  /^\s*(?:view your listing|get to know the buyer|located:|member since:|positive feedback:)/i,
  /^\s*(?:we scan messages|email reference id|we don't check this mailbox|ebay sent this message|only purchases on ebay)/i,
];

function itemId(mail: MailBase): string | null {
  return (
    /#\s*(\d{9,15})\s*$/.exec(mail.subject)?.[1] ??
    /\b(?:Item ID|Item number|Artikelnummer|Numero oggetto)\s*:?\s*(\d{9,15})\b/i.exec(mail.fullText)?.[1] ??
    null
  );
}

function words(text: string, buyer: string | null): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => NEW_MESSAGE.test(l));
  if (start < 0) return '';
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (STOP.some((s) => s.test(line))) break;
    if (buyer && line.trim() === `- ${buyer}`) break;
    out.push(line);
  }
  return cleanText(out.join('\n'));
}

export function parseEbay(mail: MailBase): MarketplaceNotice | null {
  if (!fromDomain(mail, /(^|\.)ebay\.[a-z.]{2,10}$/)) return null;
  const text = mail.fullText;
  const subjectBuyer = /^(?:re:\s*)?(?:[^:]*:\s*)?(\S+)\s+sent a message about\b/i.exec(mail.subject)?.[1] ?? null;
  const bodyBuyer = text
    .split('\n')
    .map((l) => NEW_MESSAGE.exec(l)?.[1])
    .find(Boolean);
  if (!subjectBuyer && !bodyBuyer) return null;
  const buyer = bodyBuyer ?? subjectBuyer;
  return {
    marketplace: 'ebay',
    buyerName: buyer,
    orderId: /\b(\d{2}-\d{5}-\d{5})\b/.exec(text)?.[1] ?? null,
    itemId: itemId(mail),
    text: words(text, buyer),
    link: linkTo(
      text,
      ['ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.ca', 'ebay.com.au'],
      /reply|mesg|message|\/cnt\//i,
    ),
    replyTo: null,
    rule: REPLY_RULES.ebay,
  };
}
