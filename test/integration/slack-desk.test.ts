/**
 * The Slack desk end to end in Socket Mode: the real app (startApp), the real Bolt and
 * WebClient pointed at FakeSlack, the embedded PostgreSQL, and the outbox delivered by hand.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseEvents, cases, orders, outbox, shops, teams } from '../../src/db/schema.js';
import type { App } from '../../src/main.js';
import type { ManualClock } from '../../src/ports.js';
import { resetDatabase } from '../db/harness.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { FakeSlack } from '../fakes/slack-server.js';
import {
  CASES,
  OTHER,
  buttonClick,
  deliverAll,
  input,
  postEvent,
  recordingLogger,
  shown,
  slashCommand,
  startSlackApp,
  viewSubmission,
} from './slack-harness.js';

const ALICE = { id: 'U0ALICE01', name: 'alice' };
const NOPE = { id: 'U0NOPE001', name: 'nope' };
const GROUPIE = { id: 'U0GROUP01', name: 'groupie' };
const REFUNDERS = 'S0REFUND1';

type Block = { type: string; elements?: Array<{ action_id?: string }> };
const actionIds = (blocks: unknown): string[] =>
  ((blocks ?? []) as Block[]).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));

describe('Slack desk (Socket Mode, end to end)', () => {
  const fake = new FakeSlack();
  let app: App;
  let clock: ManualClock;
  const log = recordingLogger();

  beforeAll(async () => {
    await fake.start();
    ({ app, clock } = await startSlackApp(fake, {}, log));
    await fake.waitForConnection();
    fake.setUsergroupMembers(REFUNDERS, [GROUPIE.id]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });
  beforeEach(async () => {
    fake.reset();
    log.entries.length = 0;
    await resetDatabase(app.database, app.deps);
  });

  const setPermissions = (permissions: Record<string, string[]>) =>
    app.deps.db.update(teams).set({ settings: { permissions } }).where(eq(teams.id, 'default'));
  const ephemeralsOf = (user: string) => fake.ephemerals(CASES).filter((e) => e.user === user);

  /** An order of $24.50 and a buyer message about it: case #1, its card delivered. */
  async function caseWithCard() {
    await postEvent(app, clock, orderPaid('A-1001', '2026-11-20T10:00:00Z'));
    await postEvent(app, clock, buyerMessage('It arrived broken', {}, 'A-1001'));
    await deliverAll(app, clock);
    const card = fake.messages(CASES)[0];
    if (!card) throw new Error('no card posted');
    return card;
  }

  async function ask(command: string, text: string, user = ALICE, channel = CASES) {
    const payload = slashCommand(fake, command, text, user, channel);
    const ack = await fake.sendEnvelope('slash_commands', payload);
    const [answer] = await fake.waitFor(
      () => fake.responsesTo(payload.response_url).length > 0 && fake.responsesTo(payload.response_url),
      `answer to ${command}`,
    );
    return { ack, body: answer!.body };
  }

  it('posts a buyer message as a card with outbox metadata and buttons; a shop route sends its cards to another channel', async () => {
    const accepted = await postEvent(app, clock, buyerMessage('Where is my order?'));
    expect(accepted).toMatchObject({ status: 'accepted', case: 1 });
    expect(await app.worker.drain()).toBe(1);
    const [card] = fake.messages(CASES);
    expect(card?.metadata).toMatchObject({ event_type: 'sellerdesk_outbox', event_payload: { outbox_id: expect.any(Number) } });
    expect(actionIds(card?.blocks)).toEqual([
      'case.refund:1',
      'case.reship:1',
      'case.claim:1',
      'case.reply:1',
      'case.escalate:1',
      'case.resolve:1',
    ]);
    expect(shown(card)).toContain('Where is my order?');

    // An admin routes shop-2's cases to OTHER with the slash command, from that channel.
    await postEvent(app, clock, orderPaid('B-1', '2026-11-20T10:00:00Z', { shopId: 'shop-2' }));
    const { ack, body } = await ask('/sellerdesk', 'route cases shop-2', ALICE, OTHER);
    expect(ack.payload).toEqual({});
    expect(body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Route set/) });
    const [shop2] = await app.deps.db.select().from(shops).where(eq(shops.id, 'shop-2'));
    expect(shop2?.routes).toEqual({ cases: OTHER });

    await postEvent(app, clock, buyerMessage('Hello from shop 2', { shopId: 'shop-2' }));
    await deliverAll(app, clock);
    expect(fake.messages(OTHER).map((m) => m.text)).toEqual([expect.stringMatching(/#2 from Dana \(shop-2\)/)]);
    expect(fake.messages(CASES)).toHaveLength(1);
  });

  it('refund: modal, one refund recorded with who, card updated in place with a thread note; a second try refunds nothing', async () => {
    const card = await caseWithCard();
    await setPermissions({ refund: [ALICE.id] });

    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', ALICE, CASES, card.ts));
    const opened = await fake.waitFor(() => fake.openedViews()[0], 'the refund modal');
    expect(opened).toMatchObject({ type: 'modal', callback_id: 'case.refund:1' });
    expect(JSON.parse(String(opened.private_metadata))).toEqual({ c: CASES, t: card.ts });
    expect(shown(opened)).toContain('$24.50');

    // A form that does not parse stays open, with the message next to the field, and does nothing.
    const bad = { mode: { mode: input.select('partial') }, amount: { amount: input.text('ten') }, reason: { reason: input.text('x') } };
    const kept = await fake.sendEnvelope('interactive', viewSubmission(fake, opened, ALICE, bad));
    expect(kept.payload).toEqual({
      response_action: 'errors',
      errors: { amount: 'an amount like 12.50', reason: 'say why, in a few words' },
    });
    expect((await app.deps.db.select().from(cases))[0]!.status).toBe('open');

    const values = {
      mode: { mode: input.select('full') },
      amount: { amount: input.number(null) },
      reason: { reason: input.text('Arrived broken') },
    };
    const submission = viewSubmission(fake, opened, ALICE, values);
    const ack = await fake.sendEnvelope('interactive', submission);
    expect(ack.payload).toEqual({}); // closes the modal
    const confirmed = await fake.waitFor(() => ephemeralsOf(ALICE.id)[0], 'the refund confirmation');
    expect(confirmed.text).toMatch(/^Refund recorded: /);

    const [c] = await app.deps.db.select().from(cases);
    expect(c).toMatchObject({
      status: 'resolved',
      lastActor: 'alice',
      resolution: { type: 'refund_full', amountCents: 2450, note: 'Arrived broken' },
    });
    const refunds = () => app.deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'refund'));
    expect(await refunds()).toEqual([
      expect.objectContaining({ actor: 'alice', platform: 'slack', data: expect.objectContaining({ userId: ALICE.id, mode: 'full' }) }),
    ]);

    await deliverAll(app, clock);
    const updated = fake.message(CASES, card.ts);
    expect(updated?.updates).toBe(1);
    expect(shown(updated)).toMatch(/refund full \$24\.50: Arrived broken/);
    expect(actionIds(updated?.blocks)).toEqual(['case.reopen:1']);
    const thread = fake.messages(CASES).filter((m) => m.thread_ts === card.ts && m.ts !== card.ts);
    expect(thread.map((m) => m.text)).toEqual(['Refund of $24.50 decided']);

    // The same modal submitted again (a double submit), then the stale card's button clicked again.
    await fake.sendEnvelope('interactive', viewSubmission(fake, opened, ALICE, values));
    const second = await fake.waitFor(() => ephemeralsOf(ALICE.id)[1], 'the answer to a second submission');
    expect(second.text).toMatch(/Nothing was done/);
    expect(second.text).toMatch(/refund/i);
    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', ALICE, CASES, card.ts));
    const third = await fake.waitFor(() => ephemeralsOf(ALICE.id)[2], 'the answer to a second click');
    expect(third.text).toMatch(/^Already handled: Case #1 is already resolved \(refund full\) by alice/);

    expect(fake.openedViews()).toHaveLength(1);
    expect(await refunds()).toHaveLength(1);
    const [order] = await app.deps.db.select().from(orders);
    expect(order?.refundedCents).toBe(2450);
  });

  it('refuses a user without permission, naming who can; a member of a permitted user group may refund', async () => {
    const card = await caseWithCard();
    await setPermissions({ refund: [ALICE.id, REFUNDERS] });

    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', NOPE, CASES, card.ts));
    const refusal = await fake.waitFor(() => ephemeralsOf(NOPE.id)[0], 'the refusal');
    expect(refusal.text).toBe("Only some people can refund on this team's cases.");
    expect(shown(refusal)).toContain("You can't refund here");
    expect(shown(refusal)).toContain(`<@${ALICE.id}> <!subteam^${REFUNDERS}>`);
    expect(fake.openedViews()).toHaveLength(0);

    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', GROUPIE, CASES, card.ts));
    expect(await fake.waitFor(() => fake.openedViews()[0], 'the modal for a group member')).toMatchObject({ callback_id: 'case.refund:1' });

    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', NOPE, CASES, card.ts));
    await fake.waitFor(() => ephemeralsOf(NOPE.id)[1], 'the second refusal');
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(1); // membership is cached
    expect((await app.deps.db.select().from(cases))[0]?.status).toBe('open');
  });

  it('answers /shop-status in the channel and /cases privately, through the response_url', async () => {
    await caseWithCard();
    const status = await ask('/shop-status', 'shop-1');
    expect(status.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^shop-1: /) });
    expect(shown(status.body as { text: string; blocks: unknown })).toContain('shop-1 · shop status');

    const list = await ask('/cases', '');
    expect(list.body).toMatchObject({ response_type: 'ephemeral', text: '1 open case' });
    expect(shown(list.body as { blocks: unknown })).toContain('#1 Buyer message · Dana · shop-1');

    const usage = await ask('/cases', 'everything');
    expect(usage.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^Usage: \/cases \[open\|overdue\|mine\]: filter: one of open, overdue, mine/),
    });
  });

  it('a 429 on one channel pauses that channel only: another channel still gets its card in the same drain', async () => {
    await postEvent(app, clock, orderPaid('B-1', '2026-11-20T10:00:00Z', { shopId: 'shop-b' }));
    await ask('/sellerdesk', 'route cases shop-b', ALICE, OTHER);
    fake.rateLimit({ perChannelPerSec: 0.01, burst: 1 }); // CASES gets one post, then 429 with Retry-After 100
    await postEvent(app, clock, buyerMessage('first'));
    expect(await app.worker.drain()).toBe(1);

    await postEvent(app, clock, makeEvent('buyer.message', { buyer: { id: 'b-2', name: 'Lee' }, message: 'second' }));
    await postEvent(app, clock, buyerMessage('for shop b', { shopId: 'shop-b' }));
    const started = Date.now();
    expect(await app.worker.drain()).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000); // no SDK wait on the 100 s Retry-After

    expect(fake.rateLimitedByChannel.get(CASES)).toBe(1);
    expect(fake.messages(OTHER)).toHaveLength(1);
    expect(fake.messages(CASES)).toHaveLength(1);
    const [waiting] = await app.deps.db.select().from(outbox).where(eq(outbox.caseId, 2));
    expect(waiting?.state).toBe('pending');
    expect(waiting!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(100_000);
  });

  it('escapes mention and link injection in buyer text: no raw <!channel>, <@U…> or <url|label> reaches Slack', async () => {
    const evil = '<!channel> <@U123> <https://evil.example|bank> &';
    await postEvent(
      app,
      clock,
      makeEvent('buyer.message', { buyer: { id: 'b-9', name: '<!here> Eve' }, message: evil, subject: '<!everyone>' }),
    );
    await app.worker.drain();
    const all = shown(fake.messages(CASES)[0]);
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<https://evil.example|bank>']) expect(all).not.toContain(raw);
    expect(all).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|bank&gt; &amp;');
  });

  it('a Slack failure after the ack is logged with a reference id the user also sees, without secrets; the app keeps answering', async () => {
    const card = await caseWithCard();
    fake.failNext('views.open', { reset: true }); // the connection drops: a request error carrying the request (and its token)
    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', ALICE, CASES, card.ts));
    const sorry = await fake.waitFor(() => ephemeralsOf(ALICE.id)[0], 'the apology');
    const ref = /reference: ([0-9a-f]{8})/.exec(sorry.text)?.[1];
    expect(sorry.text).toMatch(/^Something went wrong: SellerDesk could not show its answer/);
    const failed = log.entries.find((e) => e.level === 'error');
    expect(failed?.obj).toMatchObject({
      ref,
      kind: 'click',
      name: 'case.refund:1',
      user: ALICE.id,
      platform: 'slack',
      error: { code: 'slack_webapi_request_error' },
    });
    const logged = JSON.stringify(log.entries);
    for (const secret of [fake.botToken, fake.appToken, 'Bearer']) expect(logged).not.toContain(secret);

    await fake.sendEnvelope('interactive', buttonClick(fake, 'case.refund:1', ALICE, CASES, card.ts));
    expect(await fake.waitFor(() => fake.openedViews()[0], 'the modal on a second try')).toMatchObject({ callback_id: 'case.refund:1' });
  });
});
