import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../fakes/sign.js';
import { BotProcess } from './bot-process.js';
import { PrivatePostgres } from './private-postgres.js';

/**
 * PostgreSQL stopped for 10 seconds under load: intake answers 503 while it is down,
 * recovers on its own, and every event it accepted is there exactly once, complete.
 */
const SECRET = 'outage-secret-0123456789';

describe('a PostgreSQL outage under load', () => {
  const db = new PrivatePostgres(55432 + (Number(process.env.VITEST_POOL_ID ?? 0) % 100));
  const bot = new BotProcess(
    { DATABASE_URL: '', WEBHOOK_SECRET: SECRET, DATA_DIR: '/tmp/unused', DELIVERY_ENABLED: 'false', SCHEDULER_ENABLED: 'false' },
    3470,
  );

  beforeAll(async () => {
    await db.init();
    await db.start();
    bot.env.DATABASE_URL = db.url;
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
    await db.stop('immediate').catch(() => {});
  });

  it('answers 503 while down, recovers, and loses nothing it accepted', async () => {
    const status = new Map<string, number>();
    let stopLoad = false;
    let seq = 0;
    const send = async () => {
      while (!stopLoad) {
        const id = `outage-${++seq}`;
        const body = JSON.stringify({
          id,
          type: 'buyer.message',
          occurredAt: new Date().toISOString(),
          shopId: 'shop-1',
          data: { buyer: { name: 'Dana', id: `b-${seq}` }, message: `message ${seq}` },
        });
        try {
          const res = await fetch(`${bot.url}/webhooks/events`, {
            method: 'POST',
            headers: signedHeaders(SECRET, body),
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status.set(id, res.status);
          if (res.status === 503) await new Promise((r) => setTimeout(r, 100));
        } catch {
          status.set(id, -1);
        }
      }
    };
    const load = Promise.all([send(), send(), send(), send()]);
    await new Promise((r) => setTimeout(r, 3000));
    await db.stop('fast');
    const downAt = seq;
    await new Promise((r) => setTimeout(r, 10_000));
    const restartAt = seq;
    await db.start();
    const upAt = seq;
    // Recovers on its own: wait until events are accepted again.
    let recovered = false;
    for (let i = 0; i < 100 && !recovered; i++) {
      await new Promise((r) => setTimeout(r, 200));
      recovered = [...status.entries()].some(([id, s]) => Number(id.split('-')[1]) > upAt && s === 202);
    }
    await new Promise((r) => setTimeout(r, 2000));
    stopLoad = true;
    await load;

    const codes = [...status.values()];
    expect(recovered).toBe(true);
    expect(codes.filter((c) => c === 503).length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 202 || c === 503)).toBe(true);
    const during = [...status.entries()].filter(([id]) => {
      const n = Number(id.split('-')[1]);
      return n > downAt + 8 && n <= restartAt;
    });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every(([, s]) => s === 503)).toBe(true);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = (
        await client.query<{ external_id: string; cases: string }>(
          `select i.external_id, (select count(*) from cases c where c.source_event_id = i.external_id) as cases from inbox i`,
        )
      ).rows;
      const stored = new Map(rows.map((r) => [r.external_id, Number(r.cases)]));
      for (const [id, s] of status) {
        if (s === 202) expect(stored.get(id), `${id} was accepted`).toBe(1);
        // Not accepted: absent, or complete (committed just before the connection broke).
        if (s !== 202 && stored.has(id)) expect(stored.get(id)).toBe(1);
      }
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
