import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { outbox, teams } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { countPending, scanOverdue } from '../../workflows/overdue/index.js';
import { resolveCase } from '../../workflows/cases/index.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const HOUR = 3_600_000;

describe.each(dbKinds)('overdue scan on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const opts = { digestThreshold: 3, batch: 1000 };
  const titles = async () =>
    (await deps.db.select().from(outbox).orderBy(outbox.id))
      .filter((o) => o.idempotencyKey.startsWith('overdue'))
      .map((o) => (o.payload as { view: { title: string } }).view.title);

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
  });

  it('warns at the target, alerts the breach at the maximum, each exactly once', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage('Hello?', { id: 'm1' }));
    expect((await scanOverdue(deps, opts)).messages).toBe(0);
    clock.advance(2 * HOUR);
    expect(await scanOverdue(deps, opts)).toMatchObject({ targetWarnings: 1, breaches: 0, messages: 1 });
    expect(await scanOverdue(deps, opts)).toMatchObject({ targetWarnings: 0, messages: 0 });
    clock.advance(22 * HOUR);
    expect(await scanOverdue(deps, opts)).toMatchObject({ targetWarnings: 0, breaches: 1, messages: 1 });
    expect(await scanOverdue(deps, opts)).toMatchObject({ messages: 0 });
    expect(await titles()).toEqual(['Reply target passed', 'Reply maximum breached']);
  });

  it('mentions the on-call group on a breach', async () => {
    await deps.db
      .update(teams)
      .set({ settings: { onCall: 'S_ONCALL' } })
      .where(eq(teams.id, 'default'));
    await receiveEvent(deps, 'webhook', buyerMessage('Hello?', { id: 'm1' }));
    await deps.db
      .update(teams)
      .set({ settings: { onCall: 'S_ONCALL' } })
      .where(eq(teams.id, 'default'));
    clock.advance(25 * HOUR);
    const r = await scanOverdue(deps, opts);
    expect(r).toMatchObject({ breaches: 1, targetWarnings: 0, messages: 1 });
    const [row] = (await deps.db.select().from(outbox)).filter((o) => o.idempotencyKey.startsWith('overdue'));
    const nodes = (row!.payload as { view: { nodes: Array<{ type: string; targets?: unknown }> } }).view.nodes;
    expect(nodes.find((n) => n.type === 'mentions')?.targets).toEqual([{ kind: 'group', id: 'S_ONCALL' }]);
  });

  it('never alerts an item resolved or shipped before the scan', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage('Hello?', { id: 'm1' }));
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T10:00:00Z'));
    await resolveCase(deps, 1, { name: 'ana', userId: 'U1', platform: 'console' });
    await receiveEvent(deps, 'webhook', makeEvent('order.shipped', { orderId: 'A-1' }, { occurredAt: '2026-11-23T15:00:00Z' }));
    clock.advance(48 * HOUR);
    expect(await scanOverdue(deps, opts)).toMatchObject({ messages: 0, shipLate: 0 });
  });

  it('alerts imported orders past ship-by once, grouped into a digest when many', async () => {
    for (let i = 0; i < 5; i++) await receiveEvent(deps, 'webhook', orderPaid(`O-${i}`, '2026-11-10T10:00:00Z'));
    await receiveEvent(deps, 'webhook', orderPaid('O-new', '2026-11-23T10:00:00Z'));
    expect(await countPending(deps)).toEqual({ shipLate: 5, targetWarnings: 0, breaches: 0 });
    const r = await scanOverdue(deps, opts);
    expect(r).toMatchObject({ shipLate: 5, digests: 1, messages: 2 });
    expect(await titles()).toEqual(['5 items became overdue', 'Overdue 1–5 of 5']);
    const thread = (await deps.db.select().from(outbox)).find((o) => o.op === 'thread');
    expect(thread!.parentId).not.toBeNull();
    expect((await scanOverdue(deps, opts)).messages).toBe(0);
  });

  it('posts separate alerts at or under the digest threshold', async () => {
    for (let i = 0; i < 3; i++) await receiveEvent(deps, 'webhook', orderPaid(`O-${i}`, '2026-11-10T10:00:00Z'));
    expect(await scanOverdue(deps, opts)).toMatchObject({ shipLate: 3, digests: 0, messages: 3 });
  });

  it('lets two concurrent scans alert each item once', async () => {
    for (let i = 0; i < 20; i++) await receiveEvent(deps, 'webhook', orderPaid(`O-${i}`, '2026-11-10T10:00:00Z'));
    const [a, b] = await Promise.all([
      scanOverdue(deps, { digestThreshold: 100, batch: 1000 }),
      scanOverdue(deps, { digestThreshold: 100, batch: 1000 }),
    ]);
    expect(a.shipLate + b.shipLate).toBe(20);
    expect((await deps.db.select().from(outbox)).filter((o) => o.idempotencyKey.startsWith('overdue'))).toHaveLength(20);
  });
});
