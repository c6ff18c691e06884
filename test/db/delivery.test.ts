import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/db/repos/outbox.js';
import { outbox } from '../../src/db/schema.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { notice } from '../../src/ui/view.js';
import type { Db } from '../../src/db/client.js';
import { MemoryChat } from '../fakes/memory-chat.js';
import { dbKinds, resetDatabase, testDatabase } from './harness.js';
import { DeliveryError } from '../../src/errors.js';

const view = (t: string) => notice(t, t);

describe.each(dbKinds)('delivery worker on %s', (kind) => {
  let db: Db;
  let chat: MemoryChat;
  let worker: DeliveryWorker;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    db = database.db;
    clock.set('2026-11-23T15:00:00Z');
    chat = new MemoryChat();
    worker = new DeliveryWorker({
      db,
      chats: [chat],
      clock,
      log: silentLogger,
      maxAttempts: 3,
      pacing: { console: { channel: { intervalMs: 1000, burst: 1 }, global: { intervalMs: 0, burst: 1 } } },
    });
  });

  const put = (key: string, channel: string, extra: Partial<Parameters<typeof enqueue>[1]> = {}) =>
    enqueue(db, { key, platform: 'console', channel, op: 'post', payload: { kind: 'view', view: view(key) }, at: clock.now(), ...extra });

  it('paces each channel to one message per interval while other channels proceed', async () => {
    for (let i = 0; i < 3; i++) await put(`a${i}`, 'A');
    await put('b0', 'B');
    expect(await worker.drain()).toBe(2);
    expect(chat.inChannel('A')).toHaveLength(1);
    expect(chat.inChannel('B')).toHaveLength(1);
    clock.advance(999);
    expect(await worker.drain()).toBe(0);
    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    clock.advance(1000);
    await worker.drain();
    expect(chat.inChannel('A').map((p) => p.view.title)).toEqual(['a0', 'a1', 'a2']);
  });

  it('waits out a rate limit on one channel only, without counting it as a failed attempt', async () => {
    await put('a0', 'A');
    await put('b0', 'B');
    chat.failNext('A', new DeliveryError('ratelimited', 'rate_limited', 5000));
    await worker.drain();
    expect(chat.inChannel('B')).toHaveLength(1);
    expect(chat.inChannel('A')).toHaveLength(0);
    await put('b1', 'B');
    clock.advance(1000);
    await worker.drain();
    expect(chat.inChannel('B')).toHaveLength(2);
    expect(chat.inChannel('A')).toHaveLength(0);
    clock.advance(4000);
    await worker.drain();
    expect(chat.inChannel('A')).toHaveLength(1);
    const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, 'a0'));
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('retries transient failures with backoff and dead-letters after the bound', async () => {
    await put('x', 'A');
    chat.failNext('A', ...Array.from({ length: 5 }, () => new DeliveryError('500', 'transient')));
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(10 * 60_000);
    }
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ state: 'dead', attempts: 3 });
    expect(chat.inChannel('A')).toHaveLength(0);
  });

  it('dead-letters permanent failures at once', async () => {
    await put('x', 'A');
    chat.failNext('A', new DeliveryError('channel_not_found', 'permanent'));
    await worker.drain();
    expect((await db.select().from(outbox))[0]).toMatchObject({ state: 'dead', lastError: 'channel_not_found' });
  });

  it('does not post twice when a sender died after posting (lease expired): it finds the message first', async () => {
    const row = await put('x', 'A');
    // Simulate: posted to the platform, then the process died before recording it.
    await chat.post({ outboxId: row.id, channel: 'A', view: view('x') });
    await db
      .update(outbox)
      .set({ state: 'sending', attempts: 1, lockedUntil: new Date(clock.now().getTime() + 60_000) })
      .where(eq(outbox.id, row.id));
    expect(await worker.drain()).toBe(0);
    clock.advance(61_000);
    expect(await worker.drain()).toBe(1);
    expect(chat.inChannel('A')).toHaveLength(1);
    expect((await db.select().from(outbox))[0]).toMatchObject({ state: 'sent', messageRef: 'm1' });
  });

  it('sends thread replies and updates only after their parent, in order per case', async () => {
    const parent = await put('card', 'A', { orderingKey: 'case:1' });
    await enqueue(db, {
      key: 't1',
      platform: 'console',
      channel: 'A',
      op: 'thread',
      parentId: parent.id,
      orderingKey: 'case:1',
      payload: { kind: 'view', view: view('t1') },
      at: clock.now(),
    });
    await enqueue(db, {
      key: 'u1',
      platform: 'console',
      channel: 'A',
      op: 'update',
      parentId: parent.id,
      orderingKey: 'case:1',
      payload: { kind: 'view', view: view('u1') },
      at: clock.now(),
    });
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      clock.advance(1000);
    }
    expect(chat.calls.filter((c) => c.op !== 'find').map((c) => c.op)).toEqual(['post', 'post', 'update']);
    expect(chat.posted[1]!.threadRef).toBe('m1');
    expect(chat.posted[0]!.view.title).toBe('u1');
  });

  it('lets two workers on one database deliver each message once', async () => {
    for (let i = 0; i < 20; i++) await put(`m${i}`, `C${i % 5}`);
    const other = new DeliveryWorker({
      db,
      chats: [chat],
      clock,
      log: silentLogger,
      pacing: { console: { channel: { intervalMs: 0, burst: 1 }, global: { intervalMs: 0, burst: 1 } } },
    });
    const mine = new DeliveryWorker({
      db,
      chats: [chat],
      clock,
      log: silentLogger,
      pacing: { console: { channel: { intervalMs: 0, burst: 1 }, global: { intervalMs: 0, burst: 1 } } },
    });
    await Promise.all([mine.drain(), other.drain()]);
    expect(chat.posted).toHaveLength(20);
    expect(new Set(chat.posted.map((p) => p.outboxId)).size).toBe(20);
  });
});
