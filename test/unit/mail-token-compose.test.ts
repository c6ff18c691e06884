import { describe, expect, it } from 'vitest';
import { caseFromMail, caseToken, findCaseTokens, subjectTag, verifyCaseToken } from '../../src/mail/case-token.js';
import { composeMail, referencesFor, replySubject } from '../../src/mail/compose.js';
import { mailAddress } from '../../src/mail/headers.js';

const SECRET = 'mail-token-secret-0123456789abcdef';
const other = 'another-deployment-secret-000000000';

describe('case tokens', () => {
  it('are stable per team and case, and verify only with the secret and the team', () => {
    const t = caseToken(SECRET, { teamId: 'team-a', caseId: 42 });
    expect(t).toMatch(/^c42-[a-z2-7]{10}$/);
    expect(caseToken(SECRET, { teamId: 'team-a', caseId: 42 })).toBe(t);
    expect(verifyCaseToken(SECRET, t, 'team-a')).toBe(42);
    expect(verifyCaseToken(SECRET, t.toUpperCase(), 'team-a')).toBe(42);
    expect(verifyCaseToken(SECRET, t, 'team-b')).toBeNull();
    expect(verifyCaseToken(other, t, 'team-a')).toBeNull();
    // Another case's number with this case's mac, or a guessed mac: refused.
    expect(verifyCaseToken(SECRET, t.replace('c42-', 'c43-'), 'team-a')).toBeNull();
    expect(verifyCaseToken(SECRET, 'c42-aaaaaaaaaa', 'team-a')).toBeNull();
    expect(() => caseToken('short', { teamId: 'a', caseId: 1 })).toThrow(/at least 16 bytes/);
  });

  it('are found in our Message-IDs the buyer refers to, in plus-addresses and in the subject', () => {
    const t = caseToken(SECRET, { teamId: 'team-a', caseId: 7 });
    const u = caseToken(SECRET, { teamId: 'team-a', caseId: 8 });
    const mail = {
      inReplyTo: `<sd.${t}.o3@acme.example>`,
      references: ['<first@mail.test>', `<x.${u}@mail.test>`],
      to: [mailAddress(`desk+${u}@acme.example`)!],
      cc: [],
      deliveredTo: [],
      subject: `Re: Your order ${subjectTag(t)}`,
    };
    // A token-shaped word inside someone else's Message-ID does not count.
    expect(findCaseTokens(mail)).toEqual([
      { caseId: 7, token: t, where: 'references' },
      { caseId: 8, token: u, where: 'address' },
    ]);
    expect(caseFromMail(SECRET, mail, 'team-a')).toBe(7);
    expect(caseFromMail(SECRET, mail, 'team-b')).toBeNull();
    expect(caseFromMail(SECRET, { ...mail, inReplyTo: null, to: [], subject: 'Re: [ref:c7-zzzzzzzzzz]' }, 'team-a')).toBeNull();
  });
});

describe('composing an answer', () => {
  const token = caseToken(SECRET, { teamId: 'team-a', caseId: 42 });
  const original = {
    subject: 'Re: AW: Broken bowl [ref:c1-aaaaaaaaaa]',
    messageId: '<CAF=dana.0002@mail.test>',
    references: ['<order-a1@acme.example>', '<sd.c1-aaaaaaaaaa.o1@acme.example>'],
  };

  it('threads under the buyer mail, carries the token, marks our mail', () => {
    const out = composeMail({
      kind: 'reply',
      from: 'Acme Ceramics <support@acme.example>',
      to: 'Dana.Smith@mail.test',
      original,
      token,
      outboxId: 17,
      text: 'Hello Dana,\r\na new bowl is on its way.',
      plusReplyTo: true,
    });
    expect(out).toEqual({
      kind: 'reply',
      from: '"Acme Ceramics" <support@acme.example>',
      to: ['dana.smith@mail.test'],
      replyTo: `"Acme Ceramics" <support+${token}@acme.example>`,
      subject: `Re: Broken bowl [ref:${token}]`,
      text: 'Hello Dana,\na new bowl is on its way.',
      messageId: `<sd.${token}.o17@acme.example>`,
      inReplyTo: '<CAF=dana.0002@mail.test>',
      references: ['<order-a1@acme.example>', '<sd.c1-aaaaaaaaaa.o1@acme.example>', '<CAF=dana.0002@mail.test>'],
      headers: { 'X-SellerDesk-Mail': 'reply' },
    });
  });

  it('an acknowledgement says it is automatic (RFC 3834), so no responder answers it back', () => {
    const out = composeMail({
      kind: 'acknowledgement',
      from: 'support@acme.example',
      to: 'dana@mail.test',
      original,
      token,
      outboxId: 18,
      text: 'We got it.',
    });
    expect(out.headers).toEqual({
      'X-SellerDesk-Mail': 'acknowledgement',
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    });
    expect(out.replyTo).toBeUndefined();
  });

  it('no CR/LF from the buyer reaches a header; bad addresses are refused', () => {
    const out = composeMail({
      kind: 'reply',
      from: '"Acme\r\nBcc: x@evil.test" <support@acme.example>',
      to: 'dana@mail.test',
      original: { subject: 'Hi\r\nBcc: victim@evil.test\u2028X: y', messageId: null, references: [] },
      token,
      outboxId: 19,
      text: 'ok',
    });
    expect(out.subject).toBe(`Re: Hi Bcc: victim@evil.test X: y [ref:${token}]`);
    expect(out.from).toBe('"Acme Bcc: x@evil.test" <support@acme.example>');
    for (const v of [out.subject, out.from, ...out.to, out.messageId, ...Object.values(out.headers)]) expect(v).not.toMatch(/[\r\n\u2028]/);
    expect(out.inReplyTo).toBeUndefined();
    expect(() =>
      composeMail({ kind: 'reply', from: 'support@acme.example', to: 'a@b.test\r\nBcc: c@d.test', original, token, outboxId: 1, text: '' }),
    ).toThrow(/recipient is not an address/);
    expect(() =>
      composeMail({ kind: 'reply', from: 'support@acme.example', to: 'a@b.test', original, token: 'c1-nope', outboxId: 1, text: '' }),
    ).toThrow(/not a case token/);
  });

  it('keeps subjects short and References within 20, the first one kept', () => {
    expect(replySubject('x'.repeat(500), token).length).toBeLessThanOrEqual(200);
    expect(replySubject('', token)).toBe(`Re: your message [ref:${token}]`);
    const refs = Array.from({ length: 30 }, (_, i) => `<r${i}@mail.test>`);
    const out = referencesFor({ messageId: '<last@mail.test>', references: refs });
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('<r0@mail.test>');
    expect(out.at(-1)).toBe('<last@mail.test>');
  });
});
