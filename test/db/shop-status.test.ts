import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock } from '../../src/ports.js';
import type { CardView } from '../../src/ui/view.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { fakeActor } from '../fakes/actors.js';
import { buyerMessage } from '../fakes/events.js';
import { resetDatabase, testDatabase, testDeps } from './harness.js';

describe('/shop-status', () => {
  it('shows the standing with the patterns the standards name', async () => {
    const database = await testDatabase('embedded');
    await resetDatabase(database);
    const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
    const deps = testDeps(database.db, clock, { routing: { enabled: ['console' as const], defaultChannel: {} }, defaultTimeZone: 'UTC' });
    await receiveEvent(deps, 'webhook', buyerMessage('Hello?', { id: 'm1' }));
    const d = createDispatcher(deps);
    const before = await d.command('shop-status', '', fakeActor('U1'));
    expect(JSON.stringify((before as { view: CardView }).view)).toContain('"value":"Good"');
    clock.advance(25 * 3_600_000);
    const after = (await d.command('shop-status', 'shop-1', fakeActor('U1'))) as { view: CardView };
    const text = JSON.stringify(after.view);
    expect(text).toContain('"value":"At risk"');
    expect(text).toMatch(/unanswered|past their maximum|past its/i);
    expect(after.view.accent).toBe('warning');
  });
});
