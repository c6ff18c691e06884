import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import type { REST } from 'discord.js';
import { createDiscordChat, createDiscordRest, deliveryMarker } from '../../src/platforms/discord/chat.js';
import type { ChatPort } from '../../src/ports.js';
import { card, notice } from '../../src/ui/view.js';
import type { CardView } from '../../src/ui/view.js';
import { DEFAULT_GUILD, FakeDiscord } from '../fakes/discord-server.js';
import { withForumPosts } from './discord-forum-fake.js';
import { DeliveryError } from '../../src/errors.js';
import { renderModal } from '../../src/platforms/discord/modal.js';

const CASES = DEFAULT_GUILD.channels[0]?.id as string;
const ESCALATIONS = DEFAULT_GUILD.channels[1]?.id as string;
const view = (title: string): CardView =>
  card({
    title,
    summary: title,
    accent: 'info',
    nodes: [
      { type: 'text', text: 'Buyer says @everyone <@123456789012345678>' },
      { type: 'context', text: 'Etsy · order 1001' },
    ],
  });

async function rejection(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

let discord: FakeDiscord;
let rest: REST;
let chat: ChatPort;
let outbox = 1000;

beforeAll(async () => {
  discord = new FakeDiscord();
  await discord.start();
  rest = createDiscordRest({ token: discord.token, apiUrl: discord.apiUrl, timeoutMs: 2000 });
  chat = createDiscordChat({ rest });
});
afterAll(async () => {
  await discord.stop();
});
beforeEach(() => {
  outbox++;
});

describe('DiscordChat against FakeDiscord', () => {
  it('posts with a nonce; a repost with the same nonce returns the same message', async () => {
    const since = new Date();
    const first = await chat.post({ outboxId: outbox, channel: CASES, view: view('New case') });
    const again = await chat.post({ outboxId: outbox, channel: CASES, view: view('New case') });
    expect(again.ref).toBe(first.ref);
    const posted = discord.messages(CASES).filter((m) => m.id === first.ref);
    expect(posted).toHaveLength(1);
    const body = discord.requests.filter((r) => r.method === 'POST').at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ nonce: `sd-${outbox}`, enforce_nonce: true, allowed_mentions: { parse: [] } });
    const msg = posted[0];
    expect(msg?.author.id).toBe(discord.botUser.id);
    expect(msg?.mention_everyone).toBe(false);
    expect(msg?.embeds[0]?.footer).toEqual({ text: `Etsy · order 1001 · ${deliveryMarker(outbox)}` });
    expect(await chat.findPosted({ outboxId: outbox, channel: CASES, since })).toBe(first.ref);
  });

  it('a POST whose answer was lost is retried once and deduplicated by the nonce', async () => {
    const before = discord.messages(CASES).length;
    discord.failNext(`POST /channels/${CASES}/messages`, { status: 500, afterCommit: true });
    const { ref } = await chat.post({ outboxId: outbox, channel: CASES, view: view('Lost answer') });
    expect(discord.messages(CASES).length).toBe(before + 1);
    expect(discord.messages(CASES).at(-1)?.id).toBe(ref);
  });

  it('findPosted finds by marker across pages, and not for an unknown id or another author', async () => {
    const since = new Date();
    const { ref } = await chat.post({ outboxId: outbox, channel: ESCALATIONS, view: view('Marked') });
    for (let i = 0; i < 230; i++) discord.seedMessage(ESCALATIONS, { content: `noise ${i}` }, discord.botUser);
    const forged = outbox + 1;
    discord.seedMessage(ESCALATIONS, { embeds: [{ title: 'x', footer: { text: deliveryMarker(forged) } }] });
    expect(await chat.findPosted({ outboxId: outbox, channel: ESCALATIONS, since })).toBe(ref);
    expect(await chat.findPosted({ outboxId: forged, channel: ESCALATIONS, since })).toBeNull();
    expect(await chat.findPosted({ outboxId: 999_999, channel: ESCALATIONS, since })).toBeNull();
    // A message from before `since` (minus clock slack) is outside the search.
    expect(await chat.findPosted({ outboxId: outbox, channel: ESCALATIONS, since: new Date(Date.now() + 3_600_000) })).toBeNull();
    const gets = discord.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${ESCALATIONS}/messages`);
    expect(gets.at(-1)?.query).toContain('limit=100');
  });

  it('replies in a thread started from the message, once, and updates both', async () => {
    const since = new Date();
    const root = await chat.post({ outboxId: outbox, channel: CASES, view: view('Root') });
    const r1 = await chat.post({ outboxId: outbox + 500, channel: CASES, threadRef: root.ref, view: notice('Reply', 'first') });
    // A fresh adapter (after a restart) meets "thread already exists" and carries on.
    const chat2 = createDiscordChat({ rest });
    const r2 = await chat2.post({ outboxId: outbox + 501, channel: CASES, threadRef: root.ref, view: notice('Reply', 'second') });
    expect(r1.ref).toMatch(new RegExp(`^${root.ref}/\\d+$`));
    expect(discord.messages(root.ref).map((m) => `${root.ref}/${m.id}`)).toEqual([r1.ref, r2.ref]);
    expect(discord.message(root.ref)?.thread).toMatchObject({ id: root.ref, type: 11, parent_id: CASES });
    expect(await chat.findPosted({ outboxId: outbox + 501, channel: CASES, threadRef: root.ref, since })).toBe(r2.ref);
    const other = await chat.post({ outboxId: outbox + 502, channel: CASES, view: view('No thread') });
    expect(await chat.findPosted({ outboxId: outbox + 503, channel: CASES, threadRef: other.ref, since })).toBeNull();

    await chat.update({ channel: CASES, ref: root.ref, view: notice('Root', 'resolved', 'success') });
    await chat.update({ channel: CASES, ref: r1.ref, view: notice('Reply', 'edited') });
    expect(discord.message(root.ref)?.embeds[0]).toMatchObject({ title: 'Root', description: 'resolved', color: 0x57f287 });
    expect(discord.edits.slice(-2).map((e) => e.channelId)).toEqual([CASES, root.ref]);
  });

  it('a 429 becomes rate_limited at once, with retry_after and scope', async () => {
    discord.failNext(`POST /channels/${CASES}/messages`, { status: 429, retryAfter: 1.5 });
    const started = Date.now();
    const err = await rejection(chat.post({ outboxId: outbox, channel: CASES, view: view('Limited') }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1500, scope: 'channel' });
    // Another channel is not held up.
    await chat.post({ outboxId: outbox + 1, channel: ESCALATIONS, view: view('Other channel') });

    discord.failNext('POST /channels/', { status: 429, retryAfter: 0.25, global: true });
    const g = await rejection(chat.post({ outboxId: outbox + 2, channel: CASES, view: view('Global') }));
    expect(g).toMatchObject({ kind: 'rate_limited', retryAfterMs: 250, scope: 'global' });
  });

  it('an exhausted channel bucket rejects before sending, and only for that channel', async () => {
    const limited = new FakeDiscord({ messageRateLimit: { limit: 2, windowSeconds: 1 } });
    await limited.start();
    try {
      const c = createDiscordChat({ rest: createDiscordRest({ token: limited.token, apiUrl: limited.apiUrl }) });
      await c.post({ outboxId: 1, channel: CASES, view: view('one') });
      await c.post({ outboxId: 2, channel: CASES, view: view('two') });
      const sent = limited.requests.length;
      const err = await rejection(c.post({ outboxId: 3, channel: CASES, view: view('three') }));
      expect(err).toMatchObject({ kind: 'rate_limited', scope: 'channel' });
      expect(err.retryAfterMs).toBeGreaterThan(0);
      expect(err.retryAfterMs).toBeLessThanOrEqual(1100);
      // @discordjs/rest knew from the headers (remaining 0) and did not send the request.
      expect(limited.requests.length).toBe(sent);
      await c.post({ outboxId: 4, channel: ESCALATIONS, view: view('elsewhere') });
      await new Promise((r) => setTimeout(r, err.retryAfterMs));
      await c.post({ outboxId: 3, channel: CASES, view: view('three') });
      expect(limited.messages(CASES)).toHaveLength(3);
    } finally {
      await limited.stop();
    }
  });

  it('5xx and timeouts are transient; 4xx are permanent', async () => {
    discord.failNext(`POST /channels/${CASES}/messages`, { status: 503 }, 2);
    const e503 = await rejection(chat.post({ outboxId: outbox, channel: CASES, view: view('Down') }));
    expect(e503.kind).toBe('transient');
    expect(discord.injectedFaults.slice(-2).map((f) => f.fault.status)).toEqual([503, 503]);

    const slowRest = createDiscordRest({ token: discord.token, apiUrl: discord.apiUrl, timeoutMs: 150, retries: 0 });
    discord.failNext(`POST /channels/${CASES}/messages`, { delayMs: 600 });
    const timeout = await rejection(
      createDiscordChat({ rest: slowRest }).post({ outboxId: outbox + 1, channel: CASES, view: view('Slow') }),
    );
    expect(timeout.kind).toBe('transient');

    // undici reports a dropped connection as UND_ERR_SOCKET, which @discordjs/rest does not retry.
    discord.failNext(`POST /channels/${CASES}/messages`, { reset: true });
    expect((await rejection(chat.post({ outboxId: outbox + 2, channel: CASES, view: view('Reset') }))).kind).toBe('transient');

    discord.failNext(`POST /channels/${CASES}/messages`, { status: 400, code: 50035, message: 'Invalid Form Body' });
    const invalid = await rejection(chat.post({ outboxId: outbox + 3, channel: CASES, view: view('Bad') }));
    expect(invalid).toMatchObject({ kind: 'permanent' });
    expect(invalid.message).toContain('50035');

    discord.failNext(`POST /channels/${CASES}/messages`, { status: 403, code: 50001, message: 'Missing Access' });
    expect((await rejection(chat.post({ outboxId: outbox + 4, channel: CASES, view: view('No access') }))).kind).toBe('permanent');

    const unknown = await rejection(chat.post({ outboxId: outbox + 5, channel: '199999999999999999', view: view('Gone') }));
    expect(unknown.kind).toBe('permanent');
    expect(unknown.message).toContain('10003');
  });

  it('under seeded random faults, nonce + findPosted deliver each row exactly once', async () => {
    const channel = ESCALATIONS;
    const before = discord.messages(channel).length;
    const since = new Date();
    discord.randomFaults({ seed: 42, rate: 0.35, match: '/channels/' });
    try {
      for (let id = 50_000; id < 50_012; id++) {
        let ref: string | null = null;
        for (let attempt = 0; attempt < 30 && !ref; attempt++) {
          try {
            if (attempt > 0) ref = await chat.findPosted({ outboxId: id, channel, since });
            ref ??= (await chat.post({ outboxId: id, channel, view: view(`row ${id}`) })).ref;
          } catch (err) {
            if (!(err instanceof DeliveryError) || err.kind === 'permanent') throw err;
            await new Promise((r) => setTimeout(r, err.retryAfterMs ?? 10));
          }
        }
        expect(ref).not.toBeNull();
      }
    } finally {
      discord.randomFaults(null);
    }
    const markers = discord
      .messages(channel)
      .slice(before)
      .map((m) => (m.embeds[0]?.footer as { text?: string } | undefined)?.text?.split(' · ').at(-1));
    expect(markers).toEqual(Array.from({ length: 12 }, (_, i) => deliveryMarker(50_000 + i)));
    expect(discord.injectedFaults.length).toBeGreaterThan(3);
  });

  it('rejects an over-long payload like Discord does (the fake enforces limits)', async () => {
    const res = await fetch(`${discord.apiUrl}/v10/channels/${CASES}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        content: 'x'.repeat(2001),
        embeds: [{ title: 't', fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; errors: Record<string, unknown> };
    expect(body.code).toBe(50035);
    expect(Object.keys(body.errors).sort()).toEqual(['content', 'embeds']);
    const noAuth = await fetch(`${discord.apiUrl}/v10/users/@me`);
    expect(noAuth.status).toBe(401);
  });

  it('records command registrations and rejects invalid command names', async () => {
    const guild = DEFAULT_GUILD.id;
    await rest.put(Routes.applicationGuildCommands(discord.appId, guild), {
      body: [{ name: 'case', description: 'Open a case', options: [] }],
    });
    expect(discord.commandRegistrations.at(-1)).toMatchObject({ scope: 'guild', guildId: guild, body: [{ name: 'case' }] });
    expect(await rest.get(Routes.applicationGuildCommands(discord.appId, guild))).toMatchObject([
      { name: 'case', application_id: discord.appId },
    ]);
    const bad = await rest
      .put(Routes.applicationCommands(discord.appId), { body: [{ name: 'Case Open', description: '' }] })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 50035 });
  });
});

describe('DiscordChat to forum and announcement channels', () => {
  const FORUM = '120000000000000015';
  const NEWS = '120000000000000005';
  const forums = withForumPosts(
    new FakeDiscord({
      guilds: [
        {
          ...DEFAULT_GUILD,
          channels: [...DEFAULT_GUILD.channels, { id: FORUM, name: 'reminders', type: 15 }, { id: NEWS, name: 'news', type: 5 }],
        },
      ],
    }),
  );
  let c: ChatPort;
  beforeAll(async () => {
    await forums.start();
    c = createDiscordChat({ rest: createDiscordRest({ token: forums.token, apiUrl: forums.apiUrl }) });
  });
  afterAll(() => forums.stop());

  it('a post to a forum creates a forum post (thread + starter message); replies and updates go to that thread', async () => {
    const since = new Date();
    const { ref } = await c.post({ outboxId: 7001, channel: FORUM, view: view('Weekly reminder') });
    const [post] = forums.forumPosts(FORUM);
    expect(post?.name).toBe('Weekly reminder');
    expect(ref).toBe(`${post?.id}/${post?.id}`);
    const created = forums.requests.find((r) => r.method === 'POST' && r.path === `/channels/${FORUM}/threads`);
    expect(created?.body).toMatchObject({ name: 'Weekly reminder', message: { allowed_mentions: { parse: [] } } });
    expect(forums.message(post!.id)?.mention_everyone).toBe(false);

    const reply = await c.post({ outboxId: 7002, channel: FORUM, threadRef: ref, view: notice('Reply', 'in the post') });
    expect(reply.ref).toMatch(new RegExp(`^${post?.id}/\\d+$`));
    expect(forums.messages(post!.id)).toHaveLength(2);
    await c.update({ channel: FORUM, ref, view: notice('Weekly reminder', 'done', 'success') });
    expect(forums.message(post!.id)?.embeds[0]).toMatchObject({ description: 'done' });
    // A forum has no message list to search: findPosted says "not found" without asking.
    expect(await c.findPosted({ outboxId: 7001, channel: FORUM, since })).toBeNull();
    expect(forums.requests.filter((r) => r.path === `/channels/${FORUM}/messages`)).toHaveLength(0);
    expect(forums.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${FORUM}`)).toHaveLength(1);
  });

  it('an announcement channel takes a normal post; a failed type lookup is retried, not cached', async () => {
    forums.failNext(`GET /channels/${NEWS}`, { status: 429, retryAfter: 0.5 });
    const limited = await rejection(c.post({ outboxId: 7003, channel: NEWS, view: view('News') }));
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 500 });
    const { ref } = await c.post({ outboxId: 7003, channel: NEWS, view: view('News') });
    expect(forums.messages(NEWS).map((m) => m.id)).toEqual([ref]);
  });
});

describe('discord.js Client against FakeDiscord', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(discord.token);
    await ready;
  });
  afterAll(async () => {
    await client.destroy();
  });

  it('logs in through the gateway and sees the guild', () => {
    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.application?.id).toBe(discord.appId);
    expect(client.guilds.cache.get(DEFAULT_GUILD.id)?.name).toBe(DEFAULT_GUILD.name);
    expect(client.channels.cache.has(CASES)).toBe(true);
    expect(discord.identifies.at(-1)?.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('answers interactions: reply, second ack refused, late ack refused, modal with Label select', async () => {
    const errors: unknown[] = [];
    const modal = renderModal({
      kind: 'modal',
      submitActionId: 'case.refund_submit:7',
      title: 'Refund',
      submitLabel: 'Refund',
      inputs: [
        { type: 'number', id: 'amount', label: 'Amount' },
        {
          type: 'select',
          id: 'reason',
          label: 'Reason',
          options: [
            { value: 'late', label: 'Late' },
            { value: 'damaged', label: 'Damaged' },
          ],
        },
      ],
    });
    const seen: Record<string, string> = {};
    client.on(Events.InteractionCreate, async (i) => {
      try {
        if (i.isChatInputCommand() && i.commandName === 'ping') {
          await i.reply({ content: 'pong' });
        } else if (i.isChatInputCommand() && i.commandName === 'slow') {
          await new Promise((r) => setTimeout(r, 250));
          await i.deferReply();
        } else if (i.isButton()) {
          await i.showModal(modal as never);
        } else if (i.isModalSubmit()) {
          seen.amount = i.fields.getTextInputValue('amount');
          seen.reason = i.fields.getStringSelectValues('reason')[0] ?? '';
          await i.deferUpdate();
        }
      } catch (err) {
        errors.push(err);
      }
    });

    const ping = discord.sendInteraction({ type: 2, data: { name: 'ping', options: [] } });
    expect(await ping.callback).toMatchObject({ type: 4, status: 204, data: { content: 'pong' } });
    expect(discord.messages(CASES).at(-1)).toMatchObject({ content: 'pong', webhook_id: discord.appId });
    // discord.js refuses a second reply itself; the fake refuses it on the wire too.
    const again = await fetch(`${discord.apiUrl}/v10/interactions/${String(ping.payload.id)}/${String(ping.payload.token)}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });

    discord.interactionDeadlineMs = 100;
    const late = await discord.dispatchInteraction({ type: 2, data: { name: 'slow', options: [] } });
    discord.interactionDeadlineMs = 3000;
    expect(late).toMatchObject({ type: 5, status: 404, errorCode: 10062 });

    const message = discord.messages(CASES).at(-1);
    const shown = await discord.dispatchInteraction({ type: 3, data: { custom_id: 'case.refund:7', component_type: 2 }, message });
    expect(shown).toMatchObject({ type: 9, status: 204, data: { custom_id: 'case.refund_submit:7' } });
    const components = [
      { type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'amount', value: '12' } },
      { type: 18, id: 3, component: { type: 3, id: 4, custom_id: 'reason', values: ['damaged'] } },
    ];
    expect(await discord.dispatchInteraction({ type: 5, data: { custom_id: 'case.refund_submit:7', components }, message })).toMatchObject({
      type: 6,
      status: 204,
    });
    expect(seen).toEqual({ amount: '12', reason: 'damaged' });
    expect(errors.map((e) => (e as { code?: unknown }).code)).toEqual([10062]);
  });
});
