import { z } from 'zod';
import { ConfigError } from '../config.js';
import { CASE_KINDS } from '../domain/types.js';
import { mailAddress } from './headers.js';

/**
 * The config file's `mailboxes`: which IMAP folders SellerDesk watches, how each mail finds its
 * shop and case kind, and the SMTP server its answers leave by. Passwords never live in the
 * file: each names the environment variable that holds it (`passwordEnv`).
 */

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "-", "_" or "." (at most 64)');
const shopRef = z.string().min(1);
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'an environment variable name such as ACME_IMAP_PASSWORD');
const addressPattern = z
  .string()
  .refine(
    (a) => /^\*@[a-z0-9.-]+\.[a-z]{2,}$/i.test(a) || mailAddress(a) !== null,
    'an address like returns@shop.example, or *@shop.example',
  );

/** A server URL: scheme, user, host, optional port; no password (that is `passwordEnv`). */
function serverUrl(schemes: Record<string, number>, example: string) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `a URL like ${example}` });
      return;
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (!(scheme in schemes))
      ctx.addIssue({ code: 'custom', message: `the scheme must be ${Object.keys(schemes).join(' or ')} (${example})` });
    if (!url.hostname) ctx.addIssue({ code: 'custom', message: `a host is missing (${example})` });
    if (!url.username) ctx.addIssue({ code: 'custom', message: `the user is missing; write it before the host, "@" as %40 (${example})` });
    if (url.password)
      ctx.addIssue({ code: 'custom', message: 'never put the password in the file: name its environment variable in "passwordEnv"' });
    if (url.pathname && url.pathname !== '/') ctx.addIssue({ code: 'custom', message: 'no path: the folder goes in "folder"' });
  });
}

const imapUrl = serverUrl({ imaps: 993, imap: 143 }, 'imaps://support%40shop.example@imap.example.com:993');
const smtpUrl = serverUrl({ smtps: 465, smtp: 587 }, 'smtps://support%40shop.example@smtp.example.com:465');

export const addressRuleSchema = z.object({
  /** An address of this mailbox (any plus tag of it matches too), or *@domain. */
  address: addressPattern,
  shop: shopRef.optional(),
  kind: z.enum(CASE_KINDS).optional(),
  autoAcknowledge: z.boolean().optional(),
});

export const mailboxConfigSchema = z
  .object({
    id,
    /** imaps://user@host:port (TLS) or imap://user@host:port (STARTTLS when offered, else plain). */
    url: imapUrl,
    passwordEnv: envName,
    folder: z.string().min(1).max(200).default('INBOX'),
    /** The shop for mail no rule below claims. */
    shop: shopRef.optional(),
    /** The case kind for mail no address rule gives one (default message). */
    kind: z.enum(CASE_KINDS).default('message'),
    /** Per address of the mailbox (matched on Delivered-To, then To and Cc): shop, kind, acknowledgement. */
    addresses: z.array(addressRuleSchema).max(200).default([]),
    /** Plus-address tags to shops: desk+etsy@… → the shop named for "etsy". */
    plusTags: z.record(z.string().regex(/^[a-z0-9._-]{1,64}$/, 'a lowercase tag'), shopRef).default({}),
    /** Marketplace notifications (Amazon relay, Etsy, eBay) to shops. */
    marketplaces: z.partialRecord(z.enum(['amazon', 'etsy', 'ebay']), shopRef).default({}),
    /** Send an acknowledgement with the expected time for a full answer (never where the marketplace forbids it). */
    autoAcknowledge: z.boolean().default(false),
    /** Where answers leave from. Without it, the desk cannot answer this mailbox's cases by mail. */
    smtp: z
      .object({
        url: smtpUrl,
        passwordEnv: envName,
        /** The From of every answer, e.g. "Acme Ceramics <support@acme.example>". */
        from: z.string().refine((f) => mailAddress(/<([^>]+)>\s*$/.exec(f)?.[1] ?? f) !== null, 'an address, or "Name <address>"'),
        /** Put the case token in a plus-address Reply-To (support+c42-…@…): only for providers with plus addressing. */
        plusReplyTo: z.boolean().default(false),
      })
      .optional(),
    /** Polling interval when the server has no IDLE (and the lease renewal rhythm otherwise). */
    pollSeconds: z.number().int().min(10).max(3600).default(60),
    /** On first contact (or after a UIDVALIDITY change): read the folder's unseen mail, only new mail, or all of it. */
    initialSync: z.enum(['unseen', 'new', 'all']).default('unseen'),
  })
  .superRefine((m, ctx) => {
    const targets = m.shop || m.addresses.some((a) => a.shop) || Object.keys(m.plusTags).length || Object.keys(m.marketplaces).length;
    if (!targets)
      ctx.addIssue({
        code: 'custom',
        path: ['shop'],
        message: 'name a shop, or rules (addresses, plusTags, marketplaces) that route to shops',
      });
  });

export type MailboxConfig = z.infer<typeof mailboxConfigSchema>;
export type AddressRule = z.infer<typeof addressRuleSchema>;

export const mailboxesSchema = z.array(mailboxConfigSchema).superRefine((boxes, ctx) => {
  boxes.forEach((b, i) => {
    if (boxes.findIndex((x) => x.id === b.id) !== i)
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `mailbox id "${b.id}" is used twice` });
  });
});

/** Every shop a mailbox routes to, with the config path naming it (checked against "shops" by the config file). */
export function mailboxShopRefs(box: MailboxConfig): Array<{ shop: string; path: Array<string | number> }> {
  return [
    ...(box.shop ? [{ shop: box.shop, path: ['shop'] }] : []),
    ...box.addresses.flatMap((a, i) => (a.shop ? [{ shop: a.shop, path: ['addresses', i, 'shop'] }] : [])),
    ...Object.entries(box.plusTags).map(([tag, shop]) => ({ shop, path: ['plusTags', tag] })),
    ...Object.entries(box.marketplaces).map(([mp, shop]) => ({ shop: shop!, path: ['marketplaces', mp] })),
  ];
}

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
}

/** Host, port, TLS and user of a server URL (already validated by the schema). */
export function serverOf(url: string): ImapTarget {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:' || u.protocol === 'smtps:';
  const defaults: Record<string, number> = { 'imaps:': 993, 'imap:': 143, 'smtps:': 465, 'smtp:': 587 };
  return { host: u.hostname, port: u.port ? Number(u.port) : defaults[u.protocol]!, secure, user: decodeURIComponent(u.username) };
}

/** The password from the environment variable the config names; the error names the variable, never a value. */
export function passwordFrom(env: Record<string, string | undefined>, variable: string, mailboxId: string): string {
  const value = env[variable];
  if (!value) throw new ConfigError(variable, `not set; it holds the password of mailbox "${mailboxId}" (see docs/email.md)`);
  return value;
}

/** The IMAP server of a mailbox with its password from the environment (ConfigError naming the variable when unset). */
export function imapServerFor(box: MailboxConfig, env: Record<string, string | undefined>): ImapTarget & { password: string } {
  return { ...serverOf(box.url), password: passwordFrom(env, box.passwordEnv, box.id) };
}

/** The SMTP server of a mailbox, with its password; null when the mailbox has no smtp (no answers by mail). */
export function smtpServerFor(
  box: MailboxConfig,
  env: Record<string, string | undefined>,
): { url: string; password: string; from: string } | null {
  if (!box.smtp) return null;
  return { url: box.smtp.url, password: passwordFrom(env, box.smtp.passwordEnv, box.id), from: box.smtp.from };
}
