/**
 * The Slack reply paths no core action exercises end to end yet ('update' replies, the
 * response_url fallback), user-group membership caching, and the Bolt logger's scrubbing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports.js';
import { createSlackWebClient } from '../../src/platforms/slack/chat.js';
import { UsergroupMembers, boltLogger, slackActor } from '../../src/platforms/slack/context.js';
import { replyToInteraction, type ReplyTarget } from '../../src/platforms/slack/reply.js';
import { card, notice } from '../../src/ui/view.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { CASES, recordingLogger, shown } from './slack-harness.js';

const USER = 'U0ALICE01';

describe('Slack replies and context', () => {
  const fake = new FakeSlack();
  let client: ReturnType<typeof createSlackWebClient>;

  beforeAll(async () => {
    await fake.start();
    client = createSlackWebClient({ token: fake.botToken, apiUrl: fake.apiUrl, timeoutMs: 1000 });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  /** A respond() like Bolt's: POST JSON to the response_url. */
  const respondTo = (url: string) => async (message: string | object) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });

  it("an 'update' reply edits the clicked message in place and shows its notice to the user", async () => {
    const posted = await client.chat.postMessage({ channel: CASES, text: 'old card' });
    const target: ReplyTarget = { client, userId: USER, origin: { channel: CASES, ts: String(posted.ts) } };
    const view = card({ title: 'Case #1', summary: 'Case #1: claimed', nodes: [{ type: 'text', text: 'Claimed by alice' }] });
    await replyToInteraction({ type: 'update', view, notice: 'You claimed it' }, target);
    const msg = fake.message(CASES, String(posted.ts));
    expect(msg?.updates).toBe(1);
    expect(shown(msg)).toContain('Claimed by alice');
    expect(fake.ephemerals(CASES)).toEqual([expect.objectContaining({ user: USER, text: 'You claimed it' })]);
  });

  it("an 'update' of an ephemeral message goes through its response_url with replace_original", async () => {
    const url = fake.responseUrl();
    const target: ReplyTarget = {
      client,
      userId: USER,
      origin: { channel: CASES, ts: '1.000100' },
      respond: respondTo(url),
      ephemeralSource: true,
    };
    await replyToInteraction({ type: 'update', view: notice('Case #1', 'done') }, target);
    expect(fake.responsesTo(url)[0]?.body).toMatchObject({ replace_original: true, text: 'Case #1: done' });
    expect(fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('an ephemeral answer falls back to the response_url when the bot cannot post in the channel', async () => {
    fake.setChannelError(CASES, 'not_in_channel');
    const url = fake.responseUrl();
    await replyToInteraction(
      { type: 'message', visibility: 'ephemeral', view: notice('Refund recorded', 'ok') },
      { client, userId: USER, origin: { channel: CASES }, respond: respondTo(url) },
    );
    fake.setChannelError(CASES, null);
    expect(fake.responsesTo(url)[0]?.body).toMatchObject({ response_type: 'ephemeral', text: 'Refund recorded: ok' });
  });

  it('user-group membership is cached for a minute; a failed lookup is not cached and means "not a member"', async () => {
    fake.setUsergroupMembers('S0GROUP01', ['U0MEMBER1']);
    const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
    const log = recordingLogger();
    const groups = new UsergroupMembers(client, log, clock, 60_000);
    const member = slackActor({ id: 'U0MEMBER1', username: 'm' }, groups);
    expect(member).toMatchObject({ platform: 'slack', userId: 'U0MEMBER1', name: 'm' });
    expect(await member.memberOf(['U0OTHER01', 'S0GROUP01'])).toBe(true);
    expect(await slackActor({ id: 'U0OUTSIDE' }, groups).memberOf(['S0GROUP01'])).toBe(false);
    expect(await slackActor({ id: 'U0OUTSIDE' }, groups).memberOf(['U0OUTSIDE'])).toBe(true);
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(1);
    clock.advance(61_000);
    await member.memberOf(['S0GROUP01']);
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(2);

    fake.failNext('usergroups.users.list', { error: 'missing_scope' });
    expect(await member.memberOf(['S0BROKEN1'])).toBe(false);
    expect(log.entries[0]).toMatchObject({ level: 'warn', obj: { usergroup: 'S0BROKEN1', error: { slackError: 'missing_scope' } } });
    fake.setUsergroupMembers('S0BROKEN1', ['U0MEMBER1']);
    expect(await member.memberOf(['S0BROKEN1'])).toBe(true);
  });

  it("Bolt's logger writes lines, never objects, with tokens scrubbed", () => {
    const log = recordingLogger();
    const bolt = boltLogger(log);
    bolt.warn('failed with xoxb-123-abc and', new Error('xapp-1-A0-secret broke'), { token: 'xoxb-hidden' });
    bolt.debug('dropped at the default level');
    expect(log.entries).toEqual([{ level: 'warn', obj: { source: 'bolt' }, msg: 'failed with xoxb-*** and xapp-*** broke [object]' }]);
  });
});
