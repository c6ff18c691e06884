/**
 * The Slack ChatPort: posts, updates and finds outbox messages through the Web API.
 *
 * Every message is tagged with message metadata `sellerdesk_outbox` carrying the outbox
 * row id, so a re-post after a crash can first look for the earlier attempt.
 * Errors become DeliveryError: the outbox worker decides to wait, retry or dead-letter.
 */
import webApi from '@slack/web-api';
import type { WebClient } from '@slack/web-api';
import type { ChatPort, PostRequest, UpdateRequest } from '../../ports.js';
import { renderCard } from './render.js';
import { DeliveryError } from '../../errors.js';

const { WebClient: WebClientCtor, LogLevel } = webApi;

export const OUTBOX_EVENT_TYPE = 'sellerdesk_outbox';

/** Platform errors (`ok:false`) that are worth retrying; all others are permanent. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** How far before `since` to look, for clock skew between this host and Slack. */
const SKEW_MS = 60_000;

export interface SlackWebClientOptions {
  token: string;
  /** Defaults to https://slack.com/api/; must end with '/api/'. */
  apiUrl?: string;
  /** Per-request timeout; defaults to 10 s (the SDK default is none). */
  timeoutMs?: number;
}

/**
 * A WebClient with deliberate settings: no SDK retries and 429s rejected at once
 * (the SDK would otherwise pause its whole queue for Retry-After, stalling every
 * channel), a request timeout, and error-level logging.
 */
export function createSlackWebClient(opts: SlackWebClientOptions): WebClient {
  const slackApiUrl = opts.apiUrl ?? 'https://slack.com/api/';
  if (!slackApiUrl.endsWith('/api/')) throw new Error(`Slack apiUrl must end with '/api/': ${slackApiUrl}`);
  return new WebClientCtor(opts.token, {
    slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

interface SlackishError {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
  original?: unknown;
}

/** Map anything the WebClient throws to a DeliveryError. */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as SlackishError;
  const message = typeof e.message === 'string' ? e.message : String(err);
  switch (e.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
      return new DeliveryError(`slack ${method}: rate limited, retry after ${seconds}s`, 'rate_limited', seconds * 1000);
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const kind = status >= 500 || status === 408 || status === 0 ? 'transient' : 'permanent';
      return new DeliveryError(`slack ${method}: HTTP ${status}`, kind);
    }
    case 'slack_webapi_request_error':
      return new DeliveryError(`slack ${method}: request failed: ${message}`, 'transient');
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      const retryAfter = e.data?.response_metadata?.retryAfter;
      if ((code === 'ratelimited' || code === 'rate_limited') && typeof retryAfter === 'number') {
        return new DeliveryError(`slack ${method}: ${code}`, 'rate_limited', retryAfter * 1000);
      }
      return new DeliveryError(`slack ${method}: ${code}`, TRANSIENT_PLATFORM_ERRORS.has(code) ? 'transient' : 'permanent');
    }
  }
  // The SDK throws an uncoded Error for a 429 without a usable Retry-After header.
  if (/rate limit|retry header/i.test(message)) {
    return new DeliveryError(`slack ${method}: ${message}`, 'rate_limited', 1000);
  }
  const name = typeof e.name === 'string' ? e.name : '';
  if (name === 'AbortError' || name === 'TimeoutError' || /ECONN|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(message)) {
    return new DeliveryError(`slack ${method}: ${message}`, 'transient');
  }
  return new DeliveryError(`slack ${method}: ${message}`, 'permanent');
}

async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDeliveryError(err, method);
  }
}

/** A Date as a Slack timestamp string ("seconds.micros"). */
export function toSlackTs(d: Date): string {
  return (Math.max(0, d.getTime()) / 1000).toFixed(6);
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function outboxIdOf(m: HistoryMessage): number | null {
  if (m.metadata?.event_type !== OUTBOX_EVENT_TYPE) return null;
  const raw = m.metadata.event_payload?.outbox_id;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

export interface SlackChatOptions {
  client: WebClient;
  /** Pages of history read by findPosted; default 5. */
  maxHistoryPages?: number;
  /** Messages per history page (Slack allows up to 999, recommends ≤ 200); default 200. */
  historyPageSize?: number;
}

export function createSlackChat(opts: SlackChatOptions): ChatPort {
  const { client } = opts;
  const maxPages = Math.max(1, opts.maxHistoryPages ?? 5);
  const pageSize = Math.min(999, Math.max(1, opts.historyPageSize ?? 200));

  return {
    platform: 'slack',

    async post(req: PostRequest): Promise<{ ref: string }> {
      const { text, blocks } = renderCard(req.view);
      const send = () =>
        call('chat.postMessage', () =>
          client.chat.postMessage({
            channel: req.channel,
            text,
            blocks,
            ...(req.threadRef ? { thread_ts: req.threadRef } : {}),
            unfurl_links: false,
            unfurl_media: false,
            metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: req.outboxId } },
          }),
        );
      let res;
      try {
        res = await send();
      } catch (e) {
        // The bot was never invited to a public routed channel: join it (channels:join) and post
        // once more, rather than dead-lettering the team's first cards. Private channels still
        // need an /invite, and the error says so.
        if (!(e instanceof DeliveryError) || !/not_in_channel/.test(e.message)) throw e;
        await call('conversations.join', () => client.conversations.join({ channel: req.channel })).catch((joinErr: unknown) => {
          throw new DeliveryError(
            `not in channel ${req.channel} and could not join it (${(joinErr as Error).message}); invite the bot: /invite @SellerDesk`,
            'permanent',
          );
        });
        res = await send();
      }
      if (typeof res.ts !== 'string') throw new DeliveryError('slack chat.postMessage: no ts in the response', 'transient');
      return { ref: res.ts };
    },

    async update(req: UpdateRequest): Promise<void> {
      const { text, blocks } = renderCard(req.view);
      await call('chat.update', () => client.chat.update({ channel: req.channel, ts: req.ref, text, blocks }));
    },

    async findPosted(req): Promise<string | null> {
      const oldest = toSlackTs(new Date(req.since.getTime() - SKEW_MS));
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const common = { channel: req.channel, oldest, limit: pageSize, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
        const res = req.threadRef
          ? await call('conversations.replies', () => client.conversations.replies({ ...common, ts: req.threadRef as string }))
          : await call('conversations.history', () => client.conversations.history(common));
        for (const m of (res.messages ?? []) as HistoryMessage[]) {
          if (outboxIdOf(m) === req.outboxId && typeof m.ts === 'string') return m.ts;
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
  };
}
