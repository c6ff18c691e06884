/**
 * The Discord adapter's timing and failure paths, with the adapter built directly
 * around a Dispatcher that can be made slow or broken (real discord.js against
 * FakeDiscord, the embedded PostgreSQL). The fake's deadline is 300 ms instead of 3 s and the
 * adapter defers after 100 ms, so a 500 ms command is "slower than Discord allows".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config.js';
import { Dispatcher, type InteractionOrigin } from '../../src/interactions/dispatch.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { createDiscordAdapter } from '../../src/platforms/discord/adapter.js';
import { ManualClock, silentLogger, type Logger } from '../../src/ports.js';
import type { Reply } from '../../src/ui/view.js';
import { actions, commands } from '../../commands/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { resetDatabase, testDatabase, testDeps } from '../db/harness.js';
import { DEFAULT_GUILD, FakeDiscord, type ApiMessage, type RecordedCallback } from '../fakes/discord-server.js';
import { buyerMessage } from '../fakes/events.js';
import { type Actor } from '../../src/domain/actor.js';

const CASES = DEFAULT_GUILD.channels[0]!.id;
const DEADLINE_MS = 300;
const SLOW_MS = 500;
type Body = Record<string, unknown>;
const embedOf = (m: { embeds?: unknown } | Body | undefined): Body => ((m?.embeds as Body[] | undefined) ?? [])[0] ?? {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The real dispatcher, made slow (or broken) on demand. */
class TestDispatcher extends Dispatcher {
  delayMs = 0;
  fail: Error | undefined;
  override async command(name: string, args: string | Record<string, string>, actor: Actor, origin?: InteractionOrigin): Promise<Reply> {
    await this.pause();
    return super.command(name, args, actor, origin);
  }
  override async click(id: string, actor: Actor, origin?: InteractionOrigin): Promise<Reply> {
    await this.pause();
    return super.click(id, actor, origin);
  }
  private async pause(): Promise<void> {
    if (this.delayMs) await sleep(this.delayMs);
    if (this.fail) throw this.fail;
  }
}

function recordingLogger(lines: Array<{ level: string; obj: unknown; msg?: string }>): Logger {
  const log = (level: string) => (obj: object | string, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), child: () => logger };
  return logger;
}

describe('Discord adapter: deferral, errors, login', () => {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const discord = new FakeDiscord({ interactionDeadlineMs: DEADLINE_MS });
  const logs: Array<{ level: string; obj: unknown; msg?: string }> = [];
  let deps: WorkflowDeps;
  let dispatcher: TestDispatcher;
  let adapter: PlatformAdapter;
  const env = () =>
    loadEnv({
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.appId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_DEFAULT_CHANNEL: CASES,
    });

  beforeAll(async () => {
    await discord.start();
    const database = await testDatabase('embedded');
    await resetDatabase(database);
    deps = testDeps(database.db, clock, { routing: { enabled: ['discord'], defaultChannel: { discord: CASES } }, defaultTimeZone: 'UTC' });
    dispatcher = new TestDispatcher(deps, commands, actions);
    adapter = createDiscordAdapter({ env: env(), clock: deps.clock, dispatcher, log: recordingLogger(logs) }, { deferAfterMs: 100 });
    await adapter.start();
    await receiveEvent(deps, 'test', buyerMessage('Where is my order?'));
  });
  afterAll(async () => {
    await adapter?.stop();
    await discord.stop();
  });
  beforeEach(() => {
    dispatcher.delayMs = 0;
    dispatcher.fail = undefined;
  });

  const command = (name: string, options: Body[] = []) => discord.dispatchInteraction({ type: 2, data: { name, options } });
  const deferredInTime = (cb: RecordedCallback) => {
    expect(cb).toMatchObject({ type: 5, status: 204 });
    expect(cb.elapsedMs).toBeLessThan(DEADLINE_MS);
    expect(Number(cb.data?.flags) & 64).toBe(64);
  };

  it('answers a fast command directly (type 4, no deferral)', async () => {
    const cb = await command('cases');
    expect(cb).toMatchObject({ type: 4, status: 204 });
    expect(embedOf(cb.data).title).toBe('1 open case');
  });

  it('defers a slow command within the deadline (type 5, ephemeral) and delivers the result by editing the original', async () => {
    dispatcher.delayMs = SLOW_MS;
    const edits = discord.edits.length;
    const cb = await command('cases', [{ name: 'filter', type: 3, value: 'open' }]);
    deferredInTime(cb);
    const edit = await waitFor('the edit of the deferred reply', () => discord.edits.slice(edits).find((e) => e.kind === 'original'));
    expect(embedOf(edit.body).title).toBe('1 open case');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('a slow command whose answer is for the channel settles the deferral, then posts a public follow-up', async () => {
    dispatcher.delayMs = SLOW_MS;
    const edits = discord.edits.length;
    const followUps = discord.followUps.length;
    deferredInTime(await command('shop-status'));
    const pub = await waitFor('the public follow-up', () => discord.followUps[followUps]);
    expect(embedOf(pub.body).title).toBe('shop-1 · shop status');
    expect(pub.message.flags & 64).toBe(0);
    expect(discord.messages(CASES).at(-1)?.id).toBe(pub.message.id);
    // The ephemeral "thinking" message was settled first, so the follow-up is its own public message.
    const settled = discord.edits.slice(edits).find((e) => e.kind === 'original');
    expect(embedOf(settled?.body).title).toBe('Posted');
  });

  it('a click that opens a form answers with the modal when fast; when too slow, it defers and says to click again', async () => {
    const message = discord.seedMessage(CASES, { content: 'card' }, discord.botUser) as ApiMessage;
    const click = () => discord.dispatchInteraction({ type: 3, data: { custom_id: 'case.refund:1', component_type: 2 }, message });
    expect(await click()).toMatchObject({ type: 9, status: 204, data: { custom_id: 'case.refund:1' } });

    dispatcher.delayMs = SLOW_MS;
    const edits = discord.edits.length;
    deferredInTime(await click());
    const edit = await waitFor('the explanation', () => discord.edits.slice(edits).find((e) => e.kind === 'original'));
    expect(embedOf(edit.body).title).toBe('Please try again');
  });

  it('an unexpected error is logged with a reference (never the token) and answered ephemerally; the bot keeps serving', async () => {
    dispatcher.fail = new Error(`database exploded near ${discord.token}`);
    const before = logs.length;
    const cb = await command('cases');
    expect(cb).toMatchObject({ type: 4, status: 204 });
    expect(Number(cb.data?.flags) & 64).toBe(64);
    const text = String(embedOf(cb.data).description);
    const ref = /reference: ([0-9a-f]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    const logged = logs.slice(before).find((l) => l.level === 'error');
    expect(logged?.obj).toMatchObject({ ref });
    expect(JSON.stringify(logs)).not.toContain(discord.token);

    // A failure after the deferral is reported through the deferred reply.
    dispatcher.delayMs = SLOW_MS;
    const edits = discord.edits.length;
    deferredInTime(await command('cases'));
    const edit = await waitFor('the error in the deferred reply', () => discord.edits.slice(edits).find((e) => e.kind === 'original'));
    expect(String(embedOf(edit.body).description)).toMatch(/reference: [0-9a-f]{8}/);

    dispatcher.fail = undefined;
    dispatcher.delayMs = 0;
    expect(await command('cases')).toMatchObject({ type: 4, status: 204 });
  });

  it('start() fails with a clear error naming DISCORD_TOKEN when the login is refused', async () => {
    const bad = createDiscordAdapter({
      env: { ...env(), DISCORD_TOKEN: 'not-the-token' },
      clock: deps.clock,
      dispatcher,
      log: silentLogger,
    });
    const err = await bad.start().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/DISCORD_TOKEN/);
    expect(err?.message).not.toContain('not-the-token');
  });
});
