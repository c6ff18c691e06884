import { beforeEach, describe, expect, it } from 'vitest';
import type { Connector, RefundRequest } from '../../src/connectors/connector.js';
import { getCase } from '../../src/db/repos/cases.js';
import { buildServer } from '../../src/http/server.js';
import { Metrics } from '../../src/metrics.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { refundCase } from '../../workflows/money/index.js';
import { buyerMessage, orderPaid } from '../fakes/events.js';
import { resetDatabase, testDatabase, testDeps } from './harness.js';

/** A connector that records what it was asked and confirms with its own reference. */
function recordingConnector(): Connector & { refunds: RefundRequest[] } {
  const refunds: RefundRequest[] = [];
  return {
    type: 'webhook',
    refunds,
    async refund(r) {
      refunds.push(r);
      return { ok: true, ref: `FAKE-${refunds.length}` };
    },
    async reship() {
      return { ok: false, error: 'not in this test', retryable: false };
    },
    async replyToBuyer() {
      return { ok: false, error: 'not in this test', retryable: false };
    },
    async fetchTracking() {
      return undefined;
    },
  };
}

describe('deps are injected, not global', () => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  let deps: WorkflowDeps;
  let fake: ReturnType<typeof recordingConnector>;
  const asked: string[] = [];

  beforeEach(async () => {
    const database = await testDatabase('embedded');
    await resetDatabase(database);
    fake = recordingConnector();
    asked.length = 0;
    deps = testDeps(database.db, clock, {
      connectors: {
        for: (shop) => {
          asked.push(shop.id);
          return fake;
        },
      },
    });
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T15:00:00Z'));
    await receiveEvent(deps, 'webhook', buyerMessage('It arrived broken', { id: 'm1' }, 'A-1'));
  });

  it('a refund goes through the connector the deps hand out (deps.connectors.for(shop))', async () => {
    const out = await refundCase(deps, 1, { name: 'ana', userId: 'U_ANA', platform: 'console' }, { mode: 'full', reason: 'broken' });
    expect(out).toMatchObject({ status: 'refunded', ref: 'FAKE-1', amountCents: 2450 });
    expect(asked).toEqual(['shop-1']);
    expect(fake.refunds).toHaveLength(1);
    expect(fake.refunds[0]).toMatchObject({ amountCents: 2450, currency: 'USD', reason: 'broken' });
    expect((await getCase(deps.db, 1))?.status).toBe('resolved');
  });

  it('each app counts in its own Metrics, shown at its /metrics', async () => {
    const mine = new Metrics();
    const other = new Metrics();
    other.inc('intake_events_total', { outcome: 'accepted' }, 5);
    const app = buildServer({
      clock,
      log: silentLogger,
      webhookSecret: 's'.repeat(32),
      intake: async () => ({ duplicate: false, effect: {} }),
      ready: async () => true,
      metrics: mine,
    });
    mine.inc('outbox_sent_total', { platform: 'console' });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('sellerdesk_outbox_sent_total{platform="console"} 1');
    expect(text).not.toContain('intake_events_total');
    await app.close();
  });
});
