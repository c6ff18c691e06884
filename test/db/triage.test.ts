import { asc } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRulesClassifier } from '../../src/ai/rules-classifier.js';
import { cases } from '../../src/db/schema.js';
import { ManualClock, type Classifier } from '../../src/ports.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { triageBatch } from '../../workflows/triage/index.js';
import { buyerMessage, makeEvent } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

describe.each(dbKinds)('triage with the rules classifier on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));

  /** The rules classifier, counting calls per text. */
  function countingClassifier(): Classifier & { calls: string[] } {
    const rules = createRulesClassifier();
    const calls: string[] = [];
    return { calls, classify: (text, ctx) => (calls.push(text), rules.classify(text, ctx)) };
  }

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'America/New_York',
    });
  });

  it('flags an abusive buyer and raises the priority; an ordinary complaint is only negative; each case once', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage('You stupid b1tch, where is my order? F*ck you.', { id: 'm-abuse' }));
    await receiveEvent(
      deps,
      'webhook',
      makeEvent(
        'buyer.message',
        { buyer: { id: 'b-2', name: 'Eli Park' }, message: 'This is damn disappointing, the mug arrived broken.' },
        { id: 'm-plain' },
      ),
    );
    await receiveEvent(
      deps,
      'webhook',
      makeEvent('buyer.message', { buyer: { id: 'b-3', name: 'Flo Ng' }, message: 'Thanks, love it!' }, { id: 'm-happy' }),
    );
    const before = await deps.db.select().from(cases).orderBy(asc(cases.id));
    expect(before.map((c) => c.priority)).toEqual(['normal', 'normal', 'normal']);

    const classifier = countingClassifier();
    clock.advance(1000);
    expect(await triageBatch(deps, { classifier, rules: [] })).toBe(3);

    const [abusive, unhappy, happy] = await deps.db.select().from(cases).orderBy(asc(cases.id));
    expect(abusive!.flags).toContain('abusive');
    expect(abusive!.flags).toContain('negative');
    expect(abusive!.priority).toBe('high');
    expect(abusive!.triage).toMatchObject({ source: 'rules', abusive: true, sentiment: 'negative', urgency: 'high' });
    expect((abusive!.triage as { hints: string[] }).hints).toEqual(
      expect.arrayContaining(['abuse:insult:bitch', 'abuse:aimed-profanity:fuck']),
    );

    expect(unhappy!.flags).not.toContain('abusive');
    expect(unhappy!.flags).toContain('negative');
    expect(unhappy!.priority).toBe('normal');
    expect(unhappy!.triage).toMatchObject({ abusive: false, sentiment: 'negative' });

    // Triage never lowers the intake priority: a low-urgency thank-you stays normal.
    expect(happy!.flags).toEqual([]);
    expect(happy!.priority).toBe('normal');
    expect(happy!.triage).toMatchObject({ sentiment: 'positive', urgency: 'low' });

    for (const c of [abusive, unhappy, happy]) expect(c!.triagedAt!.toISOString()).toBe('2026-11-23T15:00:01.000Z');
    expect(classifier.calls).toHaveLength(3);

    // Nothing is left in the queue: later rounds classify nothing again.
    expect(await triageBatch(deps, { classifier, rules: [] })).toBe(0);
    expect(await triageBatch(deps, { classifier, rules: [] })).toBe(0);
    expect(classifier.calls).toHaveLength(3);
  });

  it('threats make a case urgent; concurrent rounds triage each case once', async () => {
    await receiveEvent(deps, 'webhook', buyerMessage("Refund me now or you'll regret it. I know where you live.", { id: 'm-threat' }));
    for (let i = 0; i < 4; i++) {
      await receiveEvent(
        deps,
        'webhook',
        makeEvent('buyer.message', { buyer: { id: `b-${i + 10}`, name: `Buyer ${i}` }, message: 'Where is my order?' }, { id: `m-${i}` }),
      );
    }
    const classifier = countingClassifier();
    const counts = await Promise.all([
      triageBatch(deps, { classifier, rules: [], batch: 2 }),
      triageBatch(deps, { classifier, rules: [], batch: 2 }),
      triageBatch(deps, { classifier, rules: [], batch: 2 }),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(classifier.calls).toHaveLength(5);

    const rows = await deps.db.select().from(cases).orderBy(asc(cases.id));
    expect(rows[0]).toMatchObject({ priority: 'urgent' });
    expect(rows[0]!.flags).toContain('abusive');
    expect(rows.slice(1).every((r) => !r.flags.includes('abusive') && r.priority === 'normal')).toBe(true);
  });
});
