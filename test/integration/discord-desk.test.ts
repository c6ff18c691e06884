/**
 * The whole desk on Discord: startApp with DISCORD_* pointed at FakeDiscord (real
 * discord.js Client and REST, a database on the worker's embedded server), events in over signed HTTP, the outbox
 * drained by hand with a manual clock, interactions sent through the fake gateway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config.js';
import { enqueue } from '../../src/db/repos/outbox.js';
import { getShop } from '../../src/db/repos/shops.js';
import { caseEvents, cases, outbox, teams } from '../../src/db/schema.js';
import type { IntakeEvent } from '../../src/domain/events.js';
import { startApp, type App } from '../../src/main.js';
import { testDatabaseUrl } from '../db/harness.js';
import { renderCard } from '../../src/platforms/discord/render.js';
import { ManualClock, silentLogger } from '../../src/ports.js';
import { card } from '../../src/ui/view.js';
import { destinationFor } from '../../workflows/cases/index.js';
import { FakeDiscord, type ApiMessage, type FakeGuild, type RecordedCallback } from '../fakes/discord-server.js';
import { resolveMentions } from '../fakes/discord-wire.js';
import { buyerMessage, orderPaid } from '../fakes/events.js';
import { signedHeaders } from '../fakes/sign.js';
import { withForumPosts } from './discord-forum-fake.js';

const GUILD = '110000000000000001';
const CASES = '120000000000000001';
const ESCALATIONS = '120000000000000002';
const FORUM = '120000000000000015';
const NEWS = '120000000000000005';
const REFUNDERS = '130000000000000002';
const guild: FakeGuild = {
  id: GUILD,
  name: 'Seller Team',
  channels: [
    { id: CASES, name: 'cases' },
    { id: ESCALATIONS, name: 'escalations' },
    { id: FORUM, name: 'reminders', type: 15 },
    { id: NEWS, name: 'announcements', type: 5 },
  ],
  roles: [
    { id: '130000000000000001', name: 'On call' },
    { id: REFUNDERS, name: 'Refunders' },
  ],
};
const rita = { id: '190000000000000011', username: 'rita', global_name: 'Rita' };
const sam = { id: '190000000000000012', username: 'sam', global_name: 'Sam' };
const HOSTILE = 'Where is my mug? @everyone @here <@&130000000000000001> <@190000000000000012> [free refund](https://evil.example/x)';

type Body = Record<string, unknown>;
const embedOf = (m: { embeds?: unknown } | Body | undefined): Body => ((m?.embeds as Body[] | undefined) ?? [])[0] ?? {};
const customIds = (m: { components?: unknown } | undefined): string[] =>
  ((m?.components as Body[] | undefined) ?? []).flatMap((row) => (row.components as Body[]).map((b) => String(b.custom_id)));
const flags = (cb: RecordedCallback): number => Number(cb.data?.flags ?? 0);

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('SellerDesk on Discord (startApp + FakeDiscord)', () => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const dataDir = mkdtempSync(join(tmpdir(), 'sellerdesk-discord-'));
  const discord = withForumPosts(new FakeDiscord({ guilds: [guild] }));
  let app: App;
  let cardMessage: ApiMessage;

  /** The pacing and pauses use the manual clock: move it past the per-channel pace first. */
  const drain = async (advanceMs = 5_000) => {
    clock.advance(advanceMs);
    return app.worker.drain();
  };
  const send = async (e: IntakeEvent) => {
    const body = JSON.stringify(e);
    const res = await fetch(`${app.url}/webhooks/events`, {
      method: 'POST',
      headers: signedHeaders(app.webhookSecret, body, clock.now()),
      body,
    });
    expect(res.status).toBe(202);
  };
  const click = (customId: string, user: typeof rita, roles: string[] = []) =>
    discord.dispatchInteraction({
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: discord.message(cardMessage.id),
      user,
      roles,
    });

  beforeAll(async () => {
    await discord.start();
    const env = loadEnv({
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: await testDatabaseUrl('embedded'),
      LOG_LEVEL: 'silent',
      WEBHOOK_SECRET: 'discord-test-secret-0123',
      SCHEDULER_ENABLED: 'false',
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.appId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_DEFAULT_CHANNEL: CASES,
    });
    app = await startApp(env, { clock, log: silentLogger, manualDelivery: true });
    await app.deps.db.insert(teams).values({
      id: 'default',
      name: 'Seller Team',
      platform: 'discord',
      externalId: GUILD,
      settings: { permissions: { refund: [REFUNDERS] }, routes: { reminders: FORUM } },
      createdAt: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await discord.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in with the Guilds intent only; a buyer message becomes a card with buttons, and a follow-up goes into its thread', async () => {
    expect(discord.identifies.at(-1)?.intents).toBe(1);
    await send(orderPaid('A-1001', '2026-11-22T10:00:00Z'));
    await send(buyerMessage(HOSTILE, {}, 'A-1001'));
    expect(await drain()).toBe(1);

    cardMessage = discord.messages(CASES).at(-1) as ApiMessage;
    expect(cardMessage.author.id).toBe(discord.botUser.id);
    expect(embedOf(cardMessage).title).toBe('Buyer message #1 · Dana');
    expect(customIds(cardMessage)).toEqual([
      'case.refund:1',
      'case.reship:1',
      'case.claim:1',
      'case.reply:1',
      'case.escalate:1',
      'case.resolve:1',
    ]);
    const posted = discord.requests.find((r) => r.method === 'POST' && r.path === `/channels/${CASES}/messages`);
    expect((posted?.body as Body).allowed_mentions).toEqual({ parse: [] });

    // "@everyone" and mentions in buyer text are shown, defused, and ping nobody.
    expect(cardMessage.mention_everyone).toBe(false);
    expect(cardMessage.mention_roles).toEqual([]);
    expect(cardMessage.mentions).toEqual([]);
    const description = String(embedOf(cardMessage).description);
    expect(description).toContain('@\u200beveryone');
    expect(description).not.toMatch(/(?<!\\)<@/);
    expect(description).toContain('\\[free refund\\]\\(https://evil.example/x\\)');

    await send(buyerMessage('Any news? @here', {}, 'A-1001'));
    await drain();
    const thread = discord.messages(cardMessage.id);
    expect(discord.message(cardMessage.id)?.thread).toMatchObject({ parent_id: CASES, type: 11 });
    expect(embedOf(thread.at(-1)).title).toBe('Dana Smith wrote again');
    expect(thread.at(-1)?.mention_everyone).toBe(false);
    // The card itself was refreshed in place, not posted again.
    expect(discord.messages(CASES)).toHaveLength(1);
    expect(discord.edits.some((e) => e.kind === 'channel' && e.messageId === cardMessage.id)).toBe(true);
  });

  it('/shop-status answers in the channel and /cases lists the open case', async () => {
    const status = await discord.dispatchInteraction({ type: 2, data: { name: 'shop-status', options: [] }, user: sam });
    expect(status.status).toBe(204);
    if (status.type === 5) await waitFor('the deferred edit', () => discord.edits.find((e) => e.kind === 'original'));
    else expect(status).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    const statusMessage = discord.messages(CASES).at(-1);
    expect(embedOf(statusMessage).title).toBe('shop-1 · shop status');
    expect((statusMessage?.flags ?? 0) & 64).toBe(0);

    const list = await discord.dispatchInteraction({
      type: 2,
      data: { name: 'cases', options: [{ name: 'filter', type: 3, value: 'open' }] },
      user: sam,
    });
    expect(list).toMatchObject({ type: 4, status: 204 });
    expect(flags(list) & 64).toBe(64);
    expect(embedOf(list.data).title).toBe('1 open case');
    expect(String(embedOf(list.data).description)).toContain('#1 Buyer message · Dana · shop-1');

    const usage = await discord.dispatchInteraction({
      type: 2,
      data: { name: 'case', options: [{ name: 'id', type: 3, value: 'twelve' }] },
      user: sam,
    });
    expect(flags(usage) & 64).toBe(64);
    expect(String(embedOf(usage.data).title)).toContain('Usage: /case');
  });

  it('refuses a refund to a member without the role, ephemerally, naming the role without pinging it', async () => {
    const refused = await click('case.refund:1', sam, ['130000000000000001']);
    expect(refused).toMatchObject({ type: 4, status: 204 });
    expect(flags(refused) & 64).toBe(64);
    expect(embedOf(refused.data).title).toBe("You can't refund here");
    expect(refused.data?.content).toBe(`<@&${REFUNDERS}>`);
    expect(refused.data?.allowed_mentions).toEqual({ parse: [] });
    expect(resolveMentions(String(refused.data?.content), refused.data?.allowed_mentions)).toEqual({
      users: [],
      roles: [],
      everyone: false,
    });
    // Why the adapter overrides: the renderer alone would allow the role mention it names.
    expect(
      renderCard(card({ title: 't', summary: 't', nodes: [{ type: 'mentions', targets: [{ kind: 'role', id: REFUNDERS }] }] }))
        .allowed_mentions.roles,
    ).toEqual([REFUNDERS]);
    expect(await app.deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'refund'))).toHaveLength(0);
  });

  it('a permitted role refunds through the modal once; the card is updated and a second click refunds nothing', async () => {
    const modal = await click('case.refund:1', rita, [REFUNDERS]);
    expect(modal).toMatchObject({ type: 9, status: 204, data: { custom_id: 'case.refund:1', title: 'Refund case #1' } });

    const components = [
      { type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'mode', values: ['full'] } },
      { type: 18, id: 3, component: { type: 4, id: 4, custom_id: 'amount', value: '' } },
      { type: 18, id: 5, component: { type: 4, id: 6, custom_id: 'reason', value: 'Arrived broken' } },
    ];
    const submit = () =>
      discord.dispatchInteraction({
        type: 5,
        data: { custom_id: 'case.refund:1', components },
        message: discord.message(cardMessage.id),
        user: rita,
        roles: [REFUNDERS],
      });
    const done = await submit();
    expect(done).toMatchObject({ type: 4, status: 204 });
    expect(flags(done) & 64).toBe(64);
    expect(embedOf(done.data)).toMatchObject({ title: 'Refund recorded' });
    expect(String(embedOf(done.data).description)).toContain('full refund of $24.50');

    const [c] = await app.deps.db.select().from(cases).where(eq(cases.id, 1));
    expect(c).toMatchObject({ status: 'resolved', lastActor: 'Rita' });
    const refunds = () =>
      app.deps.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, 1), eq(caseEvents.type, 'refund')));
    expect(await refunds()).toHaveLength(1);

    const edits = discord.edits.length;
    await drain();
    const patched = discord.edits.slice(edits).find((e) => e.kind === 'channel' && e.messageId === cardMessage.id);
    expect(patched).toBeDefined();
    const updated = discord.message(cardMessage.id);
    expect(customIds(updated)).toEqual(['case.reopen:1']);
    expect(JSON.stringify(embedOf(updated).fields)).toContain('refund full $24.50: Arrived broken');
    expect(embedOf(discord.messages(cardMessage.id).at(-1)).title).toBe('Refund of $24.50 decided');

    const again = await click('case.refund:1', rita, [REFUNDERS]);
    expect(again.type).toBe(4);
    expect(flags(again) & 64).toBe(64);
    expect(String(embedOf(again.data).description)).toMatch(/already resolved \\\(refund full\\\) by Rita/);
    const resubmitted = await submit();
    expect(flags(resubmitted) & 64).toBe(64);
    expect(String(embedOf(resubmitted.data).description)).toMatch(/nothing was done/i);
    expect(await refunds()).toHaveLength(1);
  });

  it('waits out a 429: the channel is paused until the clock passes retry_after, other channels carry on', async () => {
    discord.failNext(`POST /channels/${CASES}/messages`, { status: 429, retryAfter: 7.5 });
    await send(buyerMessage('Second buyer here', { shopId: 'shop-1' }));
    const shop = await getShop(app.deps.db, 'shop-1');
    await enqueue(app.deps.db, {
      key: 'test:escalations:1',
      platform: 'discord',
      channel: ESCALATIONS,
      op: 'post',
      payload: { kind: 'view', view: card({ title: 'Escalation digest', summary: 'digest', nodes: [] }) },
      at: clock.now(),
    });
    expect(shop).toBeDefined();

    const before = discord.messages(CASES).length;
    clock.advance(5_000);
    expect(await app.worker.drain()).toBe(1); // only the escalations channel
    expect(discord.injectedFaults.at(-1)?.fault.status).toBe(429);
    expect(embedOf(discord.messages(ESCALATIONS).at(-1)).title).toBe('Escalation digest');
    const [row] = await app.deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.channel, CASES), eq(outbox.state, 'pending')));
    expect(row?.lastError).toBe('rate limited for 7500 ms');

    clock.advance(7_000);
    expect(await app.worker.drain()).toBe(0);
    expect(discord.messages(CASES)).toHaveLength(before);
    clock.advance(600);
    expect(await app.worker.drain()).toBe(1);
    expect(embedOf(discord.messages(CASES).at(-1)).title).toBe('Buyer message #2 · Dana');
  });

  it('routes reminders to a forum as a new forum post, and announcements channels take normal posts', async () => {
    const shop = await getShop(app.deps.db, 'shop-1');
    const dest = await destinationFor(app.deps.db, shop!, 'reminders', app.deps.routing);
    expect(dest).toEqual({ platform: 'discord', channel: FORUM });
    const reminder = card({
      title: 'Weekly reminder: 1 case waits for a reply',
      summary: 'reminder',
      nodes: [{ type: 'text', text: 'Case #2 from Dana @everyone' }],
    });
    const row = await enqueue(app.deps.db, {
      key: 'test:reminder:1',
      platform: dest.platform,
      channel: dest.channel,
      op: 'post',
      payload: { kind: 'view', view: reminder },
      at: clock.now(),
    });
    await enqueue(app.deps.db, {
      key: 'test:news:1',
      platform: 'discord',
      channel: NEWS,
      op: 'post',
      payload: { kind: 'view', view: card({ title: 'New feature', summary: 'news', nodes: [] }) },
      at: clock.now(),
    });
    expect(await drain()).toBe(2);

    const threads = discord.forumPosts(FORUM);
    expect(threads).toHaveLength(1);
    const post = threads[0]!;
    expect(post.name).toBe('Weekly reminder: 1 case waits for a reply');
    const starter = discord.message(post.id);
    expect(starter?.channel_id).toBe(post.id);
    expect(embedOf(starter).title).toBe('Weekly reminder: 1 case waits for a reply');
    expect(starter?.mention_everyone).toBe(false);
    const [sent] = await app.deps.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(sent).toMatchObject({ state: 'sent', messageRef: `${post.id}/${post.id}` });
    // The channel type was looked up once; nothing was posted to the forum as a message.
    expect(discord.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${FORUM}`)).toHaveLength(1);
    expect(discord.requests.some((r) => r.method === 'POST' && r.path === `/channels/${FORUM}/messages`)).toBe(false);

    // An update of a forum post edits its starter message.
    await enqueue(app.deps.db, {
      key: 'test:reminder:1:update',
      platform: 'discord',
      channel: FORUM,
      op: 'update',
      parentId: row.id,
      payload: { kind: 'view', view: { ...reminder, title: 'Weekly reminder: done' } },
      at: clock.now(),
    });
    expect(await drain()).toBe(1);
    expect(embedOf(discord.message(post.id)).title).toBe('Weekly reminder: done');

    expect(embedOf(discord.messages(NEWS).at(-1)).title).toBe('New feature');
  });
});
