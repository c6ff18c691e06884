import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { advanceMailboxCursor, getMailboxState } from '../../src/db/repos/mailbox-state.js';
import { MailboxWatcher, type MailMeta, type WatcherOptions } from '../../src/mail/watcher.js';
import type { InboundMail } from '../../src/mail/types.js';
import { ManualClock } from '../../src/ports.js';
import { dbKinds, resetDatabase, testDatabase } from '../db/harness.js';
import { captureLogger, type LogEntry } from '../support/capture-log.js';
import { DOVECOT_MISSING, dovecotBinary, startDovecot, type DovecotServer } from '../support/dovecot.js';

const haveDovecot = dovecotBinary() !== undefined;
if (!haveDovecot) console.log(DOVECOT_MISSING);

const sample = (n: string, extra: string[] = []) =>
  [
    `From: Buyer ${n} <buyer${n}@mail.test>`,
    'To: support@shop.test',
    `Subject: Order question ${n}`,
    `Message-ID: <m-${n}@mail.test>`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0000',
    ...extra,
    '',
    `Where is my order ${n}?`,
    '',
  ].join('\r\n');

/** Waits for a real server event (checked every 20 ms), failing after `ms`. */
async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!haveDovecot).each(dbKinds)('the mailbox watcher against a real Dovecot on %s', (kind) => {
  let dovecot: DovecotServer;
  let folderNo = 0;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  let db: Awaited<ReturnType<typeof testDatabase>>['db'];
  let logs: LogEntry[];
  const watchers: MailboxWatcher[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    db = database.db;
    clock.set('2026-11-23T15:00:00Z');
    logs = [];
    return async () => {
      for (const w of watchers.splice(0)) await w.stop({ release: false });
    };
  });

  const make = (
    folder: string,
    holder: string,
    got: Array<{ mail: InboundMail; meta: MailMeta }>,
    o: Partial<WatcherOptions> = {},
    server = dovecot,
  ) => {
    const w = new MailboxWatcher({
      mailboxId: `box-${folder}`,
      server: { host: server.host, port: server.port, secure: false, user: server.user, password: server.password },
      folder,
      initialSync: 'unseen',
      db,
      clock,
      log: captureLogger(logs),
      holder,
      leaseMs: 30_000,
      imap: { doSTARTTLS: false },
      onMail: async (mail, _raw, meta) => void got.push({ mail, meta }),
      ...o,
    });
    watchers.push(w);
    return w;
  };
  const newFolder = async () => {
    const folder = `T${++folderNo}`;
    const c = await dovecot.client();
    await c.mailboxCreate(folder);
    await c.logout();
    return folder;
  };
  const flagsOf = async (folder: string, uid: number) => {
    const c = await dovecot.client();
    try {
      await c.mailboxOpen(folder);
      const m = await c.fetchOne(String(uid), { flags: true }, { uid: true });
      return m ? [...(m.flags ?? [])] : [];
    } finally {
      await c.logout();
    }
  };
  const noAddressOrText = () => {
    const all = JSON.stringify(logs);
    expect(all).not.toMatch(/@mail\.test|@shop\.test|Where is my order|Order question/);
  };

  it('hands on a mail APPENDed while it IDLEs within seconds, marks it \\Seen, and a restart does not hand it on again', async () => {
    const folder = await newFolder();
    const got: Array<{ mail: InboundMail; meta: MailMeta }> = [];
    // Polling and lease renewal far away: only IDLE can bring the mail in time.
    const w = make(folder, 'replica-a', got, { pollMs: 600_000, leaseMs: 3_600_000 });
    w.start();
    await until('IDLE', () => w.mode === 'idle');
    const uid = await dovecot.append(sample('1'), folder);
    await until('the mail', () => got.length === 1, 5000);
    expect(got[0]!.mail).toMatchObject({ messageId: '<m-1@mail.test>', text: 'Where is my order 1?' });
    expect(got[0]!.meta).toMatchObject({ mailboxId: `box-${folder}`, uid, seen: false });
    expect(got[0]!.meta.key).toBe(`box-${folder}:${got[0]!.meta.uidValidity}:${uid}`);
    expect(await flagsOf(folder, uid)).toContain('\\Seen');
    expect(await getMailboxState(db, `box-${folder}`)).toMatchObject({ lastUid: uid, leaseHolder: 'replica-a' });
    await w.stop();
    expect((await getMailboxState(db, `box-${folder}`))!.leaseHolder).toBeNull();

    // Restart (another process): nothing is handed on twice; the next mail is.
    const again: typeof got = [];
    const w2 = make(folder, 'replica-a2', again);
    expect(await w2.round()).toMatchObject({ held: true, delivered: 0, mode: 'idle' });
    const uid2 = await dovecot.append(sample('2'), folder);
    expect(await w2.round()).toMatchObject({ delivered: 1 });
    expect(again.map((g) => g.meta.uid)).toEqual([uid2]);
    noAddressOrText();
  });

  it('on first contact reads the unseen mail, skips what the team had read, and never skips new mail read elsewhere', async () => {
    const folder = await newFolder();
    await dovecot.append(sample('old-read'), folder, ['\\Seen']);
    const unread = await dovecot.append(sample('old-unread'), folder);
    await dovecot.append(sample('old-read-2'), folder, ['\\Seen']);
    const got: Array<{ mail: InboundMail; meta: MailMeta }> = [];
    const w = make(folder, 'replica-a', got);
    expect(await w.round()).toMatchObject({ held: true, delivered: 1 });
    expect(got.map((g) => g.meta.uid)).toEqual([unread]);
    // initialSync "new": what is there already stays the team's; "all": everything.
    const onlyNew: typeof got = [];
    expect(await make(folder, 'x', onlyNew, { mailboxId: 'box-new', initialSync: 'new' }).round()).toMatchObject({ delivered: 0 });
    const all: typeof got = [];
    expect(await make(folder, 'y', all, { mailboxId: 'box-all', initialSync: 'all' }).round()).toMatchObject({ delivered: 3 });
    // A person opened the next mail on their phone before the watcher saw it: it is still a case.
    const readOnPhone = await dovecot.append(sample('new-read'), folder, ['\\Seen']);
    expect(await w.round()).toMatchObject({ delivered: 1 });
    expect(got.at(-1)!.meta).toMatchObject({ uid: readOnPhone, seen: true });
  });

  it('a second watcher does not hand on mail while the lease is held, and takes over when the holder stops renewing', async () => {
    const folder = await newFolder();
    const a: Array<{ mail: InboundMail; meta: MailMeta }> = [];
    const b: typeof a = [];
    const wa = make(folder, 'replica-a', a);
    const wb = make(folder, 'replica-b', b);
    expect(await wa.round()).toMatchObject({ held: true });
    const first = await dovecot.append(sample('L1'), folder);
    expect(await wb.round()).toEqual({ held: false, delivered: 0 });
    expect(await wa.round()).toMatchObject({ held: true, delivered: 1 });

    // The holder dies: no release, no renewal. Until the lease runs out on the clock, B waits.
    const second = await dovecot.append(sample('L2'), folder);
    await wa.stop({ release: false });
    clock.advance(29_000);
    expect(await wb.round()).toEqual({ held: false, delivered: 0 });
    clock.advance(1_001);
    expect(await wb.round()).toMatchObject({ held: true, delivered: 1 });
    expect(a.map((g) => g.meta.uid)).toEqual([first]);
    expect(b.map((g) => g.meta.uid)).toEqual([second]);
    expect((await getMailboxState(db, `box-${folder}`))!.leaseHolder).toBe('replica-b');

    // The old holder comes back: it may neither read nor move the cursor.
    const back = make(folder, 'replica-a', a);
    expect(await back.round()).toEqual({ held: false, delivered: 0 });
    const state = (await getMailboxState(db, `box-${folder}`))!;
    expect(
      await advanceMailboxCursor(db, {
        mailboxId: `box-${folder}`,
        holder: 'replica-a',
        now: clock.now(),
        uidValidity: state.uidValidity!,
        uid: 999,
      }),
    ).toBe(false);
  });

  it('a UIDVALIDITY change is logged and reading starts over on the rebuilt folder', async () => {
    const folder = await newFolder();
    const got: Array<{ mail: InboundMail; meta: MailMeta }> = [];
    const w = make(folder, 'replica-a', got);
    await dovecot.append(sample('V1'), folder);
    await dovecot.append(sample('V2'), folder);
    expect(await w.round()).toMatchObject({ delivered: 2 });
    await w.stop();
    const before = (await getMailboxState(db, `box-${folder}`))!;

    const c = await dovecot.client();
    await c.mailboxDelete(folder);
    await c.mailboxCreate(folder);
    await c.logout();
    const uid = await dovecot.append(sample('V3'), folder); // UID 1 again, below the old cursor
    const w2 = make(folder, 'replica-a', got);
    expect(await w2.round()).toMatchObject({ delivered: 1 });
    expect(got.at(-1)!.mail.messageId).toBe('<m-V3@mail.test>');
    const after = (await getMailboxState(db, `box-${folder}`))!;
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after).toMatchObject({ lastUid: uid, uidValidityChangedAt: clock.now() });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringMatching(/^UIDVALIDITY changed/),
        fields: expect.objectContaining({
          mailbox: `box-${folder}`,
          previousUidValidity: before.uidValidity,
          uidValidity: after.uidValidity,
        }),
      }),
    );
    noAddressOrText();
  });

  it('a mail onMail could not store stays unread and is offered again', async () => {
    const folder = await newFolder();
    const got: Array<{ mail: InboundMail; meta: MailMeta }> = [];
    let fail = true;
    const w = make(folder, 'replica-a', got, {
      onMail: async (mail, _raw, meta) => {
        if (fail) throw new Error(`database down for buyer9@mail.test`);
        got.push({ mail, meta });
      },
    });
    const uid = await dovecot.append(sample('F1'), folder);
    expect(await w.round()).toMatchObject({ held: true, delivered: 0 });
    expect(await flagsOf(folder, uid)).not.toContain('\\Seen');
    expect((await getMailboxState(db, `box-${folder}`))!.lastUid).toBe(0);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ uid, err: 'database down for <address>' }) }),
    );
    fail = false;
    expect(await w.round()).toMatchObject({ delivered: 1 });
    expect(got.map((g) => g.meta.uid)).toEqual([uid]);
    expect(await flagsOf(folder, uid)).toContain('\\Seen');
    noAddressOrText();
  });

  it('polls a server without IDLE', async () => {
    const plain = await startDovecot({ capabilities: 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE' });
    try {
      const got: Array<{ mail: InboundMail; meta: MailMeta }> = [];
      const w = make('INBOX', 'replica-a', got, {}, plain);
      expect(await w.round()).toMatchObject({ held: true, delivered: 0, mode: 'poll' });
      expect(w.mode).toBe('poll');
      await plain.append(sample('P1'));
      expect(await w.round()).toMatchObject({ delivered: 1, mode: 'poll' });
      await w.stop();
    } finally {
      await plain.stop();
    }
  });

  // The database plays no part in it: once is enough.
  it.runIf(kind === 'embedded')('reads a 30 MB mail as a stream: text kept, the attachment listed as too large', async () => {
    const folder = await newFolder();
    const video = Buffer.alloc(30 * 1024 * 1024, 3)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = [
      sample('big', ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"']).replace(/Where is my order big\?\r\n$/, ''),
      '--b\r\nContent-Type: text/plain\r\n\r\nThe box was crushed, video attached.\r\n',
      '--b\r\nContent-Type: video/mp4\r\nContent-Disposition: attachment; filename="box.mp4"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      video,
      '\r\n--b--\r\n',
    ].join('');
    await dovecot.append(raw, folder);
    const got: Array<{ mail: InboundMail; raw: Buffer }> = [];
    const w = make(folder, 'replica-a', [], { onMail: async (mail, r) => void got.push({ mail, raw: r }) });
    expect(await w.round()).toMatchObject({ delivered: 1 });
    const { mail, raw: kept } = got[0]!;
    expect(mail.text).toBe('The box was crushed, video attached.');
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: 'box.mp4', size: 30 * 1024 * 1024, tooLarge: true })]);
    expect(mail.rawKept).toBe('headers');
    expect(kept.length).toBeLessThan(2000);
  });
});
