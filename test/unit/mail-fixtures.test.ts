import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/mail/parse-mail.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const read = async (name: string) => (await parseMail(readFileSync(join(FIXTURES, name)))).mail;

describe('marketplace notification samples', () => {
  it('Amazon: buyer, order, item, the words between the markers, the relay to answer', async () => {
    const mail = await read('amazon-inquiry.eml');
    expect(mail.marketplace).toMatchObject({
      marketplace: 'amazon',
      buyerName: 'Dana S.',
      orderId: '114-1234567-7654321',
      itemId: 'B0TESTMUG1',
      replyTo: '7kq2xw9v3mz1bcd@marketplace.amazon.com',
      rule: { replyByMail: true, autoAcknowledge: false },
    });
    expect(mail.text).toBe(
      'Hello, the tracking says delivered on Friday but there is no parcel at my door or with the neighbours. Could you check with the carrier please?\n\nThanks, Dana',
    );
    // The whole notice, boilerplate included, stays in the case log.
    expect(mail.fullText).toContain('For Your Information');
    expect(mail.text).not.toMatch(/For Your Information|commMgrTok|Begin message|ASIN/);
  });

  it('Amazon: a buyer answering by mail above the quoted exchange', async () => {
    const mail = await read('amazon-reply-above-quote.eml');
    expect(mail.textSource).toBe('html');
    expect(mail.marketplace).toMatchObject({ buyerName: 'Laura H.', orderId: '102-5239268-9612243' });
    expect(mail.text).toBe("Yes please, I'd like to exchange it for the 14/16.");
    expect(mail.inReplyTo).toBe('<sd-reply-41@acme-ceramics.example>');
  });

  it("Amazon: another store's relay and bilingual markers", async () => {
    const mail = await read('amazon-ca-bilingual.eml');
    expect(mail.marketplace).toMatchObject({
      buyerName: 'Sarah M.',
      orderId: '701-4152897-2930614',
      replyTo: 'z1x2c3v4b5n6m7a@marketplace.amazon.ca',
    });
    expect(mail.text).toBe('Ordered the wrong colour. Can I switch to white before it ships?');
  });

  it('Etsy: buyer, order, the message, the link to answer on Etsy; no reply by mail', async () => {
    const mail = await read('etsy-conversation.eml');
    expect(mail.marketplace).toMatchObject({
      marketplace: 'etsy',
      buyerName: 'Margaret Q.',
      orderId: '4012345678',
      link: 'https://www.etsy.com/conversations/1671839391?ref=convo_sender_headline_link&utm_source=convo#last',
      replyTo: null,
      rule: { replyByMail: false, autoAcknowledge: false },
    });
    expect(mail.marketplace!.rule.instead).toMatch(/answer in Etsy Messages/);
    expect(mail.text).toBe(
      'Hello! The vase in my order arrived with a chipped rim. I attached nothing\nyet but can send photos. Would a replacement be possible before Christmas?',
    );
    // Etsy marks its notifications as bulk and auto-generated; a buyer's words inside are still a case.
    expect(mail.automated).toBeNull();
  });

  it('Etsy: a notification without the words still names the buyer and the link', async () => {
    const mail = await read('etsy-view-message.eml');
    expect(mail.marketplace).toMatchObject({
      buyerName: 'JordanTheDash',
      text: '',
      link: 'https://ablink.account.etsy.com/ls/click?upn=MESSAGE-LINK',
    });
    expect(mail.text).toBe('');
  });

  it('Etsy: a help request keeps what the buyer needs, the resolution and the note', async () => {
    const mail = await read('etsy-help-request.eml');
    expect(mail.marketplace).toMatchObject({ buyerName: 'Ashlee', orderId: '4023456789' });
    expect(mail.text).toBe(
      "Needs help with: My order hasn't arrived\nIdeal resolution: replace\nHello,\nI have yet to receive my order #4023456789. I have a trip planned and need these mugs soon.\nAshlee",
    );
    expect(mail.marketplace!.link).toMatch(/^https:\/\/www\.etsy\.com\/conversations\/1671839392/);
  });

  it('eBay: buyer, item, the words once, the Reply link; no reply by mail', async () => {
    const mail = await read('ebay-member-message.eml');
    expect(mail.marketplace).toMatchObject({
      marketplace: 'ebay',
      buyerName: 'gg30buyer',
      itemId: '307148962757',
      link: 'https://www.ebay.com/cnt/ReplyToMessages?M2MContact&item=307148962757&requested=gg30buyer',
      rule: { replyByMail: false },
    });
    expect(mail.text).toBe('Could you tell me the height of the mug? I want it to fit under my coffee machine.');
    expect(mail.text).not.toMatch(/Dear|Item ID|We scan|mailbox|Reply/);
  });

  it("a buyer's own mail: quoted history and signature trimmed, photo kept, threading headers read", async () => {
    const mail = await read('buyer-direct.eml');
    expect(mail.marketplace).toBeNull();
    expect(mail.text).toBe('Hi, the bowl arrived broken: photo attached.\nCan you send a new one or refund me?\n\nThanks,\nDana');
    expect(mail.fullText).toContain('> Thanks for your order A-1!');
    expect(mail.fullText).toContain('Sent from my phone');
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: 'broken-bowl.jpg', contentType: 'image/jpeg', tooLarge: false, inline: false }),
    ]);
    expect(mail.attachments[0]!.content!.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(mail.attachments[0]!.size).toBe(mail.attachments[0]!.content!.length);
    expect(mail).toMatchObject({
      messageId: '<CAF=dana.0001@mail.test>',
      dedupeKey: '<CAF=dana.0001@mail.test>',
      inReplyTo: '<sd-reply-7@acme-ceramics.example>',
      references: ['<order-a1@acme-ceramics.example>', '<sd-reply-7@acme-ceramics.example>'],
      from: { address: 'dana.smith@mail.test', name: 'Dana Smith' },
      deliveredTo: [expect.objectContaining({ address: 'returns@acme-ceramics.example' })],
      subject: 'Re: Your order A-1',
      date: new Date('2026-11-30T07:15:00Z'),
      automated: null,
      rawKept: 'full',
      problems: [],
    });
  });
});

describe('marketplace variants', () => {
  const mail = (from: string, subject: string, body: string) =>
    parseMail([`From: ${from}`, 'To: shop@acme.example', `Subject: ${subject}`, 'Message-ID: <v@x.test>', '', body].join('\r\n'));

  it("Amazon's own notices from the relay domain are not buyer messages", async () => {
    const { mail: m } = await mail(
      'Amazon <donotreply@marketplace.amazon.com>',
      'Your message could not be delivered',
      'The buyer opted out.',
    );
    expect(m.marketplace).toBeNull();
  });

  it("eBay's wrapper in the buyer's language", async () => {
    const { mail: m } = await mail(
      'eBay <ebay@ebay.de>',
      'kunde99 hat eine Nachricht gesendet',
      'Neue Nachricht von: kunde99 (12)\nPasst der Schalter für 12V?\nAntworten\n- kunde99',
    );
    expect(m.marketplace).toMatchObject({ marketplace: 'ebay', buyerName: 'kunde99', text: 'Passt der Schalter für 12V?' });
  });

  it("Etsy's other mails (a sale) are not conversations", async () => {
    const { mail: m } = await mail(
      'Etsy Transactions <transaction@etsy.com>',
      'You made a sale on Etsy - Order #4059129411',
      'Congratulations on your Etsy order.',
    );
    expect(m.marketplace).toBeNull();
  });
});
