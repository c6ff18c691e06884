import { describe, expect, it } from 'vitest';
import { cases } from '../../src/db/schema.js';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock } from '../../src/ports.js';
import type { Reply } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { fakeActor } from '../fakes/actors.js';
import { buyerMessage } from '../fakes/events.js';
import { resetDatabase, testDatabase, testDeps } from './harness.js';

const text = (r: Reply): string =>
  r.type === 'message' ? [r.view.title, ...r.view.nodes.map((n) => ('text' in n ? n.text : ''))].join(' ') : `(${r.type})`;

describe('teams and tenants', () => {
  it('refuses interactions from an unknown workspace once teams name theirs, and cases of another team', async () => {
    const database = await testDatabase('embedded');
    await resetDatabase(database);
    const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
    const deps: WorkflowDeps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    const { syncConfig } = await import('../../src/db/repos/config-sync.js');
    await syncConfig(
      deps.db,
      {
        teams: [
          { id: 'acme', platform: 'console', externalId: 'T_ACME' },
          { id: 'other', platform: 'console', externalId: 'T_OTHER' },
        ],
        shops: [
          { id: 'acme-shop', team: 'acme' },
          { id: 'other-shop', team: 'other' },
        ],
      },
      'UTC',
      clock.now(),
    );
    await receiveEvent(deps, 'webhook', buyerMessage('Hi', { id: 'x1', shopId: 'other-shop' }));
    const d = createDispatcher(deps);
    const eve = fakeActor('U_EVE');
    expect(text(await d.click('case.resolve:1', eve, { externalTeamId: 'T_STRANGER' }))).toMatch(
      /workspace \(T_STRANGER\) is not connected/,
    );
    expect(text(await d.click('case.resolve:1', eve, { externalTeamId: 'T_ACME' }))).toMatch(/Case #1 belongs to another team/);
    expect((await deps.db.select().from(cases))[0]!.status).toBe('open');
    expect(text(await d.click('case.resolve:1', eve, { externalTeamId: 'T_OTHER' }))).toMatch(/resolved/);
  });
});
