import type { CaseKind } from '../domain/types.js';
import { isCaseTokenTag } from './case-token.js';
import { addressMatches } from './headers.js';
import type { AddressRule, MailboxConfig } from './mailbox-config.js';
import { replyRuleFor } from './marketplaces/reply-rules.js';
import type { InboundMail, MailAddress } from './types.js';

/**
 * Which shop a mail belongs to and what kind of case it opens: pure rules over the mailbox's
 * config. Order: a marketplace notification goes to the shop named for that marketplace; then
 * the addresses the mail was delivered to (Delivered-To first, as the receiving server wrote
 * it, then To and Cc) are matched against the address rules and plus tags; then the mailbox's
 * own shop.
 */

export interface MailRoute {
  shopId: string;
  kind: CaseKind;
  /** Whether an acknowledgement may go out (config on, not machine-sent, the marketplace allows it). */
  autoAcknowledge: boolean;
  matchedBy: 'marketplace' | 'address' | 'plus-tag' | 'mailbox';
  /** The address that decided (lowercased), when an address did. */
  address?: string;
}

export type RouteResult = { ok: true; route: MailRoute } | { ok: false; reason: string };

type RoutedMail = Pick<InboundMail, 'deliveredTo' | 'to' | 'cc' | 'marketplace' | 'automated' | 'from'>;

const NO_REPLY = /^(no-?reply|do-?not-?reply|noreply|mailer-daemon|postmaster|bounces?)([+.-]|$)/;

function candidates(mail: RoutedMail): MailAddress[] {
  const seen = new Set<string>();
  return [...mail.deliveredTo, ...mail.to, ...mail.cc].filter((a) => !seen.has(a.address) && seen.add(a.address));
}

function ruleFor(box: MailboxConfig, address: MailAddress): AddressRule | undefined {
  // An exact address (with its tag) before the mailbox's address, before a whole domain.
  const rank = (r: AddressRule) => (r.address.startsWith('*@') ? 2 : r.address.includes('+') ? 0 : 1);
  return [...box.addresses].sort((a, b) => rank(a) - rank(b)).find((r) => addressMatches(address, r.address));
}

export function routeMail(box: MailboxConfig, mail: RoutedMail): RouteResult {
  const addresses = candidates(mail);
  let shopId: string | undefined;
  let matchedBy: MailRoute['matchedBy'] | undefined;
  let decidedBy: string | undefined;
  let rule: AddressRule | undefined;

  for (const a of addresses) {
    rule = ruleFor(box, a);
    if (rule) {
      decidedBy = a.address;
      break;
    }
  }
  const marketplace = mail.marketplace?.marketplace;
  if (marketplace && box.marketplaces[marketplace]) {
    shopId = box.marketplaces[marketplace];
    matchedBy = 'marketplace';
  } else if (rule?.shop) {
    shopId = rule.shop;
    matchedBy = 'address';
  } else {
    for (const a of addresses) {
      if (a.tag && !isCaseTokenTag(a.tag) && box.plusTags[a.tag]) {
        shopId = box.plusTags[a.tag];
        matchedBy = 'plus-tag';
        decidedBy = a.address;
        break;
      }
    }
  }
  if (!shopId && box.shop) {
    shopId = box.shop;
    matchedBy = 'mailbox';
  }
  if (!shopId || !matchedBy) return { ok: false, reason: `no rule of mailbox "${box.id}" names a shop for this mail` };

  const wanted = rule?.autoAcknowledge ?? box.autoAcknowledge;
  return {
    ok: true,
    route: {
      shopId,
      kind: rule?.kind ?? box.kind,
      autoAcknowledge: wanted && mayAcknowledge(mail),
      matchedBy,
      ...(decidedBy && matchedBy !== 'mailbox' && matchedBy !== 'marketplace' ? { address: decidedBy } : {}),
    },
  };
}

/**
 * Whether an automatic acknowledgement may answer this mail at all: never to machine-sent mail
 * (auto-replies, bulk, bounces, our own), never where the marketplace forbids it or cannot be
 * reached by mail (Amazon's relay, Etsy, eBay), never to a no-reply address.
 */
export function mayAcknowledge(mail: Pick<InboundMail, 'automated' | 'marketplace' | 'from'>): boolean {
  if (mail.automated) return false;
  if (!replyRuleFor(mail.marketplace?.marketplace).autoAcknowledge) return false;
  if (!mail.from || NO_REPLY.test(mail.from.local)) return false;
  return true;
}
