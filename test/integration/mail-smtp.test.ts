import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFromMail, caseToken } from '../../src/mail/case-token.js';
import { composeMail } from '../../src/mail/compose.js';
import { parseMail } from '../../src/mail/parse-mail.js';
import { MailSender } from '../../src/mail/smtp.js';
import { TestSmtpServer } from '../support/smtp-server.js';

const SECRET = 'mail-token-secret-0123456789abcdef';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');

describe('answers by mail, through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let sender: MailSender;
  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    sender = new MailSender({ url: smtp.url, timeoutMs: 3000 });
  });
  afterAll(async () => {
    sender.close();
    await smtp.stop();
  });

  it("a reply threads under the buyer's mail, and the buyer's answer to it comes back to the case", async () => {
    const { mail: buyer } = await parseMail(readFileSync(join(FIXTURES, 'buyer-direct.eml')));
    const token = caseToken(SECRET, { teamId: 'team-a', caseId: 42 });
    const out = composeMail({
      kind: 'reply',
      from: 'Acme Ceramics <returns@acme-ceramics.example>',
      to: buyer.from!.address,
      original: buyer,
      token,
      outboxId: 5,
      text: 'Hello Dana,\nsorry about the bowl: a new one ships today.\n\nAcme',
    });
    const sent = await sender.send(out);
    expect(sent.messageId).toBe(`<sd.${token}.o5@acme-ceramics.example>`);
    await smtp.received(1);
    const got = smtp.mails.at(-1)!;
    expect(got.to).toEqual(['dana.smith@mail.test']);
    expect(got.from).toBe('returns@acme-ceramics.example');
    const p = got.parsed;
    expect(p.messageId).toBe(`<sd.${token}.o5@acme-ceramics.example>`);
    expect(p.inReplyTo).toBe('<CAF=dana.0001@mail.test>');
    expect(p.references).toEqual(['<order-a1@acme-ceramics.example>', '<sd-reply-7@acme-ceramics.example>', '<CAF=dana.0001@mail.test>']);
    expect(p.subject).toBe(`Re: Your order A-1 [ref:${token}]`);
    expect(p.text).toBe('Hello Dana,\nsorry about the bowl: a new one ships today.\n\nAcme\n');
    expect(p.headers.get('x-sellerdesk-mail')).toBe('reply');
    expect(p.headers.get('auto-submitted')).toBeUndefined();

    // The buyer answers from their mail program: the answer finds case 42 by its threading headers.
    const answer = [
      'From: Dana Smith <dana.smith@mail.test>',
      'To: returns@acme-ceramics.example',
      `Subject: Re: ${p.subject}`,
      'Message-ID: <CAF=dana.0003@mail.test>',
      `In-Reply-To: ${p.messageId}`,
      `References: ${[...(p.references as string[]), p.messageId].join(' ')}`,
      '',
      'Thank you!',
      '',
      `On Mon, Nov 30, 2026 at 10:00 AM Acme Ceramics <returns@acme-ceramics.example> wrote:`,
      '> Hello Dana,',
    ].join('\r\n');
    const { mail: back } = await parseMail(answer);
    expect(back.text).toBe('Thank you!');
    expect(caseFromMail(SECRET, back, 'team-a')).toBe(42);
    // Another team's mailbox cannot claim it.
    expect(caseFromMail(SECRET, back, 'team-b')).toBeNull();
  });

  it('an acknowledgement is marked automatic and comes back as our own, never a case', async () => {
    const token = caseToken(SECRET, { teamId: 'team-a', caseId: 43 });
    const out = composeMail({
      kind: 'acknowledgement',
      from: 'support@acme-ceramics.example',
      to: 'dana.smith@mail.test',
      original: { subject: 'Where is my order?', messageId: '<q@mail.test>', references: [] },
      token,
      outboxId: 6,
      text: 'Thanks, we have your message.',
    });
    await sender.send(out);
    await smtp.received(2);
    const got = smtp.mails.at(-1)!;
    expect(got.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const { mail } = await parseMail(got.data);
    expect(mail.automated).toEqual({ kind: 'own-acknowledgement', sign: 'X-SellerDesk-Mail: acknowledgement' });
  });

  it('a subject carrying CR/LF adds no header and no recipient', async () => {
    const token = caseToken(SECRET, { teamId: 'team-a', caseId: 44 });
    const { mail: hostile } = await parseMail(
      'From: x@mail.test\r\nTo: support@acme-ceramics.example\r\nSubject: =?utf-8?B?SGkNCkJjYzogdmljdGltQGV2aWwudGVzdA==?=\r\nMessage-ID: <h@mail.test>\r\n\r\nhi',
    );
    await sender.send(
      composeMail({
        kind: 'reply',
        from: 'support@acme-ceramics.example',
        to: 'x@mail.test',
        original: hostile,
        token,
        outboxId: 7,
        text: 'ok',
      }),
    );
    await smtp.received(3);
    const got = smtp.mails.at(-1)!;
    expect(got.to).toEqual(['x@mail.test']);
    expect(got.parsed.bcc).toBeUndefined();
    expect(got.parsed.subject).toBe(`Re: Hi Bcc: victim@evil.test [ref:${token}]`);
    expect(got.data).not.toMatch(/^bcc:/im);
  });
});
