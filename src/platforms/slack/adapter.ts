/**
 * The Slack platform: a ChatPort for the outbox (./chat.ts) and a Bolt app for slash
 * commands, buttons and modals (./router.ts).
 *
 * Socket Mode (default) connects out to Slack with SLACK_APP_TOKEN; HTTP mode
 * (SLACK_MODE=http) serves POST /slack/events on the intake server, where Bolt's
 * HTTPReceiver verifies the signature (bad, missing or stale: 401).
 *
 * SLACK_API_URL points every Web API client at another host (a local fake in tests):
 * SellerDesk's WebClient, Bolt's own client, and Socket Mode's `apps.connections.open`
 * (the SocketModeReceiver builds its client from `installerOptions.clientOptions`).
 */
import { slackRequestGuard } from './request-guard.js';
import { systemClock } from '../../ports.js';
import { errorCode, newReference } from '../../errors.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { AdapterOptions } from '../adapter-options.js';
import type { PlatformAdapter } from '../adapter.js';
import { createSlackChat, createSlackWebClient } from './chat.js';
import { boltLogger, describeSlackError, UsergroupMembers } from './context.js';
import { registerSlackRoutes } from './router.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** '…/api' or '…/api/' → '…/api/' (the SDK needs the trailing slash). */
export function normalizeApiUrl(url: string | undefined): string {
  if (!url) return 'https://slack.com/api/';
  if (url.endsWith('/api/')) return url;
  if (url.endsWith('/api')) return `${url}/`;
  throw new Error(`SLACK_API_URL must end with /api/ (got ${url})`);
}

/**
 * Bolt's client (auth.test at start, apps.connections.open): a few quick retries and a
 * timeout, and a 429 rejected at once, instead of the SDK's default ten retries over
 * about 30 minutes with no timeout.
 */
function boltClientOptions(slackApiUrl: string): WebClientOptions {
  return {
    slackApiUrl,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}

export function createSlackAdapter(o: AdapterOptions): PlatformAdapter {
  const { env, log } = o;
  const token = env.SLACK_BOT_TOKEN;
  if (!token) throw new Error('createSlackAdapter needs SLACK_BOT_TOKEN');
  const apiUrl = normalizeApiUrl(env.SLACK_API_URL);
  const client = createSlackWebClient({ token, apiUrl });
  const chat = createSlackChat({ client });
  const logger = boltLogger(log.child({ part: 'bolt' }));
  const clientOptions = boltClientOptions(apiUrl);

  let receiver: Receiver;
  let rawRoutes: PlatformAdapter['rawRoutes'];
  const mode = env.SLACK_MODE;
  if (mode === 'http') {
    if (!env.SLACK_SIGNING_SECRET) throw new Error('SLACK_MODE=http needs SLACK_SIGNING_SECRET');
    const http = new HTTPReceiver({
      signingSecret: env.SLACK_SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      // Ack as soon as a listener calls ack(); the work continues after the 200.
      processBeforeResponse: false,
    });
    receiver = http;
    // Real time, as Bolt checks the signature window with: not the (test-injectable) workflow clock.
    const guard = slackRequestGuard(systemClock);
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      if (!guard(req, res)) return;
      try {
        http.requestListener(req, res);
      } catch {
        if (!res.headersSent) res.writeHead(404).end();
      }
    };
    rawRoutes = [{ method: 'POST', path: SLACK_EVENTS_PATH, handler }];
  } else {
    if (!env.SLACK_APP_TOKEN) throw new Error('Socket Mode needs SLACK_APP_TOKEN');
    receiver = new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN, logger, installerOptions: { clientOptions } });
  }

  const app = new App({
    token,
    receiver,
    logger,
    clientOptions,
    convoStore: false, // no conversation state: every interaction re-reads the database
    // auth.test runs in start(), not in the constructor: a bad token fails start-up with a clear message.
    deferInitialization: true,
  });

  app.error(async (error) => {
    log.error(
      { ref: newReference(), code: errorCode(error), error: describeSlackError(error) },
      'slack: unhandled error in an interaction',
    );
  });

  registerSlackRoutes(app, { dispatcher: o.dispatcher, client, groups: new UsergroupMembers(client, log, o.clock), log });

  let started = false;
  return {
    chat,
    ...(rawRoutes ? { rawRoutes } : {}),
    async start() {
      try {
        await app.init();
      } catch (err) {
        const e = describeSlackError(err);
        throw new Error(
          `Slack refused the bot token (auth.test: ${String(e.slackError ?? e.message)}); check SLACK_BOT_TOKEN and SLACK_API_URL`,
        );
      }
      if (mode === 'socket') {
        try {
          await app.start();
        } catch (err) {
          await app.stop().catch(() => {});
          const e = describeSlackError(err);
          throw new Error(
            `Slack Socket Mode could not connect (apps.connections.open: ${String(e.slackError ?? e.message)}); check SLACK_APP_TOKEN (an xapp- token with connections:write)`,
          );
        }
        started = true;
      }
      log.info({ mode, ...(mode === 'http' ? { path: SLACK_EVENTS_PATH } : {}) }, 'Slack connected');
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}
