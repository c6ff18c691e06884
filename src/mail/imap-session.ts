import type { Readable } from 'node:stream';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

/**
 * One IMAP connection to one folder, through imapflow: open the folder, list UIDs above the
 * cursor, stream a message, mark it \Seen, and wait in IDLE (when the server offers it) for
 * the server to announce new mail. Commands preempt IDLE; imapflow ends it before each one.
 */

export interface ImapServer {
  host: string;
  port: number;
  /** TLS from the first byte (imaps). Without it, STARTTLS is used when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
}

export interface FolderStatus {
  uidValidity: number;
  uidNext: number;
  exists: number;
}

export interface MessageMeta {
  uid: number;
  seen: boolean;
  size: number;
}

/** Masks addresses in a server's or library's message, so a log line never carries one. */
export const maskAddresses = (text: string): string => text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>').slice(0, 300);

export class ImapSession {
  private client: ImapFlow | undefined;
  private idling: Promise<unknown> | undefined;

  constructor(
    private readonly server: ImapServer,
    private readonly folder: string,
    private readonly events: { onExists: () => void; onClose: () => void },
    private readonly extra: Partial<ImapFlowOptions> = {},
  ) {}

  get usable(): boolean {
    return !!this.client?.usable;
  }

  /** True when the server announced IDLE; otherwise the watcher polls. */
  get canIdle(): boolean {
    return !!this.client?.capabilities.has('IDLE');
  }

  async open(): Promise<FolderStatus> {
    const client = new ImapFlow({
      host: this.server.host,
      port: this.server.port,
      secure: this.server.secure,
      auth: { user: this.server.user, pass: this.server.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 10 * 60_000,
      ...this.extra,
    });
    client.on('exists', () => this.events.onExists());
    client.on('close', () => this.events.onClose());
    client.on('error', () => this.events.onClose());
    this.client = client;
    await client.connect();
    const box = await client.mailboxOpen(this.folder);
    return { uidValidity: Number(box.uidValidity), uidNext: box.uidNext, exists: box.exists };
  }

  private get c(): ImapFlow {
    if (!this.client?.usable) throw new Error('IMAP connection is not open');
    return this.client;
  }

  /** The folder's UIDVALIDITY now (it can change under an open connection only by a new SELECT). */
  status(): FolderStatus {
    const box = this.c.mailbox;
    if (!box) throw new Error('no folder selected');
    return { uidValidity: Number(box.uidValidity), uidNext: box.uidNext, exists: box.exists };
  }

  /** UID, \Seen and size of every message with a UID above `after`, oldest first, at most `limit`. */
  async messagesAfter(after: number, limit: number): Promise<MessageMeta[]> {
    const c = this.c;
    // NOOP first: the server brings this session's view of the folder up to date (new mail appended
    // by others since the last command), and the SEARCH then sees it.
    await c.noop();
    const found = await c.search({ uid: `${after + 1}:*` }, { uid: true });
    // "n:*" also names the highest UID when it is below n (RFC 3501 §6.4.8): keep only UIDs above.
    const uids = (found || [])
      .filter((u) => u > after)
      .sort((a, b) => a - b)
      .slice(0, limit);
    if (!uids.length) return [];
    const metas = await c.fetchAll(uids.join(','), { uid: true, flags: true, size: true }, { uid: true });
    return metas.map((m) => ({ uid: m.uid, seen: !!m.flags?.has('\\Seen'), size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
  }

  /** The lowest UID without \Seen, or null when every message has been read. */
  async firstUnseen(): Promise<number | null> {
    const c = this.c;
    await c.noop();
    const found = (await c.search({ seen: false }, { uid: true })) || [];
    return found.length ? Math.min(...found) : null;
  }

  /** The raw message as a stream (chunked partial fetches, at most `maxBytes`). Null when it is gone. */
  async download(uid: number, maxBytes: number): Promise<Readable | null> {
    const d = await this.c.download(String(uid), undefined, { uid: true, maxBytes });
    return d.content ?? null;
  }

  async markSeen(uid: number): Promise<boolean> {
    return this.c.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }

  /** Enters IDLE (when offered) and returns at once; the next command or close ends it. */
  startIdle(): void {
    if (!this.canIdle || !this.client) return;
    const client = this.client;
    this.idling = client.idle().catch(() => this.events.onClose());
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.usable) await client.logout();
      else client.close();
    } catch {
      client.close();
    }
    await this.idling?.catch(() => {});
  }
}
