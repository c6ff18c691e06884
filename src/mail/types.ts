/**
 * The normalised shape of one received mail, as the mail edge hands it to the rest of
 * SellerDesk. Everything here is safe to echo into a header (CR/LF stripped) and carries no
 * parser objects. Buyer text lives only in `subject`, `text`, `fullText`, attachment names and
 * `marketplace.text`: never log those.
 */

export interface MailAddress {
  /** Lowercased `local@domain`, plus tag included, as the mail was addressed. */
  address: string;
  /** The display name, CR/LF and control characters removed; '' when none. */
  name: string;
  /** The local part before a `+tag` (lowercased). */
  local: string;
  /** The part after the first `+` of the local part, when there is one (lowercased). */
  tag?: string;
  /** The domain (lowercased, Unicode). */
  domain: string;
  /** `local@domain` without the tag: the mailbox the plus-address belongs to. */
  base: string;
}

export interface MailAttachment {
  /** File name, CR/LF removed; `attachment-<n>` when the mail named none. */
  filename: string;
  contentType: string;
  /** Decoded size in bytes (counted even when the content was not kept). */
  size: number;
  /** The content, when it fit the limits. */
  content?: Buffer;
  /** True when the attachment was larger than the limit: listed, content not kept. */
  tooLarge: boolean;
  /** An inline part (an image inside an HTML body, usually). */
  inline: boolean;
  /** sha256 of the content, hex (computed even when the content was not kept). */
  sha256?: string;
}

export const MAIL_PROBLEM_CODES = [
  'malformed_mime',
  'unknown_charset',
  'parse_error',
  'truncated',
  'too_large_for_raw',
  'attachment_too_large',
  'attachments_over_total',
  'text_truncated',
  'recipients_truncated',
  'missing_message_id',
  'bad_message_id',
  'bad_date',
  'header_control_chars',
  'html_only',
  'remote_content_dropped',
  'no_text',
] as const;
export type MailProblemCode = (typeof MAIL_PROBLEM_CODES)[number];

/**
 * Something about the mail the parser handled instead of throwing. `detail` names what was
 * wrong (a charset name, a byte count, a header name), never the buyer's words: log it freely.
 */
export interface MailProblem {
  code: MailProblemCode;
  detail: string;
}

/** Why a mail counts as machine-sent: no case, no acknowledgement, no loop. */
export type AutomatedKind =
  /** Our own acknowledgement coming back (the SELLERDESK_MAIL_HEADER says so). */
  | 'own-acknowledgement'
  /** Another mail we sent (a reply from the desk) coming back to the mailbox. */
  | 'own-mail'
  /** RFC 3834 Auto-Submitted: auto-replied (out-of-office and other responders). */
  | 'auto-replied'
  /** RFC 3834 Auto-Submitted: auto-generated, or another responder header. */
  | 'auto-generated'
  /** Precedence: bulk / junk / list, or a mailing list's List-Id. */
  | 'bulk'
  /** A delivery status notification (bounce). */
  | 'bounce';

export interface Automated {
  kind: AutomatedKind;
  /** The header (or sign) that told, e.g. "auto-submitted: auto-replied". */
  sign: string;
}

export type Marketplace = 'amazon' | 'etsy' | 'ebay';

/** How a case that came in by mail can be answered. */
export interface ReplyRule {
  marketplace: Marketplace | 'email';
  /** True when a reply by mail reaches the buyer (Amazon's relay address, a buyer's own mail). */
  replyByMail: boolean;
  /** True when an automatic acknowledgement may be sent by mail. */
  autoAcknowledge: boolean;
  /** What the card says when it cannot offer a reply by mail. */
  instead?: string;
  /** Where the rule comes from and when it was checked. */
  source: string;
}

/** What a marketplace notification parser found in a mail. */
export interface MarketplaceNotice {
  marketplace: Marketplace;
  /** The buyer's name or user name as the marketplace shows it. */
  buyerName: string | null;
  orderId: string | null;
  /** eBay item number or Etsy listing, when the notice names one. */
  itemId: string | null;
  /** The buyer's words without the marketplace's boilerplate ('' when the notice does not carry them). */
  text: string;
  /** The link to answer on the marketplace (https only), when the notice has one. */
  link: string | null;
  /** The address a reply by mail goes to (Amazon's anonymised relay), when replies by mail work. */
  replyTo: string | null;
  rule: ReplyRule;
}

export interface InboundMail {
  /** The Message-ID, angle brackets included; null when missing or unusable (see problems). */
  messageId: string | null;
  /** What intake deduplicates on: the Message-ID, or `sha256:<hex>` of the header block when there is none. */
  dedupeKey: string;
  inReplyTo: string | null;
  /** Message-IDs from References (oldest first), at most 100. */
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Delivered-To, X-Original-To, Envelope-To and X-Delivered-To: where the mail was actually delivered. */
  deliveredTo: MailAddress[];
  /** CR/LF-free subject ('' when none). */
  subject: string;
  /** The Date header; null when missing or unparseable (never the parse time). */
  date: Date | null;
  /** The buyer's words: quoted history and signature trimmed (falls back to fullText when trimming leaves nothing). */
  text: string;
  /** The whole text for the case log (plain text part, or the HTML converted to text). */
  fullText: string;
  /** Where fullText came from: the plain part, the HTML part, or (MIME unreadable) the raw body. */
  textSource: 'plain' | 'html' | 'raw' | 'none';
  attachments: MailAttachment[];
  /** Set when the mail is machine-sent (auto-reply, bulk, bounce, our own). */
  automated: Automated | null;
  /** Set when the mail is a marketplace notification (Etsy, Amazon, eBay) this edge recognises. */
  marketplace: MarketplaceNotice | null;
  /** Bytes read of the message. */
  sizeBytes: number;
  /** Whether the `raw` buffer handed along holds the whole message or only its header block. */
  rawKept: 'full' | 'headers';
  problems: MailProblem[];
}

export interface MailLimits {
  /** Read no further than this many bytes of one message (the rest is recorded as truncated). */
  maxMessageBytes: number;
  /** Messages up to this size are handed along in full as `raw`; larger ones as their header block. */
  maxRawBytes: number;
  /** Attachment content kept up to this size each; larger ones are listed as too large. */
  maxAttachmentBytes: number;
  /** Attachment content kept up to this much in total per message. */
  maxAttachmentsTotalBytes: number;
  /** Characters of text kept (fullText). */
  maxTextChars: number;
  /** Addresses kept per address header. */
  maxRecipients: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = {
  maxMessageBytes: 64 * 1024 * 1024,
  maxRawBytes: 10 * 1024 * 1024,
  // Amazon's buyer-seller messages carry attachments up to 10 MB; photos of damage fit.
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxAttachmentsTotalBytes: 25 * 1024 * 1024,
  maxTextChars: 100_000,
  maxRecipients: 1000,
};
