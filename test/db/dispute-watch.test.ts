import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseEvents, cases, onceClaims, outbox } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { disputeWatchJob, watchDisputes } from '../../workflows/escalation/index.js';
import { escalateCase, supportAnswer } from '../../workflows/escalation/index.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { resolveCase } from '../../workflows/cases/index.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const DAY = 86_400_000;
const dispute = (orderId: string, at: string, reason = 'not_received') =>
  makeEvent('dispute.opened', { buyer: { id: 'b-1', name: 'Dana Smith' }, orderId, reason }, { occurredAt: at });

describe.each(dbKinds)('dispute watch on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const ana = { name: 'ana', userId: 'U_ANA', platform: 'console' as const };
  const escalations = async () =>
    (await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'escalate')).orderBy(caseEvents.id)).map((e) => ({
      caseId: e.caseId,
      ...(e.data as { reason: string; rule?: string }),
    }));
  const packs = async () => (await deps.db.select().from(outbox)).filter((o) => /^case:\d+:escalation:/.test(o.idempotencyKey));
  const status = async (id: number) => (await deps.db.select().from(cases).where(eq(cases.id, id)))[0]!.status;

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    for (const id of ['A-1', 'A-2', 'A-3', 'A-4']) await receiveEvent(deps, 'webhook', orderPaid(id, '2026-11-01T12:00:00Z'));
  });

  it('escalates a 6-day-old dispute once across two concurrent runs, and ignores resolved and recent ones', async () => {
    await receiveEvent(deps, 'webhook', dispute('A-1', '2026-11-17T10:00:00Z')); // 1: six days old
    await receiveEvent(deps, 'webhook', dispute('A-2', '2026-11-16T10:00:00Z', 'damaged')); // 2: old but resolved
    await resolveCase(deps, 2, ana, 'replaced');
    await receiveEvent(deps, 'webhook', dispute('A-3', '2026-11-21T10:00:00Z')); // 3: two days old
    await receiveEvent(deps, 'webhook', buyerMessage('Hello?', { id: 'm1', occurredAt: '2026-11-10T10:00:00Z' })); // 4: not a dispute

    const job = disputeWatchJob();
    expect(job.name).toBe('dispute-watch');
    const preview = await job.run(deps, { dryRun: true });
    expect(preview.summary).toBe('dry run: would escalate 1 unresolved disputes');
    expect(preview.preview).toEqual(['#1 Dispute (not received) opened 2026-11-17']);

    const [a, b] = await Promise.all([job.run(deps, { dryRun: false }), job.run(deps, { dryRun: false })]);
    expect([a.summary, b.summary].filter((s) => s.startsWith('1 unresolved disputes escalated (#1)'))).toHaveLength(1);
    const esc = await escalations();
    expect(esc).toHaveLength(1);
    expect(esc[0]).toMatchObject({
      caseId: 1,
      reason: 'unresolvable_dispute',
      rule: 'Dispute (not received) opened 2026-11-17 is still unresolved after 6 days (limit 5).',
    });
    expect(await packs()).toHaveLength(1);
    expect(JSON.stringify((await packs())[0]!.payload)).toContain('Dispute we cannot resolve');
    expect(await deps.db.select().from(onceClaims)).toMatchObject([{ kind: 'dispute-watch', key: '1' }]);
    expect(await status(1)).toBe('escalated');
    expect(await status(2)).toBe('resolved');
    expect(await status(3)).toBe('open');

    // Support answers; the dispute stays open, but it was escalated once and is not sent again.
    await supportAnswer(deps, 1, ana, 'denied');
    clock.advance(3 * DAY);
    const later = await watchDisputes(deps);
    expect(later.escalated).toEqual([3]);
    expect((await escalations()).map((e) => e.caseId)).toEqual([1, 3]);
    expect((await watchDisputes(deps)).escalated).toEqual([]);
  });

  it('leaves disputes a person already escalated, and honours a longer limit', async () => {
    await receiveEvent(deps, 'webhook', dispute('A-1', '2026-11-17T10:00:00Z'));
    await receiveEvent(deps, 'webhook', makeEvent('chargeback.opened', { orderId: 'A-2' }, { occurredAt: '2026-11-16T10:00:00Z' }));
    await escalateCase(deps, 1, ana, { reason: 'fraudulent', note: 'Tracking says delivered' });
    expect((await watchDisputes(deps, { afterDays: 10, batch: 10 })).escalated).toEqual([]);
    const r = await watchDisputes(deps);
    expect(r.escalated).toEqual([2]);
    expect((await escalations()).find((e) => e.caseId === 2)?.rule).toBe(
      'Chargeback opened 2026-11-16 is still unresolved after 7 days (limit 5).',
    );
    expect((await escalations()).filter((e) => e.caseId === 1)).toHaveLength(1);
  });
});
