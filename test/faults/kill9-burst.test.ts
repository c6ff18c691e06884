import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/client.js';
import { cases, inbox, outbox } from '../../src/db/schema.js';
import { dbKinds, workerDatabaseUrl } from '../db/harness.js';
import { signedHeaders } from '../fakes/sign.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { BotProcess } from './bot-process.js';

/**
 * kill -9 of the bot in the middle of a burst of events, then a restart: every event that
 * got a 2xx has exactly one case and exactly one card in the fake Slack; every event that
 * did not is absent or complete, never half-written.
 */
const SECRET = 'kill9-secret-0123456789';
const EVENTS = Number(process.env.KILL9_EVENTS ?? 5000);
const CHANNEL = 'C0KILL00001';

describe.each(dbKinds)('kill -9 in a burst of %s events', (kind) => {
  const fake = new FakeSlack({ seed: 3 });
  let bot: BotProcess;
  let dataDir: string;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    await fake.start();
    dataDir = mkdtempSync(join(tmpdir(), 'sd-kill9-'));
    databaseUrl = kind === 'postgres' ? await workerDatabaseUrl('_kill9') : undefined;
    bot = new BotProcess(
      {
        WEBHOOK_SECRET: SECRET,
        DATA_DIR: dataDir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_API_URL: fake.apiUrl,
        SLACK_DEFAULT_CHANNEL: CHANNEL,
        DELIVERY_CHANNEL_INTERVAL_MS: '0',
        SCHEDULER_ENABLED: 'false',
      },
      3480 + (kind === 'postgres' ? 1 : 0),
    );
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  it(`keeps exactly one case and one card per accepted event across a kill -9`, { timeout: 120_000 + EVENTS * 100 }, async () => {
    const status = new Map<string, number>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < EVENTS) {
        const n = ++next;
        const id = `k9-${n}`;
        const body = JSON.stringify({
          id,
          type: 'buyer.message',
          occurredAt: '2026-11-23T15:00:00Z',
          shopId: 'shop-1',
          data: { buyer: { name: 'Dana', id: `buyer-${n}` }, message: `message ${n}` },
        });
        try {
          const res = await fetch(`${bot.url}/webhooks/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
          status.set(id, res.status);
        } catch {
          status.set(id, -1);
          if (killed) return;
        }
      }
    };
    let sent = false;
    const senders = Promise.all(Array.from({ length: 8 }, sender)).then(() => (sent = true));
    // Kill once a third of the burst is in (and cards are being delivered meanwhile).
    while (!sent && [...status.values()].filter((s) => s === 202).length < EVENTS / 3) await new Promise((r) => setTimeout(r, 20));
    // A burst that ended before a third was accepted fails here with its answers, not as a timeout.
    if (sent) {
      const answers = [...status.values()].reduce<Record<number, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {});
      expect(answers, bot.output.slice(-1500)).toEqual({ 202: EVENTS });
    }
    killed = true;
    await bot.kill9();
    await senders;
    const accepted = [...status.entries()].filter(([, s]) => s === 202).map(([id]) => id);

    // Restart and let it finish delivering.
    await bot.start();
    const database = databaseUrl ? await openDatabase({ url: databaseUrl, dataDir }) : undefined;
    // The bot reports its outbox by state at /metrics; wait until nothing is left to send.
    const unsent = async () => {
      const text = await (await fetch(`${bot.url}/metrics`)).text();
      return ['pending', 'sending'].reduce(
        (n, s) => n + Number(new RegExp(`outbox_messages\\{state="${s}"\\} (\\d+)`).exec(text)?.[1] ?? 0),
        0,
      );
    };
    for (let i = 0; i < 2400 && (await unsent()) > 0; i++) await new Promise((r) => setTimeout(r, 250));
    await bot.stop();

    // Read the database after the bot stopped (on the embedded kind this starts its server again).
    const db = database ?? (await openDatabase({ dataDir }));
    try {
      await migrate(db);
      const received = await db.db.select({ id: inbox.externalId }).from(inbox);
      const caseRows = await db.db.select({ id: cases.id, source: cases.sourceEventId }).from(cases);
      const out = await db.db.select().from(outbox);
      const casesBySource = new Map<string, number>();
      for (const c of caseRows) casesBySource.set(c.source!, (casesBySource.get(c.source!) ?? 0) + 1);
      // Accepted: exactly one case.
      for (const id of accepted) expect(casesBySource.get(id), id).toBe(1);
      // Not accepted: absent, or complete (stored with its case).
      const receivedIds = new Set(received.map((r) => r.id));
      for (const [id, s] of status) if (s !== 202 && receivedIds.has(id)) expect(casesBySource.get(id), id).toBe(1);
      for (const id of receivedIds) expect(casesBySource.get(id), `${id} stored without its case`).toBe(1);
      // Every case's card delivered, exactly once, in the fake.
      expect(out.filter((o) => o.state !== 'sent')).toEqual([]);
      const cards = fake.messages(CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
      const perOutbox = new Map<number, number>();
      for (const m of cards) {
        const oid = Number(m.metadata?.event_payload.outbox_id);
        perOutbox.set(oid, (perOutbox.get(oid) ?? 0) + 1);
      }
      expect(cards.length).toBe(caseRows.length);
      expect([...perOutbox.values()].every((v) => v === 1)).toBe(true);
      expect(accepted.length).toBeGreaterThan(EVENTS / 3 - 1);
    } finally {
      await db.close();
    }
  });
});
