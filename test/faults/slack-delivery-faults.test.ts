import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/db/repos/outbox.js';
import { outbox } from '../../src/db/schema.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { createSlackChat, createSlackWebClient } from '../../src/platforms/slack/chat.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { notice } from '../../src/ui/view.js';
import { dbKinds, resetDatabase, testDatabase } from '../db/harness.js';
import { FakeSlack } from '../fakes/slack-server.js';

/**
 * Fault test: the fake Slack fails 30% of calls with 429 (Retry-After), 500, lost responses
 * (the post lands, the answer times out) and dropped connections. Every message arrives,
 * none twice, and the messages of one case keep their order.
 */
describe.each(dbKinds)('delivery through a failing Slack on %s', (kind) => {
  const fake = new FakeSlack({ seed: 7 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('delivers every message exactly once, in order per case', async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    fake.reset();
    const db = database.db;
    const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
    const client = createSlackWebClient({ token: fake.botToken, apiUrl: fake.apiUrl, timeoutMs: 150 });
    const chat = createSlackChat({ client });
    const worker = new DeliveryWorker({
      db,
      chats: [chat],
      clock,
      log: silentLogger,
      maxAttempts: 50,
      pacing: { slack: { channel: { intervalMs: 0, burst: 1 }, global: { intervalMs: 0, burst: 1 } } },
    });
    const CASES = 40;
    const PER_CASE = 3;
    for (let c = 1; c <= CASES; c++) {
      const channel = `C${String(c % 4).padStart(9, '0')}`;
      const parent = await enqueue(db, {
        key: `case:${c}:card`,
        platform: 'slack',
        channel,
        op: 'post',
        orderingKey: `case:${c}`,
        payload: { kind: 'view', view: notice(`card ${c}`, `card ${c}`) },
        at: clock.now(),
      });
      for (let i = 1; i < PER_CASE; i++) {
        await enqueue(db, {
          key: `case:${c}:t${i}`,
          platform: 'slack',
          channel,
          op: 'thread',
          parentId: parent.id,
          orderingKey: `case:${c}`,
          payload: { kind: 'view', view: notice(`case ${c} note ${i}`, `note ${i}`) },
          at: clock.now(),
        });
      }
    }
    fake.setFaultRate(0.3, [{ status: 429, retryAfter: 1 }, { status: 500 }, { timeoutMs: 400 }, { reset: true }], {
      methods: ['chat.postMessage'],
    });
    for (let round = 0; round < 400; round++) {
      await worker.drain(50);
      const pending = (await db.select().from(outbox)).filter((o) => o.state !== 'sent');
      if (pending.length === 0) break;
      expect(pending.filter((p) => p.state === 'dead')).toEqual([]);
      clock.advance(60_000);
    }
    fake.setFaultRate(0, []);
    const rows = await db.select().from(outbox);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const posted = [0, 1, 2, 3].flatMap((n) => fake.messages(`C${String(n).padStart(9, '0')}`));
    // Exactly one Slack message per outbox row.
    const byOutbox = new Map<number, number>();
    for (const m of posted) {
      const id = Number(m.metadata?.event_payload.outbox_id);
      byOutbox.set(id, (byOutbox.get(id) ?? 0) + 1);
    }
    expect(byOutbox.size).toBe(CASES * PER_CASE);
    expect([...byOutbox.values()].every((n) => n === 1)).toBe(true);
    // Per case: the card first, then its notes in order, all under the card.
    for (let c = 1; c <= CASES; c++) {
      // A thread's parent carries thread_ts equal to its own ts, as in Slack.
      const card = posted.find((m) => m.text.includes(`card ${c}:`) && (!m.thread_ts || m.thread_ts === m.ts));
      expect(card, `card ${c}`).toBeDefined();
      const notes = posted.filter((m) => m.thread_ts === card!.ts && m.ts !== card!.ts && m.text.startsWith(`case ${c} note`));
      expect(notes.map((m) => m.text.slice(0, `case ${c} note 1`.length))).toEqual(
        Array.from({ length: PER_CASE - 1 }, (_, i) => `case ${c} note ${i + 1}`),
      );
      expect(notes.every((n) => Number(n.ts) > Number(card!.ts))).toBe(true);
    }
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && !c.ok).length).toBeGreaterThan(20);
  });
});
