import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRulesClassifier } from '../../src/ai/index.js';
import { syncConfig } from '../../src/db/repos/config-sync.js';
import { caseEvents, cases } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { triageBatch } from '../../workflows/triage/index.js';
import { buyerMessage } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const SECRET = 'marketplace-secret-0123456789';

describe.each(dbKinds)('auto-acknowledgement on %s', (kind) => {
  const received: Array<{ action: string; text: string; id: string }> = [];
  let server: Server;
  let url: string;
  let deps: WorkflowDeps;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"sent":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/decisions`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    received.length = 0;
    deps = testDeps(database.db, new ManualClock(new Date('2026-11-23T15:00:00Z')), {
      routing: { enabled: ['console'], defaultChannel: {} },
      defaultTimeZone: 'UTC',
    });
  });

  const setup = (autoAcknowledge: boolean, connector: Record<string, unknown>) =>
    syncConfig(
      deps.db,
      {
        teams: [{ id: 'acme', platform: 'console', autoAcknowledge }],
        shops: [{ id: 'shop-1', team: 'acme', name: 'Acme Ceramics', timeZone: 'America/New_York', connector: connector as never }],
      },
      'UTC',
      deps.clock.now(),
    );

  it('tells the buyer when to expect an answer, once, without stopping the clock', async () => {
    await setup(true, { type: 'webhook', url, secret: SECRET });
    await receiveEvent(deps, 'webhook', buyerMessage('Where is my order?', { id: 'm1' }, 'A-1'));
    await triageBatch(deps, { classifier: createRulesClassifier(), rules: [] });
    await triageBatch(deps, { classifier: createRulesClassifier(), rules: [] });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ action: 'reply', id: 'case:1:auto-ack' });
    // Target: 15:00Z + 2 h wall clock = 17:00Z = 12:00 in New York.
    expect(received[0]!.text).toBe(
      'Hi Dana, thank you for your message about order A-1. We have received it and will reply by Mon 23 Nov at 12:00 EST. — Acme Ceramics',
    );
    const [c] = await deps.db.select().from(cases);
    expect(c).toMatchObject({ status: 'open', firstResponseAt: null });
    expect((await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'auto_acknowledged'))).length).toBe(1);
  });

  it('records that it could not send when the connector cannot reach buyers', async () => {
    await setup(true, { type: 'manual' });
    await receiveEvent(deps, 'webhook', buyerMessage('Hello', { id: 'm1' }));
    await triageBatch(deps, { classifier: createRulesClassifier(), rules: [] });
    expect((await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'auto_ack_not_sent'))).length).toBe(1);
  });

  it('is off unless the team turns it on', async () => {
    await setup(false, { type: 'webhook', url, secret: SECRET });
    await receiveEvent(deps, 'webhook', buyerMessage('Hello', { id: 'm1' }));
    await triageBatch(deps, { classifier: createRulesClassifier(), rules: [] });
    expect(received).toHaveLength(0);
  });
});
