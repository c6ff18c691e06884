/**
 * A local fake Slack: Web API over node:http and Socket Mode over ws, on an ephemeral port.
 * Point the real SDK at `apiUrl` (WebClient `slackApiUrl`, Bolt `clientOptions.slackApiUrl`).
 * It speaks the wire formats (form or JSON POSTs to /api/<method>, HTTP 200 `{ok,…}`, 429 with
 * Retry-After), enforces Block Kit limits, records calls, and injects faults on demand.
 */
import http from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SlackState, handlers } from './slack-api.js';
import type { ApiBody, Args, FakeSlackMessage, FakeSlackUser, Identity } from './slack-api.js';
import { ChannelRateLimiter, FaultPlan, mulberry32 } from './slack-faults.js';
import type { SlackFault } from './slack-faults.js';
import { readResponsePost, Waiters } from './slack-responses.js';
import type { FakeSlackResponse } from './slack-responses.js';
import { SocketModeEndpoint } from './slack-socket.js';
import type { Ack, EnvelopeType } from './slack-socket.js';

export type { FakeSlackMessage, FakeSlackUser } from './slack-api.js';
export type { SlackFault } from './slack-faults.js';
export type { Ack, EnvelopeType } from './slack-socket.js';
export type { FakeSlackResponse } from './slack-responses.js';

export interface FakeSlackCall {
  method: string;
  /** Parsed arguments (token removed); form posts keep JSON fields as strings. */
  args: Args;
  at: number;
  status?: number;
  ok?: boolean;
  error?: string;
}

export interface FakeSlackOptions {
  /** When set, only this bot token is accepted; otherwise any `xoxb-`/`xoxp-` token. */
  botToken?: string;
  /** When set, only this app token opens Socket Mode; otherwise any `xapp-` token. */
  appToken?: string;
  /** Clock for message ts, trigger expiry and the rate-limit model; defaults to Date.now. */
  now?: () => number;
  /** Seed of the PRNG behind setFaultRate (default 1). */
  seed?: number;
  identity?: Partial<Identity>;
}

/** `x-slack-signature` and `x-slack-request-timestamp` for an HTTP-mode request body (v0 HMAC-SHA256). */
export function signSlackRequest(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const sig = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${sig}`, 'x-slack-request-timestamp': String(timestamp) };
}

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  /** Posts to response_urls, in order. */
  readonly responses: FakeSlackResponse[] = [];
  readonly state: SlackState;
  /** Default tokens for tests: any token with the right prefix works unless the options pin one. */
  readonly botToken: string;
  readonly appToken: string;
  /** 429s answered, by the rate-limit model and by injected faults. */
  rateLimitedCount = 0;
  readonly rateLimitedByChannel = new Map<string, number>();
  private readonly now: () => number;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly socket: SocketModeEndpoint;
  private readonly faults: FaultPlan;
  private readonly limiter: ChannelRateLimiter;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Waiters();
  private port = 0;

  constructor(private readonly opts: FakeSlackOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.botToken = opts.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = opts.appToken ?? 'xapp-1-fake-app-token';
    this.faults = new FaultPlan(mulberry32(opts.seed ?? 1));
    this.limiter = new ChannelRateLimiter(this.now);
    const identity = {
      teamId: 'T0FAKE001',
      team: 'Fake SellerDesk',
      botUserId: 'U0FAKEBOT',
      botId: 'B0FAKEBOT',
      appId: 'A0FAKEAPP',
      ...opts.identity,
    };
    this.state = new SlackState(identity, this.now);
    this.socket = new SocketModeEndpoint(this.server, identity.appId);
  }

  /** e.g. http://127.0.0.1:PORT/api/ (ends with '/api/', as WebClient's slackApiUrl must). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- inspection ---------------------------------------------------------------------------

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages of a channel in post order (thread replies included), with current text/blocks after updates. */
  messages(channel: string): FakeSlackMessage[] {
    return structuredClone(this.state.channels.get(channel) ?? []);
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    const m = this.state.find(channel, ts);
    return m ? structuredClone(m) : undefined;
  }

  ephemerals(channel?: string): SlackState['ephemerals'] {
    return this.state.ephemerals.filter((e) => channel === undefined || e.channel === channel);
  }

  /** View objects opened or updated through views.*, in order of opening. */
  openedViews(): Args[] {
    return [...this.state.views.values()].map((v) => v.view);
  }

  /** A response_url for a slash command or interaction payload; posts to it land in `responses`. */
  responseUrl(id: string = randomUUID()): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Posts to the response_url `url` (or with that id). */
  responsesTo(url: string): FakeSlackResponse[] {
    const id = url.slice(url.lastIndexOf('/') + 1);
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolves with the first truthy value of `probe`, re-checked after every API call or response_url post the fake answers. */
  waitFor<T>(probe: () => T | undefined | null | false, what = 'a condition', timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(probe, what, timeoutMs);
  }

  // ---- workspace setup ----------------------------------------------------------------------

  addUser(user: FakeSlackUser): void {
    this.state.users.set(user.id, user);
  }

  setUsergroupMembers(usergroupId: string, userIds: string[]): void {
    this.state.usergroups.set(usergroupId, [...userIds]);
  }

  /** Make every call on a channel fail with `error` (channel_not_found, not_in_channel, is_archived); null clears. */
  setChannelError(channel: string, error: string | null): void {
    if (error) this.state.channelErrors.set(channel, error);
    else this.state.channelErrors.delete(channel);
  }

  /** A trigger_id views.open accepts once within 3 s (expired_trigger_id / exchanged_trigger_id after). */
  triggerId(): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomUUID().replace(/-/g, '')}`;
    this.state.triggers.set(id, { issuedAt: this.now(), used: false });
    return id;
  }

  // ---- faults and limits --------------------------------------------------------------------

  /** Fail the next `times` calls of `method` ('*' for any method). */
  failNext(method: string, fault: SlackFault, times = 1): void {
    this.faults.failNext(method, fault, times);
  }

  /** Fail a fraction `p` of calls with a fault drawn from `kinds` by the seeded PRNG; p = 0 turns it off. */
  setFaultRate(p: number, kinds: SlackFault[], opts: { methods?: string[]; seed?: number } = {}): void {
    this.faults.setRate(p, kinds, opts.methods, opts.seed);
  }

  /** Token bucket per channel (chat.postMessage unless `methods`): 429 + Retry-After when empty; null turns it off. */
  rateLimit(cfg: { perChannelPerSec: number; burst: number; methods?: string[] } | null): void {
    this.limiter.configure(cfg);
  }

  /** Forget calls, messages, views, faults and limits (users and usergroups stay). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.socket.acks.length = 0;
    this.state.channels.clear();
    this.state.ephemerals.length = 0;
    this.state.views.clear();
    this.faults.clear();
    this.limiter.configure(null);
    this.rateLimitedCount = 0;
    this.rateLimitedByChannel.clear();
  }

  // ---- Socket Mode --------------------------------------------------------------------------

  get connections(): number {
    return this.socket.connections;
  }

  /** Every ack received, in order. */
  get acks(): Ack[] {
    return this.socket.acks;
  }

  waitForConnection(timeoutMs?: number): Promise<void> {
    return this.socket.waitForConnection(timeoutMs);
  }

  /** Deliver an envelope to the connected app; resolves with its ack, rejects without one within 3 s. */
  sendEnvelope(type: EnvelopeType, payload: unknown, opts?: { ackTimeoutMs?: number; retryAttempt?: number }): Promise<Ack> {
    return this.socket.sendEnvelope(type, payload, opts);
  }

  /** Ask connected clients to reconnect, as Slack does when recycling a connection. */
  disconnectSockets(reason = 'refresh_requested'): void {
    this.socket.disconnectAll(reason);
  }

  // ---- Web API ------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const responseId = /^\/response\/([A-Za-z0-9_.-]+)$/.exec(url.pathname)?.[1];
    if (responseId && req.method === 'POST') return this.onResponseUrl(req, res, responseId);
    const method = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname)?.[1];
    if (!method) {
      res.writeHead(404).end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const args: Args = Object.fromEntries(url.searchParams);
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const call: FakeSlackCall = { method, args, at: this.now() };
    this.calls.push(call);
    try {
      Object.assign(args, isJson ? (JSON.parse(raw || '{}') as Args) : Object.fromEntries(new URLSearchParams(raw)));
    } catch {
      return this.reply(res, call, 200, { ok: false, error: 'invalid_json' });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (isJson ? undefined : (args.token as string | undefined));
    delete args.token;

    const fault = this.faults.pick(method);
    if (fault && 'reset' in fault) return void req.socket.destroy();
    if (fault && 'status' in fault) {
      if (fault.status === 429) return this.tooMany(res, call, fault.retryAfter ?? 1, undefined);
      return this.reply(res, call, fault.status, null);
    }
    if (fault && 'error' in fault) return this.reply(res, call, 200, { ok: false, error: fault.error });
    if (fault && fault.apply === false) return this.later(fault.timeoutMs, () => req.socket.destroy());

    const authError = this.checkAuth(method, token);
    let body: ApiBody;
    if (authError) {
      body = { ok: false, error: authError };
    } else {
      const channel = typeof args.channel === 'string' ? args.channel : undefined;
      if (channel && this.limiter.applies(method)) {
        const waitMs = this.limiter.take(channel);
        if (waitMs > 0) return this.tooMany(res, call, Math.max(1, Math.ceil(waitMs / 1000)), channel);
      }
      const handler = handlers[method];
      body = handler ? handler(this.state, args, { wsUrl: () => this.socket.issueUrl(this.port) }) : { ok: false, error: 'unknown_method' };
    }
    if (fault) return this.later(fault.timeoutMs, () => this.reply(res, call, 200, body));
    this.reply(res, call, 200, body);
  }

  private async onResponseUrl(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    const posted = await readResponsePost(req, res, id, this.now());
    if (posted) this.responses.push(posted);
    this.waiters.notify();
  }

  private checkAuth(method: string, token: string | undefined): string | null {
    if (!token) return 'not_authed';
    const wantsApp = method === 'apps.connections.open';
    const isApp = token.startsWith('xapp-');
    const isBot = token.startsWith('xoxb-') || token.startsWith('xoxp-');
    if (!isApp && !isBot) return 'invalid_auth';
    if (isApp !== wantsApp) return 'not_allowed_token_type';
    const pinned = wantsApp ? this.opts.appToken : this.opts.botToken;
    return pinned === undefined || token === pinned ? null : 'invalid_auth';
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private tooMany(res: http.ServerResponse, call: FakeSlackCall, retryAfterSec: number, channel: string | undefined): void {
    this.rateLimitedCount += 1;
    if (channel) this.rateLimitedByChannel.set(channel, (this.rateLimitedByChannel.get(channel) ?? 0) + 1);
    res.setHeader('retry-after', String(retryAfterSec));
    this.reply(res, call, 429, { ok: false, error: 'ratelimited' });
  }

  private reply(res: http.ServerResponse, call: FakeSlackCall, status: number, body: ApiBody | null): void {
    call.status = status;
    call.ok = status === 200 && body?.ok === true;
    if (body && !body.ok) call.error = String(body.error);
    if (res.destroyed || res.writableEnded) return;
    if (body === null) res.writeHead(status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    else res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    this.waiters.notify();
  }
}
