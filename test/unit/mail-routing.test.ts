import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config-file.js';
import { mailAddress } from '../../src/mail/headers.js';
import { imapServerFor, mailboxConfigSchema, smtpServerFor, type MailboxConfig } from '../../src/mail/mailbox-config.js';
import { REPLY_RULES } from '../../src/mail/marketplaces/reply-rules.js';
import { mayAcknowledge, routeMail } from '../../src/mail/routing.js';
import type { InboundMail, MarketplaceNotice } from '../../src/mail/types.js';

const write = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sd-mailcfg-')), 'c.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};
const shops = [
  { id: 'acme', team: 'default' },
  { id: 'acme-etsy', team: 'default' },
  { id: 'acme-amazon', team: 'default' },
];
const box = (extra: Record<string, unknown> = {}) => ({
  id: 'acme-desk',
  url: 'imaps://desk%40acme.example@imap.mail.example:993',
  passwordEnv: 'ACME_DESK_IMAP_PASSWORD',
  shop: 'acme',
  ...extra,
});
const parse = (extra: Record<string, unknown> = {}): MailboxConfig => mailboxConfigSchema.parse(box(extra));

describe('the config file: mailboxes', () => {
  it('accepts a mailbox and fills the defaults', () => {
    const { config } = loadConfigFile(write({ shops, mailboxes: [box()] }));
    expect(config.mailboxes![0]).toMatchObject({
      folder: 'INBOX',
      kind: 'message',
      autoAcknowledge: false,
      pollSeconds: 60,
      initialSync: 'unseen',
    });
    expect(imapServerFor(config.mailboxes![0]!, { ACME_DESK_IMAP_PASSWORD: 'app-pass' })).toEqual({
      host: 'imap.mail.example',
      port: 993,
      secure: true,
      user: 'desk@acme.example',
      password: 'app-pass',
    });
    expect(smtpServerFor(config.mailboxes![0]!, {})).toBeNull();
    // Without the file's mailboxes the config is as before.
    expect(loadConfigFile(write({ shops })).config.mailboxes).toBeUndefined();
  });

  it('names the file, the key and the problem', () => {
    const bad = (mb: Record<string, unknown>, re: RegExp) => expect(() => loadConfigFile(write({ shops, mailboxes: [mb] }))).toThrow(re);
    bad(
      box({ url: 'imaps://desk%40acme.example:secret@imap.mail.example' }),
      /c\.json: mailboxes\.0\.url: never put the password in the file/,
    );
    bad(box({ url: 'pop3://desk@imap.mail.example' }), /mailboxes\.0\.url: the scheme must be imaps or imap/);
    bad(box({ url: 'imaps://imap.mail.example' }), /mailboxes\.0\.url: the user is missing/);
    bad(box({ passwordEnv: 'lower-case' }), /mailboxes\.0\.passwordEnv: an environment variable name/);
    bad(box({ shop: 'nope' }), /mailboxes\.0\.shop: unknown shop "nope"; add it under "shops"/);
    bad(box({ shop: undefined }), /mailboxes\.0\.shop: name a shop, or rules/);
    bad(box({ addresses: [{ address: 'not an address', kind: 'return' }] }), /mailboxes\.0\.addresses\.0\.address: an address like/);
    bad(box({ addresses: [{ address: 'returns@acme.example', kind: 'refund' }] }), /mailboxes\.0\.addresses\.0\.kind/);
    bad(box({ marketplaces: { etsy: 'ghost' } }), /mailboxes\.0\.marketplaces\.etsy: unknown shop "ghost"/);
    bad(
      box({ smtp: { url: 'smtps://desk%40acme.example@smtp.mail.example', passwordEnv: 'X', from: 'nobody' } }),
      /mailboxes\.0\.smtp\.from/,
    );
    expect(() => loadConfigFile(write({ shops, mailboxes: [box(), box()] }))).toThrow(
      /mailboxes\.1\.id: mailbox id "acme-desk" is used twice/,
    );
    expect(() => imapServerFor(parse(), {})).toThrow(/^ACME_DESK_IMAP_PASSWORD: not set; it holds the password of mailbox "acme-desk"/);
  });
});

const addr = (a: string) => mailAddress(a)!;
const inbound = (o: Partial<InboundMail> = {}): Pick<InboundMail, 'deliveredTo' | 'to' | 'cc' | 'marketplace' | 'automated' | 'from'> => ({
  deliveredTo: [],
  to: [addr('desk@acme.example')],
  cc: [],
  marketplace: null,
  automated: null,
  from: addr('dana@mail.test'),
  ...o,
});
const notice = (marketplace: MarketplaceNotice['marketplace']): MarketplaceNotice => ({
  marketplace,
  buyerName: 'Dana',
  orderId: null,
  itemId: null,
  text: 'hi',
  link: null,
  replyTo: null,
  rule: REPLY_RULES[marketplace],
});

describe('routing a mail to its shop and case kind', () => {
  const config = parse({
    autoAcknowledge: true,
    addresses: [
      { address: 'returns@acme.example', kind: 'return' },
      { address: 'desk+wholesale@acme.example', kind: 'message', autoAcknowledge: false },
      { address: '*@etsy-shop.example', shop: 'acme-etsy' },
    ],
    plusTags: { etsy: 'acme-etsy' },
    marketplaces: { amazon: 'acme-amazon', etsy: 'acme-etsy' },
  });

  it('support@ becomes a message of the mailbox shop, returns@ a return', () => {
    expect(routeMail(config, inbound())).toEqual({
      ok: true,
      route: { shopId: 'acme', kind: 'message', autoAcknowledge: true, matchedBy: 'mailbox' },
    });
    expect(routeMail(config, inbound({ to: [addr('Returns+x@ACME.example')] }))).toEqual({
      ok: true,
      route: { shopId: 'acme', kind: 'return', autoAcknowledge: true, matchedBy: 'mailbox' },
    });
  });

  it('Delivered-To decides before To; a plus tag names a shop; an exact plus address beats its mailbox', () => {
    const mail = inbound({ deliveredTo: [addr('desk+etsy@acme.example')], to: [addr('returns@acme.example')] });
    expect(routeMail(config, mail)).toMatchObject({
      ok: true,
      route: { shopId: 'acme-etsy', matchedBy: 'plus-tag', address: 'desk+etsy@acme.example' },
    });
    expect(routeMail(config, inbound({ to: [addr('desk+wholesale@acme.example')] }))).toMatchObject({ route: { autoAcknowledge: false } });
    expect(routeMail(config, inbound({ to: [addr('orders@etsy-shop.example')] }))).toMatchObject({
      route: { shopId: 'acme-etsy', matchedBy: 'address' },
    });
  });

  it('a case token in the plus tag is not read as a shop tag', () => {
    expect(routeMail(config, inbound({ to: [addr('desk+c42-abcdefghij@acme.example')] }))).toMatchObject({
      route: { shopId: 'acme', matchedBy: 'mailbox' },
    });
  });

  it('marketplace notifications go to the shop named for the marketplace, and are never acknowledged', () => {
    expect(routeMail(config, inbound({ marketplace: notice('amazon') }))).toEqual({
      ok: true,
      route: { shopId: 'acme-amazon', kind: 'message', autoAcknowledge: false, matchedBy: 'marketplace' },
    });
    expect(routeMail(config, inbound({ marketplace: notice('ebay') }))).toMatchObject({
      route: { shopId: 'acme', autoAcknowledge: false },
    });
  });

  it('a mail no rule claims, in a mailbox without its own shop, is not routed (with the reason)', () => {
    const noDefault = parse({ shop: undefined, plusTags: { etsy: 'acme-etsy' } });
    expect(routeMail(noDefault, inbound())).toEqual({ ok: false, reason: 'no rule of mailbox "acme-desk" names a shop for this mail' });
  });

  it('acknowledges no machine, no no-reply address and no marketplace that forbids it', () => {
    expect(mayAcknowledge(inbound())).toBe(true);
    expect(mayAcknowledge(inbound({ automated: { kind: 'auto-replied', sign: 'auto-submitted: auto-replied' } }))).toBe(false);
    expect(mayAcknowledge(inbound({ from: addr('no-reply@shop.test') }))).toBe(false);
    expect(mayAcknowledge(inbound({ from: addr('noreply+x@shop.test') }))).toBe(false);
    expect(mayAcknowledge(inbound({ from: null }))).toBe(false);
    for (const m of ['amazon', 'etsy', 'ebay'] as const) expect(mayAcknowledge(inbound({ marketplace: notice(m) }))).toBe(false);
  });
});
