/**
 * Slack's two ways in: HTTP mode (POST /slack/events on the intake server, signature
 * checked by Bolt) and Socket Mode (a websocket to the fake), answering the same slash
 * command the same way, and acking before the command's work is done.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actions, commands } from '../../commands/index.js';
import { Dispatcher } from '../../src/interactions/dispatch.js';
import type { App } from '../../src/main.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { createSlackAdapter } from '../../src/platforms/slack/adapter.js';
import { silentLogger } from '../../src/ports.js';
import { FakeSlack, signSlackRequest } from '../fakes/slack-server.js';
import { SIGNING_SECRET, slackEnv, slashCommand, startSlackApp } from './slack-harness.js';

const ALICE = { id: 'U0ALICE01', name: 'alice' };

/** The real dispatcher, held at the door while a test keeps `gate` shut. */
class GatedDispatcher extends Dispatcher {
  gate: Promise<void> | undefined;
  entered: (() => void) | undefined;
  override async command(...args: Parameters<Dispatcher['command']>): ReturnType<Dispatcher['command']> {
    this.entered?.();
    if (this.gate) await this.gate;
    return super.command(...args);
  }
}

function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('Slack HTTP mode and Socket Mode', () => {
  const fake = new FakeSlack();
  let app: App; // HTTP mode, serving /slack/events on the intake server
  let socket: PlatformAdapter; // Socket Mode, on the same database
  let gated: GatedDispatcher;

  beforeAll(async () => {
    await fake.start();
    ({ app } = await startSlackApp(fake, { SLACK_MODE: 'http', SLACK_SIGNING_SECRET: SIGNING_SECRET }));
    gated = new GatedDispatcher(app.deps, commands, actions);
    socket = createSlackAdapter({ env: slackEnv(fake), clock: app.deps.clock, dispatcher: gated, log: silentLogger });
    await socket.start();
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await socket?.stop();
    await app?.stop();
    await fake.stop();
  });

  const answersTo = (url: string, what: string) => fake.waitFor(() => fake.responsesTo(url)[0], what);

  function postHttp(payload: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams(payload).toString();
    return fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  }
  const signed = (payload: Record<string, string>, at?: number) =>
    signSlackRequest(new URLSearchParams(payload).toString(), SIGNING_SECRET, at);

  it('answers the same slash command the same way over HTTP and over Socket Mode', async () => {
    const viaSocket = slashCommand(fake, '/cases', 'overdue', ALICE);
    const ack = await fake.sendEnvelope('slash_commands', viaSocket);
    expect(ack.payload).toEqual({});
    const bySocket = await answersTo(viaSocket.response_url, 'the Socket Mode answer');

    const viaHttp = slashCommand(fake, '/cases', 'overdue', ALICE);
    const res = await postHttp(viaHttp, signed(viaHttp));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(''); // the empty ack
    const byHttp = await answersTo(viaHttp.response_url, 'the HTTP answer');

    expect(bySocket.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'No overdue cases: Nothing is past its response target. Well done.',
    });
    expect(byHttp.body).toEqual(bySocket.body);
  });

  it('refuses forged, missing, stale, future-dated and replayed requests with 401 and runs nothing', async () => {
    const payload = slashCommand(fake, '/cases', '', ALICE);
    const forged = signSlackRequest(new URLSearchParams(payload).toString(), 'not-the-secret');
    expect((await postHttp(payload, forged)).status).toBe(401);
    expect((await postHttp(payload)).status).toBe(401);
    expect((await postHttp(payload, signed(payload, Math.floor(Date.now() / 1000) - 6 * 60))).status).toBe(401);
    const tampered = { ...payload, text: 'mine' };
    expect((await postHttp(tampered, signed(payload))).status).toBe(401);
    // Bolt accepts future timestamps; the guard in front of it does not.
    const future = await postHttp(payload, signed(payload, Math.floor(Date.now() / 1000) + 6 * 60));
    expect(future.status).toBe(401);
    expect(await future.text()).toContain('in the future');
    // A good request afterwards is the only one answered, and replaying it is refused.
    const good = signed(payload);
    expect((await postHttp(payload, good)).status).toBe(200);
    const replay = await postHttp(payload, good);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('replay');
    await answersTo(payload.response_url, 'the answer to the good request');
    expect(fake.responses).toHaveLength(1);
  });

  it('Socket Mode: acks a slash command at once while the command is still working; the answer follows', async () => {
    const gate = latch();
    const entered = latch();
    gated.gate = gate.promise;
    gated.entered = entered.open;
    try {
      const payload = slashCommand(fake, '/cases', '', ALICE);
      const started = Date.now();
      const ack = await fake.sendEnvelope('slash_commands', payload, { ackTimeoutMs: 3000 });
      expect(ack.payload).toEqual({});
      expect(Date.now() - started).toBeLessThan(3000);
      await entered.promise; // the work started, and is held
      expect(fake.responsesTo(payload.response_url)).toHaveLength(0);
      gate.open();
      expect((await answersTo(payload.response_url, 'the answer after the work')).body).toMatchObject({ response_type: 'ephemeral' });
    } finally {
      gated.gate = undefined;
      gated.entered = undefined;
    }
  });

  it('HTTP mode: answers 200 before the command can read the database; the answer follows', async () => {
    const gate = latch();
    const holding = latch();
    // A transaction holding the tables the command reads keeps every read of them waiting.
    const held = app.database.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE teams, shops, cases IN ACCESS EXCLUSIVE MODE`);
      holding.open();
      await gate.promise;
    });
    await holding.promise;
    try {
      const payload = slashCommand(fake, '/cases', '', ALICE);
      const res = await postHttp(payload, signed(payload));
      expect(res.status).toBe(200);
      expect(fake.responsesTo(payload.response_url)).toHaveLength(0);
      gate.open();
      await held;
      expect((await answersTo(payload.response_url, 'the answer after the database frees up')).body).toMatchObject({
        response_type: 'ephemeral',
      });
    } finally {
      gate.open();
    }
  });

  it('a refused bot or app token stops start-up with a message naming the variable, not the token', async () => {
    const strict = new FakeSlack({ botToken: 'xoxb-the-right-one', appToken: 'xapp-the-right-one' });
    await strict.start();
    try {
      const start = (extra: Record<string, string>) =>
        createSlackAdapter({ env: slackEnv(strict, extra), clock: app.deps.clock, dispatcher: gated, log: silentLogger }).start();
      const badBot = start({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_APP_TOKEN: 'xapp-the-right-one' });
      await expect(badBot).rejects.toThrow(/^Slack refused the bot token \(auth\.test: invalid_auth\); check SLACK_BOT_TOKEN/);
      const badApp = start({ SLACK_BOT_TOKEN: 'xoxb-the-right-one', SLACK_APP_TOKEN: 'xapp-wrong' });
      await expect(badApp).rejects.toThrow(
        /^Slack Socket Mode could not connect \(apps\.connections\.open: invalid_auth\); check SLACK_APP_TOKEN/,
      );
      await expect(badApp).rejects.not.toThrow(/xapp-wrong/);
      expect(strict.connections).toBe(0);
    } finally {
      await strict.stop();
    }
  });
});
