/**
 * ChatPort for Discord over REST (@discordjs/rest through discord.js).
 *
 * Rate limits: @discordjs/rest would normally sleep through a 429 inside its per-route
 * bucket queue (per channel, honouring retry_after and `global`), holding the outbox
 * worker's request open and pausing every later request on that bucket. We want the
 * delivery worker to own waiting (per-channel backoff, a global pause), so:
 *  - an actual 429 response is turned into DeliveryError('rate_limited') by a thin
 *    `makeRequest` wrapper, using the body's precise `retry_after` (float seconds; the
 *    Retry-After header is rounded up) and `global` / X-RateLimit-Scope for the scope;
 *  - `rejectOnRateLimit` makes the pre-emptive case (a bucket already exhausted per the
 *    X-RateLimit-* headers, or the local 50/s global limiter) reject with RateLimitError
 *    instead of sleeping; that maps to the same DeliveryError.
 * Retries are limited to 1 (5xx, timeouts); enforce_nonce makes a retried POST safe.
 *
 * Channel kinds: a route may name a forum (or media) channel, which holds no messages of
 * its own: a post there becomes a new forum post (`POST /channels/{id}/threads` with a
 * `message`), whose starter message shares the thread's id (ref "<thread>/<thread>").
 * Announcement channels take normal posts. The type is read once per channel and cached.
 */
import { DefaultRestOptions, DiscordAPIError, HTTPError, RateLimitError, REST, Routes } from 'discord.js';
import type { RESTOptions } from 'discord.js';
import type { ChatPort, Logger, PostRequest } from '../../ports.js';
import { silentLogger } from '../../ports.js';
import type { DiscordMessagePayload } from './render.js';
import { renderCard } from './render.js';
import { DeliveryError } from '../../errors.js';
import { clip, stripInvisible } from './text.js';

export const DISCORD_EPOCH = 1_420_070_400_000n;

/** The smallest snowflake at `at` (for `after=` queries). */
export function snowflakeFromDate(at: Date): string {
  const ms = BigInt(Math.max(at.getTime(), Number(DISCORD_EPOCH)));
  return ((ms - DISCORD_EPOCH) << 22n).toString();
}

export const deliveryMarker = (outboxId: number): string => `SellerDesk #${outboxId}`;
export const deliveryNonce = (outboxId: number): string => `sd-${outboxId}`;

/** Refs of messages posted in a thread carry the thread: `<threadId>/<messageId>`. */
export function parseRef(ref: string): { channel?: string; message: string } {
  const at = ref.indexOf('/');
  return at < 0 ? { message: ref } : { channel: ref.slice(0, at), message: ref.slice(at + 1) };
}

const ERR_THREAD_EXISTS = 160004;
/** Channel types that hold threads (posts) instead of messages: GUILD_FORUM, GUILD_MEDIA. */
export const POST_CHANNEL_TYPES: ReadonlySet<number> = new Set([15, 16]);
const ERR_UNKNOWN_CHANNEL = 10003;

async function rateLimitedFromResponse(res: Awaited<ReturnType<RESTOptions['makeRequest']>>): Promise<DeliveryError> {
  let body: { retry_after?: unknown; global?: unknown; message?: unknown } = {};
  try {
    const text = await res.text();
    body = JSON.parse(text) as typeof body;
  } catch {
    // Cloudflare's 429 page is HTML; fall back to the headers.
  }
  const header = Number(res.headers.get('retry-after'));
  const seconds = typeof body.retry_after === 'number' ? body.retry_after : Number.isFinite(header) ? header : 1;
  const global = body.global === true || res.headers.has('x-ratelimit-global') || res.headers.get('x-ratelimit-scope') === 'global';
  return new DeliveryError(
    `Discord rate limited (${global ? 'global' : (res.headers.get('x-ratelimit-scope') ?? 'user')}), retry after ${seconds}s`,
    'rate_limited',
    Math.ceil(seconds * 1000),
    global ? 'global' : 'channel',
  );
}

export function createDiscordRest(opts: { token: string; apiUrl?: string; timeoutMs?: number; retries?: number }): REST {
  const baseMakeRequest = DefaultRestOptions.makeRequest;
  const rest = new REST({
    version: '10',
    ...(opts.apiUrl ? { api: opts.apiUrl } : {}),
    timeout: opts.timeoutMs ?? 10_000,
    retries: opts.retries ?? 1,
    rejectOnRateLimit: () => true,
    async makeRequest(url, init) {
      const res = await baseMakeRequest(url, init);
      if (res.status === 429) throw await rateLimitedFromResponse(res);
      return res;
    },
  });
  return rest.setToken(opts.token);
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps whatever the REST client threw to what the delivery worker understands. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    const wait = Math.max(err.retryAfter, err.timeToReset, 0);
    return new DeliveryError(`Discord rate limit on ${err.route}`, 'rate_limited', Math.ceil(wait), err.global ? 'global' : 'channel');
  }
  if (err instanceof DiscordAPIError) {
    const msg = `Discord ${err.status} ${err.code}: ${err.message}`;
    if (err.status === 429) return new DeliveryError(msg, 'rate_limited', 1000);
    if (err.status >= 500 || err.status === 408) return new DeliveryError(msg, 'transient');
    // 50001 Missing Access, 50013 Missing Permissions, 10003 Unknown Channel,
    // 10008 Unknown Message, 50035 Invalid Form Body, 401 bad token: retrying cannot help.
    return new DeliveryError(msg, 'permanent');
  }
  if (err instanceof HTTPError) {
    return new DeliveryError(`Discord HTTP ${err.status}`, err.status >= 500 ? 'transient' : 'permanent');
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return new DeliveryError('Discord request timed out', 'transient');
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError(`Discord request failed${code ? ` (${code})` : ''}: ${message}`, 'transient');
}

/** Appends the delivery marker to the last embed's footer (render.ts leaves room for it). */
export function withMarker(payload: DiscordMessagePayload, outboxId: number): DiscordMessagePayload {
  const marker = deliveryMarker(outboxId);
  const embeds = payload.embeds.map((e, i) => {
    if (i !== payload.embeds.length - 1) return e;
    return { ...e, footer: { text: e.footer?.text ? `${e.footer.text} · ${marker}` : marker } };
  });
  return { ...payload, embeds };
}

interface ApiMessage {
  id: string;
  author?: { id?: string; bot?: boolean };
  embeds?: { footer?: { text?: string } }[];
}

export interface DiscordChatOptions {
  rest: REST;
  logger?: Logger;
  /** Pages of 100 messages findPosted reads at most. */
  maxPages?: number;
  /** Name of a thread created for replies under a message. */
  threadName?: (req: PostRequest) => string;
}

export function createDiscordChat(opts: DiscordChatOptions): ChatPort {
  const { rest } = opts;
  const log = (opts.logger ?? silentLogger).child({ platform: 'discord' });
  const maxPages = opts.maxPages ?? 5;
  const threadName = opts.threadName ?? ((req: PostRequest) => req.view.title);
  const knownThreads = new Set<string>();
  const channelTypes = new Map<string, number>();
  let botId: string | undefined;

  const call = async <T>(fn: () => Promise<unknown>): Promise<T> => {
    try {
      return (await fn()) as T;
    } catch (err) {
      throw toDeliveryError(err);
    }
  };

  /** Threads started from a message share its id; create it once, tolerate "already exists". */
  async function ensureThread(channel: string, messageId: string, name: string): Promise<void> {
    if (knownThreads.has(messageId)) return;
    try {
      await rest.post(Routes.threads(channel, messageId), {
        body: { name: clip(stripInvisible(name).replace(/\n/g, ' ').trim() || 'Case', 100), auto_archive_duration: 10080 },
      });
    } catch (err) {
      if (!(err instanceof DiscordAPIError && err.code === ERR_THREAD_EXISTS)) throw toDeliveryError(err);
    }
    knownThreads.add(messageId);
  }

  /** The channel's type, read once (GET /channels/{id}) and cached; failures are not cached. */
  async function channelType(channel: string): Promise<number> {
    const known = channelTypes.get(channel);
    if (known !== undefined) return known;
    const c = await call<{ type?: unknown }>(() => rest.get(Routes.channel(channel)));
    const type = typeof c.type === 'number' ? c.type : 0;
    channelTypes.set(channel, type);
    return type;
  }

  const postName = (req: PostRequest): string => clip(stripInvisible(threadName(req)).replace(/\n/g, ' ').trim() || 'SellerDesk', 100);

  return {
    platform: 'discord',

    async post(req) {
      const payload = withMarker(renderCard(req.view), req.outboxId);
      const body = { ...payload, nonce: deliveryNonce(req.outboxId), enforce_nonce: true };
      if (!req.threadRef) {
        if (POST_CHANNEL_TYPES.has(await channelType(req.channel))) {
          // A forum post: the thread and its starter message are created together (no nonce there).
          const thread = await call<{ id: string }>(() =>
            rest.post(Routes.threads(req.channel), { body: { name: postName(req), auto_archive_duration: 10080, message: payload } }),
          );
          log.debug({ forum: req.channel, thread: thread.id }, 'created forum post');
          knownThreads.add(thread.id);
          return { ref: `${thread.id}/${thread.id}` };
        }
        const msg = await call<ApiMessage>(() => rest.post(Routes.channelMessages(req.channel), { body }));
        return { ref: msg.id };
      }
      // A ref of a message inside a thread names the thread: reply in that same thread.
      const root = parseRef(req.threadRef);
      const thread = root.channel ?? root.message;
      if (!root.channel) await ensureThread(req.channel, root.message, threadName(req));
      const msg = await call<ApiMessage>(() => rest.post(Routes.channelMessages(thread), { body }));
      log.debug({ thread, ref: msg.id }, 'posted thread reply');
      return { ref: `${thread}/${msg.id}` };
    },

    async update(req) {
      const { channel, message } = parseRef(req.ref);
      await call(() => rest.patch(Routes.channelMessage(channel ?? req.channel, message), { body: renderCard(req.view) }));
    },

    async findPosted(req) {
      const root = req.threadRef ? parseRef(req.threadRef) : undefined;
      const target = root ? (root.channel ?? root.message) : req.channel;
      const marker = deliveryMarker(req.outboxId);
      // A forum has no message list; its posts are threads. Without an index of them a lost
      // forum post cannot be found, so it may be posted again (rare: only after a lost answer).
      if (!root && POST_CHANNEL_TYPES.has(await channelType(req.channel))) return null;
      if (!botId) botId = (await call<{ id: string }>(() => rest.get(Routes.user('@me')))).id;
      // A minute of slack for clock skew between this host and Discord.
      let after = BigInt(snowflakeFromDate(new Date(req.since.getTime() - 60_000)));
      for (let page = 0; page < maxPages; page++) {
        let messages: ApiMessage[];
        try {
          messages = (await rest.get(Routes.channelMessages(target), {
            query: new URLSearchParams({ after: after.toString(), limit: '100' }),
          })) as ApiMessage[];
        } catch (err) {
          // No thread yet means nothing was posted into it.
          if (root && err instanceof DiscordAPIError && err.code === ERR_UNKNOWN_CHANNEL) return null;
          throw toDeliveryError(err);
        }
        for (const m of messages) {
          const mine = m.author?.id === botId;
          if (mine && m.embeds?.some((e) => e.footer?.text?.endsWith(marker))) {
            return root ? `${target}/${m.id}` : m.id;
          }
        }
        if (messages.length < 100) return null;
        // Pages come newest first; continue after the newest id seen.
        after = messages.reduce((max, m) => (BigInt(m.id) > max ? BigInt(m.id) : max), after);
      }
      log.warn({ outboxId: req.outboxId, channel: target }, 'findPosted gave up after max pages');
      return null;
    },
  };
}
