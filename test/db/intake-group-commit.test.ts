import { beforeEach, describe, expect, it } from 'vitest';
import { receiveAndOpenCase } from '../../src/db/repos/case-intake.js';
import { caseEvents, cases, inbox, outbox } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { makeEvent } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

/**
 * Group commit on intake's fast path: events that arrive together are written by one
 * statement, each answered as if it had been written alone.
 */
const msg = (message: string, id: string, name: string, buyerId: string) =>
  makeEvent('buyer.message', { buyer: { id: buyerId, name }, message }, { id });

describe.each(dbKinds)('intake group commit on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const statements = () => deps.metrics.get('intake_fast_statements_total');
  const written = () => deps.metrics.get('intake_fast_events_total');

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    deps = testDeps(database.db, clock);
    // The shop's first event takes the transactional path and puts the shop in the cache.
    await receiveEvent(deps, 'webhook', msg('first', 'warm', 'Warm', 'b-warm'));
  });

  it('writes a burst of events in fewer statements, each event with its own case, opened event and card', async () => {
    const [s0, w0] = [statements(), written()];
    const ids = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const results = await Promise.all(ids.map((id, i) => receiveEvent(deps, 'webhook', msg(`m ${i}`, id, `B${i}`, `b-${i}`))));
    expect(written() - w0).toBe(60);
    expect(statements() - s0).toBeLessThan(60);
    const rows = await deps.db.select().from(cases);
    const bySource = new Map(rows.map((c) => [c.sourceEventId, c]));
    results.forEach((r, i) => {
      expect(r.duplicate).toBe(false);
      const c = bySource.get(ids[i]!)!;
      expect(r.effect).toEqual({ case: c.id, created: true });
      expect(c.body).toBe(`m ${i}`);
    });
    expect((await deps.db.select().from(caseEvents)).filter((e) => e.type === 'opened')).toHaveLength(61);
    expect(await deps.db.select().from(outbox)).toHaveLength(61);
    expect(await deps.db.select().from(inbox)).toHaveLength(61);
  });

  it('answers a duplicate id in the same group as a duplicate, the first one accepted', async () => {
    const events = [0, 1, 2, 3].flatMap((i) => [
      msg(`x ${i}`, `same-${i}`, `S${i}`, `s-${i}`),
      msg(`x ${i}`, `same-${i}`, `S${i}`, `s-${i}`),
    ]);
    const results = await Promise.all(events.map((e) => receiveEvent(deps, 'webhook', e)));
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, true, false, true, false, true]);
    expect(await deps.db.select().from(cases)).toHaveLength(5);
  });

  it('threads two messages of one buyer arriving together into one case', async () => {
    const results = await Promise.all(
      ['one', 'two', 'three'].map((m, i) => receiveEvent(deps, 'webhook', msg(m, `t-${i}`, 'Tess', 'b-tess'))),
    );
    expect(results[0]!.effect).toMatchObject({ created: true });
    expect(results.slice(1).map((r) => r.effect.followUp)).toEqual([true, true]);
    expect((await deps.db.select().from(cases)).filter((c) => c.buyerId === 'b-tess')).toHaveLength(1);
  });

  it('writes the others when one event of a group fails, and fails only that one', async () => {
    const base = (id: string, clockChannel: string | null) => ({
      inbox: { source: 'webhook', externalId: id, type: 'buyer.message', shopId: 'shop-1', payload: { id }, receivedAt: clock.now() },
      c: {
        shopId: 'shop-1',
        kind: 'message' as const,
        clockChannel: clockChannel as 'message',
        sourceEventId: id,
        openedAt: clock.now(),
        targetAt: clock.now(),
        maxAt: clock.now(),
        updatedAt: clock.now(),
      },
      opened: { at: clock.now(), actor: 'x', data: {} },
      card: { platform: 'console', channel: 'console' },
      now: clock.now(),
    });
    const settled = await Promise.allSettled([
      receiveAndOpenCase(deps.db, base('ok-1', 'message'), deps.metrics),
      receiveAndOpenCase(deps.db, base('bad', null), deps.metrics),
      receiveAndOpenCase(deps.db, base('ok-2', 'message'), deps.metrics),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const sources = (await deps.db.select().from(cases)).map((c) => c.sourceEventId).sort();
    expect(sources).toEqual(['ok-1', 'ok-2', 'warm']);
  });
});
