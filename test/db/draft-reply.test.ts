import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports.js';
import type { ReplyDrafter } from '../../src/ai/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { draftReply } from '../../workflows/cases/index.js';
import { buyerMessage } from '../fakes/events.js';
import { resetDatabase, testDatabase, testDeps } from './harness.js';

describe('the Reply draft', () => {
  let deps: WorkflowDeps;
  beforeEach(async () => {
    const database = await testDatabase('embedded');
    await resetDatabase(database);
    deps = testDeps(database.db, new ManualClock(new Date('2026-11-23T15:00:00Z')), {
      routing: { enabled: ['console'], defaultChannel: {} },
      defaultTimeZone: 'UTC',
    });
    await receiveEvent(deps, 'webhook', buyerMessage('My mug arrived broken', { id: 'm1' }, 'A-1'));
  });

  it('is the approved template without AI', async () => {
    expect((await draftReply(deps, 1)).text).toMatch(/^Hi Dana, thank you for your message about order A-1/);
  });

  it('uses the AI draft when it comes back, given the template and the buyer text', async () => {
    const seen: unknown[] = [];
    const drafter: ReplyDrafter = {
      draft: async (input) => (seen.push(input), { text: 'Hi Dana, I am so sorry about the mug.', source: 'ai' }),
    };
    expect((await draftReply({ ...deps, drafter }, 1)).text).toBe('Hi Dana, I am so sorry about the mug.');
    expect(seen[0]).toMatchObject({
      buyerFirstName: 'Dana',
      kind: 'message',
      buyerText: 'My mug arrived broken',
      template: expect.stringMatching(/^Hi Dana/),
    });
  });

  it('falls back to the template when the drafter fails', async () => {
    const drafter: ReplyDrafter = { draft: async () => Promise.reject(new Error('model down')) };
    expect((await draftReply({ ...deps, drafter }, 1)).text).toMatch(/^Hi Dana, thank you/);
  });
});
