/**
 * The mail edge: IMAP in (a watcher per mailbox), SMTP out, and everything between raw RFC 822
 * and SellerDesk's normalised InboundMail. Nothing above the edges imports imapflow, mailparser
 * or nodemailer; they import this room's types and pure functions.
 */
export type {
  Automated,
  AutomatedKind,
  InboundMail,
  MailAddress,
  MailAttachment,
  MailLimits,
  MailProblem,
  MailProblemCode,
  Marketplace,
  MarketplaceNotice,
  ReplyRule,
} from './types.js';
export { DEFAULT_MAIL_LIMITS, MAIL_PROBLEM_CODES } from './types.js';
export { parseMail, type MailSource, type ParseOptions, type ParsedMail } from './parse-mail.js';
export { SELLERDESK_MAIL_HEADER, cleanHeaderValue, mailAddress, type SellerDeskMailKind } from './headers.js';
export { REPLY_RULES, replyRuleFor, isAmazonRelay, detectMarketplace } from './marketplaces/index.js';
export {
  mailboxConfigSchema,
  mailboxesSchema,
  imapServerFor,
  smtpServerFor,
  serverOf,
  type MailboxConfig,
  type AddressRule,
} from './mailbox-config.js';
export { routeMail, mayAcknowledge, type MailRoute, type RouteResult } from './routing.js';
export {
  caseToken,
  verifyCaseToken,
  findCaseTokens,
  caseFromMail,
  subjectTag,
  isCaseTokenTag,
  type CaseRef,
  type TokenCandidate,
} from './case-token.js';
export { composeMail, replySubject, referencesFor, type ComposeInput, type OutgoingMail } from './compose.js';
export { MailSender, createSmtpTransport, toSendMailOptions, type SmtpOptions } from './smtp.js';
export { MailboxWatcher, replicaName, type MailMeta, type OnMail, type RoundResult, type WatcherOptions } from './watcher.js';
export type { ImapServer } from './imap-session.js';
