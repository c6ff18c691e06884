import { buyerWords } from '../body-text.js';
import type { MarketplaceNotice } from '../types.js';
import { REPLY_RULES } from './reply-rules.js';
import { cleanText, linkTo, type MailBase } from './text-tools.js';

/**
 * Amazon buyer-seller messages. Amazon relays a buyer's message from the buyer's anonymised
 * address (`xxxx@marketplace.amazon.com`, `.co.uk`, `.de`, `.com.br` …) with the display name
 * "<Buyer> - Amazon Marketplace", a subject such as "Inquiry from Amazon customer Dana
 * (Order: 114-1234567-1234567)", the order and item above the message, the message between
 * "------------- Begin message -------------" and "------------- End message -------------"
 * (translated in other stores: "Message:", "Início da mensagem", "Début du message" …) and
 * Amazon's footer ("For Your Information: …", "[commMgrTok:…]") below.
 */

const RELAY = /^marketplace\.amazon\.[a-z.]{2,10}$/;
const ORDER = /\b(\d{3}-\d{7}-\d{7})\b/;
/** A marker line: a long run of dashes, a few words, dashes (Outlook's "-----Original Message-----" has five). */
const MARKER = /^\s*-{8,}\s*[^-\n][^\n]{0,80}?\s*-{8,}\s*$/;
const FOOTER = [
  /^\s*For Your Information:/i,
  /^\s*\[commMgrTok:/i,
  /^\s*If you believe this message is suspicious/i,
  /^\s*To mark this message as no response needed/i,
  /^\s*We want you to buy with confidence/i,
  /^\s*Important\s*:\s*Afin d'aider/i,
];

export function isAmazonRelay(domain: string | undefined): boolean {
  return !!domain && RELAY.test(domain);
}

function buyerName(mail: MailBase): string | null {
  const display = mail.from?.name ?? '';
  const fromDisplay = /^(.+?)\s+[-–]\s+Amazon(?: Marketplace)?\s*$/i.exec(display)?.[1];
  if (fromDisplay) return fromDisplay.trim();
  const fromSubject = /from Amazon customer\s+(.+?)\s*\((?:Order|Commande|Pedido|Bestellung)\b/i.exec(mail.subject)?.[1];
  if (fromSubject) return fromSubject.trim();
  return display && !/amazon/i.test(display) ? display : null;
}

function message(text: string): string {
  const lines = text.split('\n');
  const markers = lines.map((l, i) => (MARKER.test(l) ? i : -1)).filter((i) => i >= 0);
  let body: string;
  if (markers.length >= 2) {
    // A buyer answering by mail writes above the quoted earlier exchange, which holds the markers.
    const head = cleanText(lines.slice(0, markers[0]).join('\n'));
    const headWords = cleanText(buyerWords(head));
    if (headWords && headWords.length < head.length) return headWords;
    body = lines.slice(markers[0]! + 1, markers[markers.length - 1]).join('\n');
  } else {
    const cut = lines.findIndex((l) => FOOTER.some((f) => f.test(l)));
    body = (cut >= 0 ? lines.slice(0, cut) : lines).join('\n');
  }
  // The message may carry the earlier exchange below it ("--- Original message ---").
  return cleanText(buyerWords(cleanText(body)));
}

export function parseAmazon(mail: MailBase): MarketplaceNotice | null {
  const relay = [mail.from, ...mail.replyTo].find((a) => isAmazonRelay(a?.domain));
  if (!relay) return null;
  // Amazon's own notices (e.g. donotreply@marketplace.amazon.com about a blocked message) are not buyer messages.
  if (/^(donotreply|do-not-reply|noreply|no-reply)$/.test(relay.local)) return null;
  return {
    marketplace: 'amazon',
    buyerName: buyerName(mail),
    orderId: ORDER.exec(mail.subject)?.[1] ?? ORDER.exec(mail.fullText)?.[1] ?? null,
    itemId: /\bASIN:\s*([A-Z0-9]{10})\b/.exec(mail.fullText)?.[1] ?? null,
    text: message(mail.fullText),
    link: linkTo(mail.fullText, ['sellercentral.amazon.com', 'sellercentral-europe.amazon.com'], /messag/i),
    replyTo: relay.address,
    rule: REPLY_RULES.amazon,
  };
}
