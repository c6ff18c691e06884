import type { MarketplaceNotice } from '../types.js';
import { parseAmazon } from './amazon.js';
import { parseEbay } from './ebay.js';
import { parseEtsy } from './etsy.js';
import type { MailBase } from './text-tools.js';

export { isAmazonRelay } from './amazon.js';
export { REPLY_RULES, replyRuleFor } from './reply-rules.js';
export type { MailBase } from './text-tools.js';

const PARSERS = [parseAmazon, parseEtsy, parseEbay];

/** The marketplace notification in a mail, when it is one (Amazon relay, Etsy conversation, eBay member message). */
export function detectMarketplace(mail: MailBase): MarketplaceNotice | null {
  for (const parse of PARSERS) {
    try {
      const notice = parse(mail);
      if (notice) return notice;
    } catch {
      // A parser meeting a layout it does not know must not lose the mail: it is then an ordinary mail.
    }
  }
  return null;
}
