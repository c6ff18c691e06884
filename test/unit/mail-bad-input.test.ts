import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/mail/parse-mail.js';
import type { MailProblemCode } from '../../src/mail/types.js';

const mail = (headers: string[], body: string) => [...headers, '', body].join('\r\n');
const base = [
  'From: Dana <dana@mail.test>',
  'To: support@shop.test',
  'Subject: Help',
  'Date: Mon, 23 Nov 2026 10:00:00 +0000',
  'Message-ID: <m1@mail.test>',
];
const codes = (problems: Array<{ code: MailProblemCode }>) => problems.map((p) => p.code);

/** A message streamed in 64 KiB chunks: `size` bytes of base64 attachment, never held whole. */
function bigMail(attachmentBytes: number): Readable {
  const head = [
    ...base,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The parcel arrived crushed, video attached.',
    '--b1',
    'Content-Type: video/mp4; name="unboxing.mp4"',
    'Content-Disposition: attachment; filename="unboxing.mp4"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const line = Buffer.alloc(57, 7).toString('base64') + '\r\n'; // 57 bytes -> one 76-char line
  const lines = Math.ceil(attachmentBytes / 57);
  let sent = -1;
  return new Readable({
    read() {
      if (sent === -1) {
        sent = 0;
        this.push(head);
        return;
      }
      if (sent >= lines) {
        this.push('--b1--\r\n');
        this.push(null);
        return;
      }
      const n = Math.min(1000, lines - sent);
      this.push(line.repeat(n));
      sent += n;
    },
  });
}

describe('bad input: each a clear reason, never a throw', () => {
  it('malformed MIME: a boundary that never appears still gives the buyer words', async () => {
    const { mail: m } = await parseMail(
      mail([...base, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="nope"'], 'My order never came, please help.\r\n'),
    );
    expect(m.problems).toContainEqual({ code: 'malformed_mime', detail: 'multipart boundary "nope" never appears' });
    expect(m.text).toContain('My order never came, please help.');
  });

  it('malformed MIME: no boundary parameter, an unclosed part, header garbage', async () => {
    const noBoundary = await parseMail(mail([...base, 'Content-Type: multipart/alternative'], 'Where is my parcel?'));
    expect(noBoundary.mail.problems).toContainEqual({ code: 'malformed_mime', detail: 'a multipart part declares no boundary' });
    expect(noBoundary.mail.text).toContain('Where is my parcel?');

    const unclosed = await parseMail(
      mail([...base, 'Content-Type: multipart/mixed; boundary="b"'], '--b\r\nContent-Type: text/plain\r\n\r\nThe lid is cracked.\r\n'),
    );
    expect(unclosed.mail.problems).toContainEqual({ code: 'malformed_mime', detail: 'multipart boundary "b" is never closed' });
    expect(unclosed.mail.text).toBe('The lid is cracked.');

    const garbage = await parseMail('this is not a mail header\r\nnor this\r\n\r\nbody text');
    expect(codes(garbage.mail.problems)).toEqual(expect.arrayContaining(['malformed_mime', 'missing_message_id']));
    expect(garbage.mail.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(garbage.mail.from).toBeNull();

    const empty = await parseMail('');
    expect(codes(empty.mail.problems)).toContain('no_text');
  });

  it('unknown and refused charsets are named; the text is read as UTF-8', async () => {
    const { mail: m } = await parseMail(
      mail(
        [
          ...base.filter((h) => !h.startsWith('Subject')),
          'Subject: =?x-klingon?Q?Qapla=27?=',
          'Content-Type: text/plain; charset="x-klingon"',
        ],
        'Caf\u00e9 mug arrived broken',
      ),
    );
    expect(m.problems).toContainEqual({ code: 'unknown_charset', detail: 'charset "x-klingon" is unknown; its text was read as UTF-8' });
    expect(m.text).toBe('Café mug arrived broken');
    expect(m.subject).toBe("Qapla'");

    const utf7 = await parseMail(mail([...base, 'Content-Type: text/plain; charset=utf-7'], '+ADw-script+AD4-'));
    expect(utf7.mail.problems).toContainEqual({
      code: 'unknown_charset',
      detail: 'charset "utf-7" is not decoded (it can hide markup); its text is kept as written',
    });
    expect(utf7.mail.text).toBe('+ADw-script+AD4-');
  });

  it('a 30 MB mail is read as a stream: the text kept, the video listed as too large, the raw as its header block', async () => {
    const { mail: m, raw } = await parseMail(bigMail(30 * 1024 * 1024));
    expect(m.sizeBytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(m.text).toBe('The parcel arrived crushed, video attached.');
    expect(m.attachments).toEqual([
      expect.objectContaining({
        filename: 'unboxing.mp4',
        contentType: 'video/mp4',
        tooLarge: true,
        size: Math.ceil((30 * 1024 * 1024) / 57) * 57,
      }),
    ]);
    expect(m.attachments[0]!.content).toBeUndefined();
    expect(m.rawKept).toBe('headers');
    expect(raw.toString('utf8')).toMatch(/^From: Dana[\s\S]*boundary="b1"\r\n\r\n$/);
    expect(codes(m.problems)).toEqual(['attachment_too_large', 'too_large_for_raw']);
    expect(m.problems[0]!.detail).toMatch(/an attachment of \d+ bytes is over the 10485760-byte limit/);
  });

  it('past maxMessageBytes nothing more is read, and the mail says so', async () => {
    const { mail: m } = await parseMail(bigMail(3 * 1024 * 1024), { limits: { maxMessageBytes: 1024 * 1024 } });
    expect(m.sizeBytes).toBe(1024 * 1024);
    expect(m.problems).toContainEqual({ code: 'truncated', detail: 'the message is larger than 1048576 bytes; the rest was not read' });
    expect(m.text).toBe('The parcel arrived crushed, video attached.');
  });

  it('500 recipients are all kept; more than the limit are cut with a reason', async () => {
    const to = Array.from({ length: 500 }, (_, i) => `buyer${i}@mail.test`).join(', ');
    const { mail: m } = await parseMail(
      mail([...base.filter((h) => !h.startsWith('To')), `To: ${to}`, 'Cc: support@shop.test'], 'Group order question'),
    );
    expect(m.to).toHaveLength(500);
    expect(m.to[499]!.address).toBe('buyer499@mail.test');
    expect(m.problems).toEqual([]);

    const many = Array.from({ length: 1500 }, (_, i) => `b${i}@mail.test`).join(', ');
    const cut = await parseMail(mail([...base.filter((h) => !h.startsWith('To')), `To: ${many}`], 'x'));
    expect(cut.mail.to).toHaveLength(1000);
    expect(cut.mail.problems).toContainEqual({ code: 'recipients_truncated', detail: 'to lists 1500 addresses; the first 1000 are kept' });
  });

  it('HTML-only mail: plain text, no script, no tracking pixel, links kept as text', async () => {
    const html = [
      '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body>',
      '<p>Hi! The <b>teapot</b> leaks.</p><img src="https://track.example/open.gif?u=1" width="1" height="1">',
      '<p>Order page: <a href="https://shop.test/orders/A-1">my order</a> <a href="javascript:alert(1)">click</a></p>',
      '<iframe src="https://evil.example/frame"></iframe><script>document.cookie</script></body></html>',
    ].join('');
    const { mail: m } = await parseMail(mail([...base, 'Content-Type: text/html; charset=utf-8'], html));
    expect(m.textSource).toBe('html');
    expect(m.text).toBe('Hi! The teapot leaks.\n\nOrder page: my order [https://shop.test/orders/A-1] click');
    expect(m.fullText).not.toMatch(/alert|cookie|track\.example|evil\.example|color:red|javascript/);
    expect(m.problems).toEqual([
      { code: 'html_only', detail: 'the mail has only an HTML body; it was turned into plain text' },
      { code: 'remote_content_dropped', detail: 'left out of the text: 1 images, 2 scripts, 1 frames' },
    ]);
  });

  it('newlines injected through encoded words never reach a header value', async () => {
    const { mail: m } = await parseMail(
      mail(
        [
          'From: =?utf-8?B?RGFuYQ0KQmNjOiB2aWN0aW1AZXZpbC50ZXN0?= <dana@mail.test>',
          'To: support@shop.test',
          'Subject: =?utf-8?Q?Refund=0D=0ABcc:_victim@evil.test?=',
          'Message-ID: <m2@mail.test>',
          'In-Reply-To: <ok@shop.test>\r\n\tjunk',
        ],
        'Refund please',
      ),
    );
    expect(m.subject).toBe('Refund Bcc: victim@evil.test');
    expect(m.from!.name).toBe('Dana Bcc: victim@evil.test');
    expect(m.inReplyTo).toBe('<ok@shop.test>');
    expect(m.problems).toContainEqual({
      code: 'header_control_chars',
      detail: 'the Subject carried line breaks or control characters (removed)',
    });
    for (const v of [m.subject, m.from!.name, m.from!.address, m.inReplyTo!]) expect(v).not.toMatch(/[\r\n]/);
  });

  it('a bad Message-ID or Date is recorded, never guessed', async () => {
    const { mail: m } = await parseMail(
      mail(['From: dana@mail.test', 'Message-ID: not-an-id', 'Date: the day after tomorrow', 'Subject: x'], 'body'),
    );
    expect(m.messageId).toBeNull();
    expect(m.dedupeKey).toMatch(/^sha256:/);
    expect(m.date).toBeNull();
    expect(codes(m.problems)).toEqual(expect.arrayContaining(['bad_message_id', 'bad_date']));
  });

  it('auto-replies, bulk mail, bounces and our own mail are recognised', async () => {
    const kind = async (extra: string[], from = 'From: Dana <dana@mail.test>') =>
      (await parseMail(mail([from, 'To: support@shop.test', 'Subject: x', 'Message-ID: <a@b.test>', ...extra], 'Away'))).mail.automated;
    expect(await kind(['Auto-Submitted: auto-replied'])).toEqual({ kind: 'auto-replied', sign: 'auto-submitted: auto-replied' });
    expect(await kind(['Auto-Submitted: auto-generated'])).toMatchObject({ kind: 'auto-generated' });
    expect(await kind(['Auto-Submitted: no'])).toBeNull();
    expect(await kind(['Precedence: bulk'])).toMatchObject({ kind: 'bulk' });
    expect(await kind(['Precedence: junk'])).toMatchObject({ kind: 'bulk' });
    expect(await kind(['Precedence: list'])).toMatchObject({ kind: 'bulk' });
    expect(await kind(['X-Autoreply: yes'])).toMatchObject({ kind: 'auto-replied' });
    expect(await kind(['Content-Type: multipart/report; report-type=delivery-status; boundary="r"'])).toMatchObject({ kind: 'bounce' });
    expect(await kind([], 'From: MAILER-DAEMON@mx.mail.test')).toMatchObject({ kind: 'bounce' });
    expect(await kind(['X-SellerDesk-Mail: acknowledgement'])).toEqual({
      kind: 'own-acknowledgement',
      sign: 'X-SellerDesk-Mail: acknowledgement',
    });
    expect(await kind(['X-SellerDesk-Mail: reply'])).toMatchObject({ kind: 'own-mail' });
    expect(await kind([])).toBeNull();
  });
});
