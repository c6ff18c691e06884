import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ImapFlowOptions } from 'imapflow';
import type { Db } from '../db/client.js';
import {
  advanceMailboxCursor,
  releaseMailboxLease,
  resetMailboxCursor,
  takeMailboxLease,
  type MailboxStateRow,
} from '../db/repos/mailbox-state.js';
import type { Clock, Logger } from '../ports.js';
import { ImapSession, maskAddresses, type ImapServer } from './imap-session.js';
import { parseMail } from './parse-mail.js';
import { DEFAULT_MAIL_LIMITS, type InboundMail, type MailLimits } from './types.js';

/**
 * Watches one IMAP folder and hands each new mail to `onMail`, exactly in UID order:
 *
 * - one replica holds the mailbox at a time, through a lease row renewed every round and
 *   running out on the injected Clock; a replica that stops renewing is replaced;
 * - the cursor (UIDVALIDITY, last UID) lives in the database and moves only after `onMail`
 *   resolved (the caller stored the mail durably) and the mail was marked \Seen; a restart or a
 *   second replica continues from it, so no mail is read twice and none is skipped;
 * - a UIDVALIDITY change (the folder was rebuilt) is logged and the cursor starts over on the
 *   folder's unseen mail; intake's Message-ID dedupe keeps any repeat harmless;
 * - IDLE when the server offers it (new mail arrives in a second or two), polling otherwise.
 *
 * If `onMail` rejects, the mail is not marked and the cursor stays: the next round offers it
 * again. So delivery is at least once, with `meta.key` (mailbox, UIDVALIDITY, UID) stable across
 * offers. Logs carry the mailbox id and UIDs, never an address or a word of the mail.
 */

export interface MailMeta {
  mailboxId: string;
  uidValidity: number;
  uid: number;
  /** `<mailboxId>:<uidValidity>:<uid>`: the same on every offer of the same mail. */
  key: string;
  /** The message was already \Seen when read (a person opened it first). */
  seen: boolean;
}

export type OnMail = (mail: InboundMail, raw: Buffer, meta: MailMeta) => Promise<void>;

export interface WatcherOptions {
  mailboxId: string;
  server: ImapServer;
  folder: string;
  initialSync: 'unseen' | 'new' | 'all';
  db: Db;
  clock: Clock;
  log: Logger;
  /** This replica's name in the lease row (unique per process). */
  holder: string;
  onMail: OnMail;
  /** How long a lease lasts without renewal (default 90 s). */
  leaseMs?: number;
  /** Polling interval without IDLE, and the longest pause between rounds (default 60 s). */
  pollMs?: number;
  limits?: Partial<MailLimits>;
  /** Mails per round before the lease is renewed again (default 25). */
  batch?: number;
  imap?: Partial<ImapFlowOptions>;
}

export interface RoundResult {
  held: boolean;
  delivered: number;
  mode?: 'idle' | 'poll';
}

/** A replica's name for the lease row: host, process and a random part (two processes never share one). */
export function replicaName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class MailboxWatcher {
  private session: ImapSession | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private stopped = true;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly log: Logger;
  private readonly limits: MailLimits;
  readonly leaseMs: number;
  readonly pollMs: number;

  constructor(private readonly o: WatcherOptions) {
    this.log = o.log.child({ mailbox: o.mailboxId });
    this.limits = { ...DEFAULT_MAIL_LIMITS, ...o.limits };
    this.leaseMs = o.leaseMs ?? 90_000;
    this.pollMs = o.pollMs ?? 60_000;
  }

  /** 'idle' or 'poll' once connected; undefined while not holding the mailbox. */
  get mode(): 'idle' | 'poll' | undefined {
    return this.session?.usable ? (this.session.canIdle ? 'idle' : 'poll') : undefined;
  }

  /** One round: take or renew the lease, connect if needed, hand on every new mail, then IDLE. Rounds never overlap. */
  round(): Promise<RoundResult> {
    const next = this.chain.then(() => this.doRound());
    this.chain = next.catch(() => {});
    return next;
  }

  private async doRound(): Promise<RoundResult> {
    const lease = await this.lease();
    if (!lease) {
      if (this.session) {
        this.log.warn('mailbox held by another replica; closing the connection');
        await this.closeSession();
      }
      return { held: false, delivered: 0 };
    }
    try {
      let state = lease;
      if (!this.session?.usable) await this.connect();
      const session = this.session!;
      state = (await this.checkUidValidity(session, state)) ?? state;
      let delivered = 0;
      for (;;) {
        const metas = await session.messagesAfter(state.lastUid, this.o.batch ?? 25);
        if (!metas.length) break;
        for (const meta of metas) {
          const done = await this.handOn(session, state, meta);
          if (done === 'stop') return { held: true, delivered };
          if (done === 'delivered') delivered++;
          state = { ...state, lastUid: meta.uid };
        }
        const renewed = await this.lease();
        if (!renewed) return { held: false, delivered };
      }
      session.startIdle();
      return { held: true, delivered, mode: session.canIdle ? 'idle' : 'poll' };
    } catch (err) {
      this.log.error({ err: this.describe(err) }, 'mailbox round failed; reconnecting next round');
      await this.closeSession();
      return { held: true, delivered: 0 };
    }
  }

  private lease(): Promise<MailboxStateRow | null> {
    return takeMailboxLease(this.o.db, {
      mailboxId: this.o.mailboxId,
      holder: this.o.holder,
      now: this.o.clock.now(),
      ttlMs: this.leaseMs,
    });
  }

  private async connect(): Promise<void> {
    await this.closeSession();
    const session = new ImapSession(
      this.o.server,
      this.o.folder,
      {
        onExists: () => this.wake(),
        onClose: () => this.wake(),
      },
      this.o.imap,
    );
    this.session = session;
    const status = await session.open();
    this.log.info({ uidValidity: status.uidValidity, mode: session.canIdle ? 'idle' : 'poll' }, 'mailbox connected');
  }

  /** Sets the cursor on first contact and after a UIDVALIDITY change; returns the new state then. */
  private async checkUidValidity(session: ImapSession, state: MailboxStateRow): Promise<MailboxStateRow | null> {
    const { uidValidity, uidNext } = session.status();
    if (state.uidValidity === uidValidity) return null;
    const first = state.uidValidity === null;
    const policy = first ? this.o.initialSync : 'unseen';
    // "unseen" starts just below the oldest unread mail (older mail was all read: the team's past).
    const firstUnseen = policy === 'unseen' ? await session.firstUnseen() : null;
    const lastUid = policy === 'new' ? uidNext - 1 : policy === 'unseen' ? (firstUnseen ?? uidNext) - 1 : 0;
    const attachUidNext = policy === 'unseen' ? uidNext : 0;
    if (first) this.log.info({ uidValidity, uidNext, initialSync: policy }, 'mailbox first contact: cursor set');
    else
      this.log.warn(
        { previousUidValidity: state.uidValidity, uidValidity, lastUid: state.lastUid },
        'UIDVALIDITY changed (the folder was rebuilt): UIDs start over; re-reading its unseen mail, duplicates are dropped by Message-ID',
      );
    const ok = await resetMailboxCursor(this.o.db, {
      mailboxId: this.o.mailboxId,
      holder: this.o.holder,
      now: this.o.clock.now(),
      uidValidity,
      lastUid,
      attachUidNext,
      changed: !first,
    });
    if (!ok) throw new Error('lease lost while setting the cursor');
    return { ...state, uidValidity, lastUid, attachUidNext };
  }

  private async handOn(
    session: ImapSession,
    state: MailboxStateRow,
    m: { uid: number; seen: boolean; size: number },
  ): Promise<'delivered' | 'skipped' | 'stop'> {
    const uidValidity = state.uidValidity!;
    // Mail that was already read when we first looked is the team's past, not a new case.
    const skip = m.seen && m.uid < state.attachUidNext;
    if (!skip) {
      const stream = await session.download(m.uid, this.limits.maxMessageBytes + 1);
      if (stream) {
        const { mail, raw } = await parseMail(stream, { limits: this.limits });
        const meta: MailMeta = {
          mailboxId: this.o.mailboxId,
          uidValidity,
          uid: m.uid,
          key: `${this.o.mailboxId}:${uidValidity}:${m.uid}`,
          seen: m.seen,
        };
        try {
          await this.o.onMail(mail, raw, meta);
        } catch (err) {
          this.log.error({ uid: m.uid, err: this.describe(err) }, 'onMail failed; the mail stays unread and is offered again');
          return 'stop';
        }
        if (!m.seen)
          await session.markSeen(m.uid).catch((err) => this.log.warn({ uid: m.uid, err: this.describe(err) }, 'could not mark \\Seen'));
        this.log.info({ uid: m.uid, bytes: mail.sizeBytes, problems: mail.problems.map((p) => p.code) }, 'mail handed on');
      } else this.log.warn({ uid: m.uid }, 'mail vanished before it could be read (expunged)');
    }
    const moved = await advanceMailboxCursor(this.o.db, {
      mailboxId: this.o.mailboxId,
      holder: this.o.holder,
      now: this.o.clock.now(),
      uidValidity,
      uid: m.uid,
    });
    if (!moved) {
      this.log.warn({ uid: m.uid }, 'lease lost before the cursor moved; another replica continues');
      await this.closeSession();
      return 'stop';
    }
    return skip ? 'skipped' : 'delivered';
  }

  private describe(err: unknown): string {
    const e = err as { code?: string; message?: string; authenticationFailed?: boolean };
    if (e?.authenticationFailed) return 'login refused (check the user and the password variable)';
    return maskAddresses(`${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`);
  }

  private async closeSession(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.close();
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Runs rounds until stop(): at once when the server announces mail, else every pollMs (and often enough to renew the lease). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const pause = () => Math.min(this.pollMs, Math.floor(this.leaseMs / 3));
    this.loop = (async () => {
      while (!this.stopped) {
        this.woken = false;
        await this.round().catch((err) => this.log.error({ err: this.describe(err) }, 'mailbox round failed (database?); trying again'));
        if (this.stopped || this.woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause());
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    })();
  }

  /** Stops the rounds and logs out; `release` gives the lease up at once (a clean shutdown), false leaves it to run out. */
  async stop(opts: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await this.chain;
    await this.closeSession();
    if (opts.release !== false) await releaseMailboxLease(this.o.db, this.o.mailboxId, this.o.holder, this.o.clock.now());
  }
}
