import type { Db } from '../db/client.js';
import {
  claimNext,
  dueChannels,
  getOutbox,
  markDead,
  markRetry,
  markSent,
  pauseKey,
  releaseExpiredLeases,
  takeSlot,
  type OutboxPayload,
  type Pace,
} from '../db/repos/outbox.js';
import type { OutboxRow } from '../db/rows.js';
import type { Platform } from '../domain/types.js';
import { type ChatPort, type Clock, type Logger } from '../ports.js';
import { renderPayload } from './render-payload.js';
import { Metrics } from '../metrics.js';
import { DeliveryError, errorCode } from '../errors.js';

export interface PlatformPacing {
  /** Per channel: Slack allows about one message a second with short bursts. */
  channel: Pace;
  /** Across the whole workspace / bot. */
  global: Pace;
}

export const DEFAULT_PACING: Record<Platform, PlatformPacing> = {
  slack: { channel: { intervalMs: 1100, burst: 2 }, global: { intervalMs: 50, burst: 10 } },
  discord: { channel: { intervalMs: 1000, burst: 4 }, global: { intervalMs: 25, burst: 20 } },
  console: { channel: { intervalMs: 0, burst: 1 }, global: { intervalMs: 0, burst: 1 } },
};

/** Every platform paced at one message per `intervalMs` per channel (tests, benchmarks, proxies). */
export function pacingWithInterval(intervalMs: number): Record<Platform, PlatformPacing> {
  const p = { channel: { intervalMs, burst: 1 }, global: { intervalMs: 0, burst: 1 } };
  return { slack: p, discord: p, console: p };
}

export interface WorkerOptions {
  db: Db;
  chats: ChatPort[];
  clock: Clock;
  log: Logger;
  maxAttempts?: number;
  /** Channels sent to in parallel, so one slow or limited channel never holds up the others. */
  concurrency?: number;
  leaseMs?: number;
  pacing?: Partial<Record<Platform, PlatformPacing>>;
  /** The app's counters (deps.metrics); a private set when not given. */
  metrics?: Metrics;
}

const backoffMs = (attempt: number): number => Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4);

/**
 * Delivers the outbox. Rows are claimed through the database (row locks, SKIP LOCKED)
 * and paced per channel through shared pace rows, so several replicas deliver each
 * message once and together stay within the platform's limits.
 */
export class DeliveryWorker {
  private readonly chats = new Map<string, ChatPort>();
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pacing: Record<string, PlatformPacing>;
  private readonly metrics: Metrics;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = o.metrics ?? new Metrics();
    for (const c of o.chats) this.chats.set(c.platform, c);
    this.maxAttempts = o.maxAttempts ?? 8;
    this.concurrency = o.concurrency ?? 8;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.pacing = { ...DEFAULT_PACING, ...o.pacing };
  }

  /**
   * Delivers what is due now: per channel, as many messages as its pace allows (at most
   * `perChannel` a round), channels in parallel lanes. Returns how many were sent.
   */
  async runOnce(perChannel = 50): Promise<number> {
    const now = this.o.clock.now();
    await releaseExpiredLeases(this.o.db, now);
    const channels = await dueChannels(this.o.db, [...this.chats.keys()] as Platform[], now, 200);
    let sent = 0;
    let next = 0;
    const lane = async () => {
      while (next < channels.length && !this.stopped) {
        const ch = channels[next++]!;
        for (let i = 0; i < perChannel && !this.stopped; i++) {
          if (!(await this.deliverOne(ch.platform, ch.channel))) break;
          sent++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, channels.length) }, lane));
    return sent;
  }

  /** Runs until nothing is due now (tests and the CLI use this; the clock does not move). */
  async drain(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  start(intervalMs = 250): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      const round = this.runOnce().catch((err) => {
        this.o.log.error({ err, code: errorCode(err) }, 'delivery round failed; retrying');
        return 0;
      });
      this.running = round;
      const sent = await round;
      // A round that sent something may have left more due now: go again at once; idle, wait.
      if (!this.stopped) this.timer = setTimeout(tick, sent > 0 ? 0 : intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async deliverOne(platform: string, channel: string): Promise<boolean> {
    const chat = this.chats.get(platform);
    const pacing = this.pacing[platform];
    if (!chat || !pacing) return false;
    const now = this.o.clock.now();
    const row = await this.o.db
      .transaction(async (tx) => {
        const candidate = await claimNext(tx, platform, channel, now, this.leaseMs);
        if (!candidate) return undefined;
        const ok =
          (await takeSlot(tx, `${platform}:${channel}`, pacing.channel, now)) && (await takeSlot(tx, `${platform}:*`, pacing.global, now));
        if (!ok) throw new NotNow();
        return candidate;
      })
      .catch((err) => {
        if (err instanceof NotNow) return undefined;
        throw err;
      });
    if (!row) return false;
    return this.send(chat, row);
  }

  private async send(chat: ChatPort, row: OutboxRow): Promise<boolean> {
    const { db } = this.o;
    const now = this.o.clock.now();
    try {
      const view = await renderPayload(db, row.payload as OutboxPayload, now);
      if (!view) {
        await markDead(db, row.id, 'nothing to render (the case no longer exists)');
        return false;
      }
      const parent = row.parentId ? await getOutbox(db, row.parentId) : undefined;
      let ref: string | null = null;
      if (row.op === 'update') {
        if (!parent?.messageRef) throw new DeliveryError('the card to update was never posted', 'permanent');
        await chat.update({ channel: parent.channel, ref: parent.messageRef, view });
        ref = parent.messageRef;
      } else {
        const threadRef = row.op === 'thread' ? (parent?.messageRef ?? undefined) : undefined;
        if (row.op === 'thread' && !threadRef) throw new DeliveryError('the card to reply under was never posted', 'permanent');
        // A row tried before may have reached the platform: look before posting twice.
        if (row.attempts > 1 || row.lastError) {
          ref = await chat.findPosted({
            outboxId: row.id,
            channel: row.channel,
            ...(threadRef ? { threadRef } : {}),
            since: new Date(row.createdAt.getTime() - 60_000),
          });
        }
        ref ??= (await chat.post({ outboxId: row.id, channel: row.channel, view, ...(threadRef ? { threadRef } : {}) })).ref;
      }
      await markSent(db, row.id, ref, this.o.clock.now());
      this.metrics.inc('outbox_sent_total', { platform: row.platform });
      return true;
    } catch (err) {
      await this.failed(row, err);
      return false;
    }
  }

  private async failed(row: OutboxRow, err: unknown): Promise<void> {
    const { db, log } = this.o;
    const now = this.o.clock.now();
    const e = err instanceof DeliveryError ? err : new DeliveryError(String((err as Error)?.message ?? err), 'transient');
    if (e.kind === 'rate_limited') {
      const wait = e.retryAfterMs ?? 1000;
      const until = new Date(now.getTime() + wait);
      await pauseKey(db, e.scope === 'global' ? `${row.platform}:*` : `${row.platform}:${row.channel}`, until);
      await markRetry(db, row.id, until, `rate limited for ${wait} ms`, false);
      this.metrics.inc('outbox_rate_limited_total', { platform: row.platform });
      log.warn({ outboxId: row.id, channel: row.channel, code: e.code, retryAfterMs: wait }, 'rate limited: pausing this channel only');
      return;
    }
    if (e.kind === 'permanent' || row.attempts >= this.maxAttempts) {
      await markDead(db, row.id, e.message);
      this.metrics.inc('outbox_dead_total', { platform: row.platform });
      log.error(
        { outboxId: row.id, channel: row.channel, code: e.code, attempts: row.attempts, error: e.message },
        'message dead-lettered: it will not be retried',
      );
      return;
    }
    const at = new Date(now.getTime() + backoffMs(row.attempts));
    await markRetry(db, row.id, at, e.message);
    this.metrics.inc('outbox_retry_total', { platform: row.platform });
    log.warn(
      { outboxId: row.id, channel: row.channel, code: e.code, attempt: row.attempts, error: e.message },
      'delivery failed; will retry',
    );
  }
}

class NotNow extends Error {}
