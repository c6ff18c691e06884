import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/db/client.js';
import { syncConfig } from '../../src/db/repos/config-sync.js';
import { cases, orders, outbox, teams } from '../../src/db/schema.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { changeCase } from '../../workflows/cases/index.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { buyerMessage, orderPaid } from '../fakes/events.js';
import { MemoryChat } from '../fakes/memory-chat.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';
import { DeliveryError } from '../../src/errors.js';

const HOUR = 3_600_000;

/**
 * The bot's Clock and the database's clock disagree (another host, a shifted test clock): every
 * instant the code compares must come from the Clock. Each case runs with the Clock an hour
 * ahead of the database and an hour behind it; a row written with the database's now() is then
 * due too early or too late, and these tests fail.
 */
describe.each(dbKinds)('the Clock, not the database clock, on %s', (kind) => {
  describe.each([
    ['an hour ahead of', HOUR],
    ['an hour behind', -HOUR],
  ])('with the Clock %s the database', (_label, skew) => {
    let database: Database;
    let deps: WorkflowDeps;
    let clock: ManualClock;
    let chat: MemoryChat;
    let worker: DeliveryWorker;

    beforeEach(async () => {
      database = await testDatabase(kind);
      await resetDatabase(database);
      const [row] = await queryRows<{ now: Date | string }>(database.db, sql`select now() as now`);
      clock = new ManualClock(new Date(new Date(row!.now).getTime() + skew));
      deps = testDeps(database.db, clock);
      chat = new MemoryChat();
      worker = new DeliveryWorker({
        db: database.db,
        chats: [chat],
        clock,
        log: silentLogger,
        pacing: { console: { channel: { intervalMs: 0, burst: 1 }, global: { intervalMs: 0, burst: 1 } } },
      });
    });

    it('delivers a card queued by intake at once, and stamps every row with the Clock', async () => {
      const at = clock.now();
      await receiveEvent(deps, 'webhook', orderPaid('A-1', at.toISOString()));
      await receiveEvent(deps, 'webhook', buyerMessage('Where is my order?', { id: 'm-1', occurredAt: at.toISOString() }, 'A-1'));
      expect(await worker.drain()).toBe(1);
      const [card] = await database.db.select().from(outbox);
      expect(card!.createdAt.toISOString()).toBe(at.toISOString());
      expect(card!.nextAttemptAt.toISOString()).toBe(at.toISOString());
      const [c] = await database.db.select().from(cases);
      expect(c!.updatedAt.toISOString()).toBe(at.toISOString());
      const [o] = await database.db.select().from(orders);
      expect(o!.updatedAt.toISOString()).toBe(at.toISOString());
      const [team] = await database.db.select().from(teams);
      expect(team!.createdAt.toISOString()).toBe(at.toISOString());
    });

    it('a case change is stamped with the Clock and its card refresh is due at once', async () => {
      await receiveEvent(deps, 'webhook', buyerMessage('Hello', { id: 'm-2', occurredAt: clock.now().toISOString() }));
      await worker.drain();
      clock.advance(60_000);
      const updated = await changeCase(
        deps,
        1,
        { name: 'Ana', userId: 'U_ANA', platform: 'console' },
        { action: { type: 'acknowledge' }, event: { type: 'acknowledge' } },
      );
      expect(updated.updatedAt.toISOString()).toBe(clock.now().toISOString());
      expect(await worker.drain()).toBe(1);
      expect(chat.posted[0]!.updates).toBe(1);
    });

    it('retries a failed send after its backoff on the Clock, not before', async () => {
      await receiveEvent(deps, 'webhook', buyerMessage('Hi', { id: 'm-3', occurredAt: clock.now().toISOString() }));
      chat.failNext('console', new DeliveryError('temporarily down', 'transient'));
      expect(await worker.drain()).toBe(0);
      const [row] = await database.db.select().from(outbox);
      expect(row!.state).toBe('pending');
      const wait = row!.nextAttemptAt.getTime() - clock.now().getTime();
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(1200);
      expect(await worker.drain()).toBe(0);
      clock.advance(wait);
      expect(await worker.drain()).toBe(1);
    });

    it("a team from the config file is created at the Clock's time", async () => {
      await syncConfig(database.db, { teams: [{ id: 'acme', platform: 'console' }], shops: [] } as never, 'UTC', clock.now());
      const [team] = await database.db.select().from(teams);
      expect(team!.createdAt.toISOString()).toBe(clock.now().toISOString());
    });
  });
});
