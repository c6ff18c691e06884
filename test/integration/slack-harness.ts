/**
 * Shared pieces of the Slack end-to-end suites: the whole app (startApp with the real
 * Bolt and WebClient pointed at FakeSlack, a fresh database on the worker's embedded server,
 * delivery driven by hand)
 * and the payloads Slack would send for commands, clicks and modal submissions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../../src/config.js';
import { outboxCounts } from '../../src/db/repos/outbox.js';
import { startApp, type App } from '../../src/main.js';
import { ManualClock, silentLogger, type Logger } from '../../src/ports.js';
import type { IntakeEvent } from '../../src/domain/events.js';
import { testDatabaseUrl } from '../db/harness.js';
import { signedHeaders } from '../fakes/sign.js';
import type { FakeSlack } from '../fakes/slack-server.js';

export const CASES = 'C0CASES01';
export const OTHER = 'C0OTHER01';
export const TEAM = 'T0FAKE001';
export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const WEBHOOK_SECRET = 'test-secret-0123456789';

export function slackEnv(fake: FakeSlack, extra: Record<string, string> = {}) {
  return loadEnv({
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sd-slack-')),
    WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.apiUrl,
    SLACK_DEFAULT_CHANNEL: CASES,
    ...extra,
  });
}

export async function startSlackApp(
  fake: FakeSlack,
  extra: Record<string, string> = {},
  log: Logger = silentLogger,
): Promise<{ app: App; clock: ManualClock }> {
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const app = await startApp(slackEnv(fake, { DATABASE_URL: await testDatabaseUrl('embedded'), ...extra }), {
    clock,
    log,
    manualDelivery: true,
  });
  return { app, clock };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: unknown;
  msg?: string | undefined;
}

/** A logger that keeps what it is given (children share the list and add their bindings). */
export function recordingLogger(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Logger & { entries: LogEntry[] } {
  const at =
    (level: LogEntry['level']) =>
    (obj: object | string, msg?: string): void => {
      entries.push({ level, obj: typeof obj === 'string' ? obj : { ...bindings, ...obj }, msg });
    };
  return {
    entries,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: (b) => recordingLogger(entries, { ...bindings, ...b }),
  };
}

/** A signed POST of a marketplace event to the intake server, as a connector would send it. */
export async function postEvent(app: App, clock: ManualClock, event: IntakeEvent): Promise<Record<string, unknown>> {
  const body = JSON.stringify(event);
  const res = await fetch(`${app.url}/webhooks/events`, {
    method: 'POST',
    headers: signedHeaders(app.webhookSecret, body, clock.now()),
    body,
  });
  if (res.status >= 300) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Delivers the whole outbox, moving the clock past the per-channel pacing between rounds. */
export async function deliverAll(app: App, clock: ManualClock): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await app.worker.drain();
    if (!(await outboxCounts(app.database.db)).pending) return;
    clock.advance(1500);
  }
  throw new Error('outbox still has pending rows');
}

export interface SlackUser {
  id: string;
  name: string;
}

export function slashCommand(fake: FakeSlack, command: string, text: string, user: SlackUser, channel = CASES) {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'fake-sellerdesk',
    channel_id: channel,
    channel_name: 'cases',
    user_id: user.id,
    user_name: user.name,
    command,
    text,
    api_app_id: 'A0FAKEAPP',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(),
    trigger_id: fake.triggerId(),
  };
}

export function buttonClick(fake: FakeSlack, actionId: string, user: SlackUser, channel: string, ts: string) {
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'fake-sellerdesk' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: fake.triggerId(),
    channel: { id: channel, name: 'cases' },
    message: { type: 'message', ts, text: 'card' },
    response_url: fake.responseUrl(),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b1',
        value: actionId,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

type Values = Record<string, Record<string, Record<string, unknown>>>;

/** A view_submission of a view the app opened (its callback_id and private_metadata come back as Slack sends them). */
export function viewSubmission(fake: FakeSlack, opened: Record<string, unknown>, user: SlackUser, values: Values) {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake-sellerdesk' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    trigger_id: fake.triggerId(),
    view: {
      id: 'V0SUBMIT01',
      team_id: TEAM,
      type: 'modal',
      blocks: opened.blocks,
      private_metadata: opened.private_metadata ?? '',
      callback_id: opened.callback_id,
      state: { values },
      hash: '1.abc',
      title: opened.title,
      root_view_id: 'V0SUBMIT01',
      app_id: 'A0FAKEAPP',
      bot_id: 'B0FAKEBOT',
    },
    response_urls: [],
  };
}

/** Slack's state.values shapes for the inputs render-modal.ts produces. */
export const input = {
  select: (value: string) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } }),
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  number: (value: string | null) => ({ type: 'number_input', value }),
};

/** All text a message shows (fallback text and blocks), for content checks. */
export const shown = (m: { text?: string; blocks?: unknown } | undefined): string => `${m?.text ?? ''}\n${JSON.stringify(m?.blocks ?? [])}`;
