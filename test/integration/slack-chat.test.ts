import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Named imports: under vitest a default import of @slack/bolt is the App class, under Node the module object.
import { App, LogLevel, isValidSlackRequest } from '@slack/bolt';
import { createSlackChat, createSlackWebClient, toDeliveryError } from '../../src/platforms/slack/chat.js';
import type { ChatPort } from '../../src/ports.js';
import { card, notice } from '../../src/ui/view.js';
import { FakeSlack, signSlackRequest } from '../fakes/slack-server.js';
import { DeliveryError } from '../../src/errors.js';

const CH = 'C0CASES01';
const view = (text: string) => notice('Case #42', text);

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected a DeliveryError');
}

describe('Slack ChatPort against the fake Slack', () => {
  const fake = new FakeSlack({ botToken: 'xoxb-test-1', appToken: 'xapp-test-1' });
  let chat: ChatPort;

  beforeAll(async () => {
    await fake.start();
    chat = createSlackChat({ client: createSlackWebClient({ token: 'xoxb-test-1', apiUrl: fake.apiUrl, timeoutMs: 1000 }) });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('posts with outbox metadata, then findPosted finds it; an unknown outbox id is not found', async () => {
    const since = new Date();
    const { ref } = await chat.post({ outboxId: 41, channel: CH, view: view('Buyer asked about <!channel>') });
    const [msg] = fake.messages(CH);
    expect(msg).toMatchObject({
      ts: ref,
      metadata: { event_type: 'sellerdesk_outbox', event_payload: { outbox_id: 41 } },
      unfurl_links: false,
      unfurl_media: false,
    });
    expect(msg?.text).toBe('Case #42: Buyer asked about &lt;!channel&gt;');
    expect(fake.callsTo('chat.postMessage')[0]?.args.thread_ts).toBeUndefined();

    expect(await chat.findPosted({ outboxId: 41, channel: CH, since })).toBe(ref);
    expect(await chat.findPosted({ outboxId: 999, channel: CH, since })).toBeNull();
    expect(fake.callsTo('conversations.history')[0]?.args).toMatchObject({ include_all_metadata: 'true', channel: CH });
  });

  it('pages through history, within a bound', async () => {
    const since = new Date();
    const refs: string[] = [];
    for (let id = 1; id <= 5; id += 1) refs.push((await chat.post({ outboxId: id, channel: CH, view: view(`m${id}`) })).ref);
    const client = createSlackWebClient({ token: 'xoxb-test-1', apiUrl: fake.apiUrl });
    const small = createSlackChat({ client, historyPageSize: 2 });
    expect(await small.findPosted({ outboxId: 1, channel: CH, since })).toBe(refs[0]);
    expect(fake.callsTo('conversations.history')).toHaveLength(3);
    const bounded = createSlackChat({ client, historyPageSize: 2, maxHistoryPages: 1 });
    expect(await bounded.findPosted({ outboxId: 1, channel: CH, since })).toBeNull();
  });

  it('posts a thread reply under thread_ts and finds it in the thread', async () => {
    const since = new Date();
    const parent = await chat.post({ outboxId: 1, channel: CH, view: view('parent') });
    const reply = await chat.post({ outboxId: 2, channel: CH, view: view('reply'), threadRef: parent.ref });
    expect(fake.message(CH, reply.ref)?.thread_ts).toBe(parent.ref);
    expect(fake.message(CH, parent.ref)?.reply_count).toBe(1);
    expect(await chat.findPosted({ outboxId: 2, channel: CH, threadRef: parent.ref, since })).toBe(reply.ref);
    expect(await chat.findPosted({ outboxId: 2, channel: CH, since })).toBeNull(); // history shows top-level only
  });

  it('updates a message', async () => {
    const { ref } = await chat.post({ outboxId: 7, channel: CH, view: view('open') });
    await chat.update({
      channel: CH,
      ref,
      view: card({ title: 'Case #42', summary: 'Case #42 resolved', accent: 'success', nodes: [{ type: 'text', text: 'Resolved' }] }),
    });
    const msg = fake.message(CH, ref);
    expect(msg?.text).toBe('Case #42 resolved');
    expect(msg?.updates).toBe(1);
    expect(JSON.stringify(msg?.blocks)).toContain('Resolved');
    expect(msg?.metadata?.event_payload.outbox_id).toBe(7);
  });

  it('turns a 429 into rate_limited with Retry-After, at once (no SDK wait)', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const started = Date.now();
    const e = await failure(chat.post({ outboxId: 1, channel: CH, view: view('x') }));
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(2000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.messages(CH)).toHaveLength(0);
  });

  it('limits posts per channel with the token-bucket model', async () => {
    fake.rateLimit({ perChannelPerSec: 1, burst: 3 });
    for (let i = 0; i < 3; i += 1) await chat.post({ outboxId: i, channel: CH, view: view(`m${i}`) });
    const e = await failure(chat.post({ outboxId: 3, channel: CH, view: view('m3') }));
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(1000);
    await chat.post({ outboxId: 4, channel: 'C0OTHER01', view: view('other channel') });
    expect(fake.rateLimitedByChannel.get(CH)).toBe(1);
    expect(fake.rateLimitedCount).toBe(1);
  });

  it('turns 5xx, timeouts, dropped connections and internal_error into transient', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    expect((await failure(chat.post({ outboxId: 1, channel: CH, view: view('x') }))).kind).toBe('transient');
    fake.failNext('chat.postMessage', { reset: true });
    expect((await failure(chat.post({ outboxId: 1, channel: CH, view: view('x') }))).kind).toBe('transient');
    fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await failure(chat.post({ outboxId: 1, channel: CH, view: view('x') }))).kind).toBe('transient');
  });

  it('a timed-out post may have landed: findPosted then finds it', async () => {
    const since = new Date();
    fake.failNext('chat.postMessage', { timeoutMs: 1500 });
    const started = Date.now();
    expect((await failure(chat.post({ outboxId: 77, channel: CH, view: view('x') }))).kind).toBe('transient');
    expect(Date.now() - started).toBeLessThan(1400);
    expect(await chat.findPosted({ outboxId: 77, channel: CH, since })).toBe(fake.messages(CH)[0]?.ts);
  });

  it('turns platform errors into permanent', async () => {
    fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    expect((await failure(chat.post({ outboxId: 1, channel: CH, view: view('x') }))).kind).toBe('permanent');
    fake.setChannelError('C0GONE001', 'channel_not_found');
    expect((await failure(chat.post({ outboxId: 1, channel: 'C0GONE001', view: view('x') }))).kind).toBe('permanent');
    // Not a member and joining is refused (a private channel): permanent, and it says to invite the bot.
    fake.setChannelError('C0PRIV001', 'not_in_channel');
    fake.failNext('conversations.join', { error: 'method_not_supported_for_channel_type' });
    const e = await failure(chat.post({ outboxId: 1, channel: 'C0PRIV001', view: view('x') }));
    expect(e).toMatchObject({ kind: 'permanent', message: expect.stringContaining('invite the bot') });
    const badToken = createSlackChat({ client: createSlackWebClient({ token: 'xoxb-wrong', apiUrl: fake.apiUrl }) });
    expect((await failure(badToken.post({ outboxId: 1, channel: CH, view: view('x') }))).kind).toBe('permanent');
  });

  it('the fake rejects 51 blocks and over-long texts like Slack', async () => {
    const client = createSlackWebClient({ token: 'xoxb-test-1', apiUrl: fake.apiUrl });
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const err = await client.chat.postMessage({ channel: CH, text: 'x', blocks }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_platform_error', data: { ok: false, error: 'invalid_blocks' } });
    expect(toDeliveryError(err, 'chat.postMessage').kind).toBe('permanent');
    const cases: Array<[object[], string]> = [
      [[{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }], '/blocks/0/text/text'],
      [[{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }], '/blocks/0/text/text'],
      [
        [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x'.repeat(76) }, action_id: 'a' }] }],
        '/blocks/0/elements/0/text/text',
      ],
      [
        [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x' }, action_id: 'a'.repeat(256) }] }],
        'action_id',
      ],
      [
        [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'x' }, action_id: 'a', value: 'v'.repeat(2001) }],
          },
        ],
        'value',
      ],
      [[{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }], '/blocks/0/fields'],
      [
        [
          {
            type: 'actions',
            elements: Array.from({ length: 26 }, (_, i) => ({
              type: 'button',
              text: { type: 'plain_text', text: 'b' },
              action_id: `a${i}`,
            })),
          },
        ],
        '/blocks/0/elements',
      ],
    ];
    for (const [b, pointer] of cases) {
      const e = (await client.chat.postMessage({ channel: CH, text: 'x', blocks: b as never }).catch((x: unknown) => x)) as {
        data: { error: string; response_metadata: { messages: string[] } };
      };
      expect(e.data.error).toBe('invalid_blocks');
      expect(e.data.response_metadata.messages.join(' ')).toContain(pointer);
    }
    const long = (await client.chat.postMessage({ channel: CH, text: 'x'.repeat(40_001) }).catch((x: unknown) => x)) as {
      data: { error: string };
    };
    expect(long.data.error).toBe('msg_too_long');
    expect(fake.messages(CH)).toHaveLength(0);
  });
});

describe('the fake Slack speaks Socket Mode and signs HTTP requests', () => {
  const fake = new FakeSlack();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('delivers a slash command to a Bolt app and returns its ack', async () => {
    const app = new App({
      token: fake.botToken,
      appToken: fake.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/desk', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'hello' }));
    await app.start();
    try {
      const ack = await fake.sendEnvelope('slash_commands', {
        command: '/desk',
        text: 'queue',
        team_id: 'T0FAKE001',
        user_id: 'U0ALICE',
        channel_id: CH,
        trigger_id: fake.triggerId(),
        response_url: 'https://hooks.example/x',
        api_app_id: 'A0FAKEAPP',
        token: 'legacy',
      });
      expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'hello' });
      expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('signs a body the way Bolt verifies it', () => {
    const body = 'command=%2Fdesk&text=queue';
    const headers = signSlackRequest(body, 'secret-1');
    const ok = isValidSlackRequest({
      signingSecret: 'secret-1',
      body,
      headers: {
        'x-slack-signature': headers['x-slack-signature'],
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
    });
    expect(ok).toBe(true);
    const bad = isValidSlackRequest({
      signingSecret: 'other',
      body,
      headers: {
        'x-slack-signature': headers['x-slack-signature'],
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
    });
    expect(bad).toBe(false);
  });
});

describe('a routed public channel the bot was not invited to', () => {
  it('is joined and the card posted; a channel it cannot join says to invite the bot', async () => {
    const { FakeSlack } = await import('../fakes/slack-server.js');
    const { createSlackChat, createSlackWebClient } = await import('../../src/platforms/slack/chat.js');
    const { notice } = await import('../../src/ui/view.js');
    const fake = new FakeSlack();
    await fake.start();
    try {
      const chat = createSlackChat({ client: createSlackWebClient({ token: fake.botToken, apiUrl: fake.apiUrl }) });
      fake.setChannelError('C0NOTJOINED', 'not_in_channel');
      const { ref } = await chat.post({ outboxId: 1, channel: 'C0NOTJOINED', view: notice('Card', 'hello') });
      expect(fake.message('C0NOTJOINED', ref)).toBeDefined();
      expect(fake.callsTo('conversations.join')).toHaveLength(1);
      fake.setChannelError('C0ARCHIVED1', 'is_archived');
      await expect(chat.post({ outboxId: 2, channel: 'C0ARCHIVED1', view: notice('Card', 'hello') })).rejects.toMatchObject({
        kind: 'permanent',
      });
    } finally {
      await fake.stop();
    }
  });
});
