import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCase } from '../../src/db/repos/cases.js';
import { outbox, teams } from '../../src/db/schema.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { destinationSenders, type DestinationConfig } from '../../src/delivery/destinations/index.js';
import type { EscalationDestinationSettings } from '../../src/domain/escalation-settings.js';
import type { OutboxPlatform } from '../../src/domain/types.js';
import { destinationSettingsFor, escalationTargets, queueExtraDestinations } from '../../workflows/escalation/index.js';
import { renderEmail } from '../../src/delivery/destinations/email.js';
import type { EscalationWebhookBody } from '../../src/delivery/destinations/webhook.js';
import { verifyEventSignature } from '../../src/signature.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { escalateCase, evidencePack, supportAnswer, type EscalationInput } from '../../workflows/escalation/index.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from '../db/harness.js';
import { makeEvent, orderPaid } from '../fakes/events.js';
import { MemoryChat } from '../fakes/memory-chat.js';
import { TestSmtpServer } from '../support/smtp-server.js';

const SECRET = 'escalation-webhook-secret-0123456789';

/** Receives webhooks and checks their signature; answers from a script (default 204). */
class WebhookReceiver {
  readonly received: Array<{ body: EscalationWebhookBody; delivery: string | undefined; signature: string }> = [];
  readonly script: Array<number | 'hang'> = [];
  private server: Server | undefined;
  url = '';
  constructor(private readonly clock: ManualClock) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const ts = req.headers['x-sellerdesk-timestamp'] as string | undefined;
        const sig = req.headers['x-sellerdesk-signature'] as string | undefined;
        const check = verifyEventSignature(SECRET, ts, sig, raw, this.clock.now());
        if (!check.ok) {
          res.writeHead(401).end(check.error);
          return;
        }
        const next = this.script.shift();
        if (next === 'hang') return; // never answers
        this.received.push({
          body: JSON.parse(raw.toString('utf8')) as EscalationWebhookBody,
          delivery: req.headers['x-sellerdesk-delivery'] as string | undefined,
          signature: sig!,
        });
        res.writeHead(next ?? 204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/sellerdesk/escalations`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe.each(dbKinds)('escalation destinations on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const actor = { name: 'ana', userId: 'U_ANA', platform: 'console' as const };
  const input: EscalationInput = {
    reason: 'fraudulent',
    rule: 'Buyer claims order A-1 never arrived, but tracking shows it delivered on 2026-11-15.',
  };
  let deps: WorkflowDeps;
  let sink: TestSmtpServer;
  let hook: WebhookReceiver;
  let config: DestinationConfig;

  /** What escalateCase will do once wired: the chat pack, then the extra destinations in the same transaction. */
  const escalate = async (settings: EscalationDestinationSettings) => {
    const c = await escalateCase(deps, 1, actor, input);
    return deps.db.transaction(async (tx) => queueExtraDestinations(tx, c, await evidencePack(tx, c, input), settings, input, clock.now()));
  };
  const worker = (cfg: DestinationConfig = config) => {
    const senders = destinationSenders(deps.db, cfg);
    return {
      senders,
      worker: new DeliveryWorker({
        db: deps.db,
        chats: [new MemoryChat(), ...senders.chats],
        clock,
        log: silentLogger,
        pacing: senders.pacing,
      }),
    };
  };
  const rows = async (platform: OutboxPlatform) => deps.db.select().from(outbox).where(eq(outbox.platform, platform)).orderBy(outbox.id);

  beforeAll(async () => {
    sink = await new TestSmtpServer().start();
    hook = await new WebhookReceiver(clock).start();
  });
  afterAll(async () => {
    await sink.stop();
    await hook.stop();
  });

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    sink.mails.length = 0;
    hook.received.length = 0;
    hook.script.length = 0;
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    config = {
      email: { smtpUrl: sink.url, from: 'SellerDesk <desk@example.com>', timeoutMs: 10_000 },
      webhook: { secret: SECRET, timeoutMs: 1000, clock },
    };
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-10T12:00:00Z'));
    await receiveEvent(
      deps,
      'webhook',
      makeEvent('dispute.opened', {
        buyer: { id: 'b-1', name: 'Dana Smith' },
        orderId: 'A-1',
        reason: 'not_received',
        message: 'It never came',
      }),
    );
    await deps.db
      .update(teams)
      .set({
        settings: { escalationDestinations: { email: { to: ['support@example.com', 'owner@example.com'] }, webhook: { url: hook.url } } },
      })
      .where(eq(teams.id, 'default'));
  });

  const teamSettings = async () => destinationSettingsFor((await deps.db.select().from(teams))[0]!.settings, config);

  it('delivers the evidence pack by email and by a signed webhook, once', async () => {
    const settings = await teamSettings();
    expect(escalationTargets(settings)).toEqual([
      { platform: 'email', channel: 'support@example.com,owner@example.com' },
      { platform: 'webhook', channel: hook.url },
    ]);
    expect(await escalate(settings)).toBe(2);
    const { worker: w, senders } = worker();
    await w.drain();
    senders.close();

    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]!;
    expect(mail.from).toBe('desk@example.com');
    expect(mail.to).toEqual(['support@example.com', 'owner@example.com']);
    const { parsed } = mail;
    const text = parsed.text ?? '';
    expect(parsed.subject).toBe('[SellerDesk] Escalation: Fraudulent claim · case #1');
    expect(parsed.messageId).toMatch(/^<sellerdesk-outbox-\d+@example\.com>$/);
    expect(parsed.headers.get('x-sellerdesk-delivery')).toBe(String((await rows('email'))[0]!.id));
    expect(text).toContain('Why: Buyer claims order A-1 never arrived, but tracking shows it delivered on 2026-11-15.');
    expect(text).toContain('Dana Smith: It never came');
    expect(text).not.toContain('[Uphold');

    expect(hook.received).toHaveLength(1);
    const { body, delivery } = hook.received[0]!;
    expect(body).toMatchObject({
      type: 'sellerdesk.escalation',
      caseId: 1,
      shopId: 'shop-1',
      reason: 'fraudulent',
      why: input.rule,
      orderExternalId: 'A-1',
      buyer: { name: 'Dana Smith', id: 'b-1' },
      escalatedAt: '2026-11-23T15:00:00.000Z',
    });
    expect(body.view.title).toBe('Escalation: Fraudulent claim · case #1');
    expect(String(body.deliveryId)).toBe(delivery);
    expect((await rows('email'))[0]!.state).toBe('sent');
    expect((await rows('webhook'))[0]!.state).toBe('sent');
    expect((await rows('console')).every((r) => r.state === 'sent')).toBe(true);

    // Queuing the same escalation again (a retried transaction) adds nothing.
    const [row] = await rows('webhook');
    expect(
      await deps.db.transaction(async (tx) => queueExtraDestinations(tx, (await getCase(tx, 1))!, body.view, settings, input, clock.now())),
    ).toBe(0);
    expect((await rows('webhook')).map((r) => r.id)).toEqual([row!.id]);
  });

  it('retries a failing webhook and SMTP server, and dead-letters what they refuse', async () => {
    hook.script.push(503);
    sink.failNext(451);
    await escalate(await teamSettings());
    const { worker: w, senders } = worker();
    await w.drain();
    expect((await rows('webhook'))[0]).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/webhook: 503/) });
    expect((await rows('email'))[0]).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/451/) });
    clock.advance(10_000);
    await w.drain();
    expect((await rows('webhook'))[0]!.state).toBe('sent');
    expect((await rows('email'))[0]!.state).toBe('sent');
    expect(hook.received).toHaveLength(2); // the refused attempt was received (and answered 503), then the retry
    expect(sink.mails).toHaveLength(1);

    // Escalated again after support answered: a refusal (webhook 4xx, SMTP 5xx) is permanent.
    await supportAnswer(deps, 1, actor, 'upheld');
    hook.script.push(422);
    sink.failNext(550);
    expect(await escalate(await teamSettings())).toBe(2);
    await w.drain();
    senders.close();
    expect((await rows('webhook'))[1]).toMatchObject({ state: 'dead', lastError: expect.stringMatching(/webhook: 422/) });
    expect((await rows('email'))[1]).toMatchObject({ state: 'dead', lastError: expect.stringMatching(/550/) });
  });

  it('times out a webhook that does not answer, and refuses a wrong signature', async () => {
    hook.script.push('hang');
    await escalate({ webhook: { enabled: true, url: hook.url } });
    const { worker: w } = worker({ webhook: { secret: SECRET, timeoutMs: 300, clock } });
    await w.drain();
    expect((await rows('webhook'))[0]).toMatchObject({ state: 'pending', lastError: 'webhook: no answer within 300 ms' });

    const { worker: wrong } = worker({ webhook: { secret: 'not-the-receivers-secret-000000', timeoutMs: 1000, clock } });
    clock.advance(10_000);
    await wrong.drain();
    expect((await rows('webhook'))[0]).toMatchObject({
      state: 'dead',
      lastError: expect.stringMatching(/401.*X-SellerDesk-Signature does not match/),
    });
    expect(hook.received).toHaveLength(0);
  });

  it('sends nowhere extra when the deployment cannot, or the team turned it off', async () => {
    const raw = (await deps.db.select().from(teams))[0]!.settings;
    expect(escalationTargets(destinationSettingsFor(raw, {}))).toEqual([]);
    expect(escalationTargets(destinationSettingsFor(raw, { webhook: config.webhook }))).toEqual([
      { platform: 'webhook', channel: hook.url },
    ]);
    expect(
      escalationTargets(
        destinationSettingsFor(
          { escalationDestinations: { email: { enabled: false, to: ['a@example.com'] } } },
          { email: { ...config.email!, to: ['ops@example.com'] } },
        ),
      ),
    ).toEqual([]);
    expect(
      escalationTargets(
        destinationSettingsFor(
          {},
          { email: { ...config.email!, to: ['ops@example.com'] }, webhook: { ...config.webhook!, url: 'https://hooks.example.com/x' } },
        ),
      ),
    ).toEqual([
      { platform: 'email', channel: 'ops@example.com' },
      { platform: 'webhook', channel: 'https://hooks.example.com/x' },
    ]);
    expect(renderEmail({ kind: 'card', title: 'T\r\nBcc: x@example.com', summary: 's', nodes: [] }, 1).subject).toBe(
      '[SellerDesk] T Bcc: x@example.com',
    );
  });
});
