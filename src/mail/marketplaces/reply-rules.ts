import type { Marketplace, ReplyRule } from '../types.js';

/**
 * How each marketplace's buyers can be answered when their message arrived by mail. Each rule
 * names where it comes from and when it was checked (2026-12); docs/email.md explains them.
 */
export const REPLY_RULES: Record<Marketplace | 'email', ReplyRule> = {
  amazon: {
    marketplace: 'amazon',
    // Amazon gives each buyer an anonymised relay address (…@marketplace.amazon.com, .co.uk, .de …)
    // that "sellers can utilize the same way as a real email address"; the mail must come from the
    // seller's registered Buyer-Seller Messaging address or one approved under Messaging Permissions.
    replyByMail: true,
    // Amazon already confirms to the buyer that the message was sent, and permits only messages
    // needed to complete an order or answer the inquiry: no automatic "we got it" to the relay.
    autoAcknowledge: false,
    source:
      'Amazon Seller Central help: Buyer-Seller Messages FAQ (G200383320), Messaging Permissions (G201054220), Communication Guidelines (G1701); checked 2026-12',
  },
  etsy: {
    marketplace: 'etsy',
    // Etsy's conversation notifications come from no-reply addresses (no-reply@account.etsy.com,
    // conversations@mail.etsy.com) and Etsy's API has no messaging endpoint: answer in Etsy Messages.
    replyByMail: false,
    autoAcknowledge: false,
    instead:
      'Etsy conversations cannot be answered by mail: answer in Etsy Messages (the link on the card). Etsy offers its own auto-replies.',
    source: 'Etsy Help: How to Send Messages to Buyers (115015654988); Etsy Open API v3 (no conversations endpoint); checked 2026-12',
  },
  ebay: {
    marketplace: 'ebay',
    // The member-message notification says "We don't check this mailbox, so please don't reply to
    // this message": replies go through eBay Messages (the notification's Reply link).
    replyByMail: false,
    autoAcknowledge: false,
    instead:
      "eBay member messages cannot be answered by mail (eBay doesn't read replies to its notifications): answer in eBay Messages (the link on the card).",
    source: 'eBay member-message notification footer; eBay Help: My Messages; checked 2026-12',
  },
  email: {
    marketplace: 'email',
    replyByMail: true,
    autoAcknowledge: true,
    source:
      'a buyer writing to the shop directly (ecommerce-customer-service-access seed: acknowledge receipt, state the time for a full answer)',
  },
};

/** The rule for a mail: its marketplace's, or the one for a buyer writing directly. */
export function replyRuleFor(marketplace: Marketplace | null | undefined): ReplyRule {
  return REPLY_RULES[marketplace ?? 'email'];
}
