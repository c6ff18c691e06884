/**
 * FakeDiscord: a local Discord API v10 + gateway for tests, speaking the real wire
 * format (numeric snowflakes, 204 without a JSON content type, 429 bodies and headers,
 * 50035 Invalid Form Body) and enforcing the real message and modal limits.
 *
 *   const discord = new FakeDiscord({ guilds: [...] }); await discord.start();
 *   new REST({ api: discord.apiUrl }).setToken(discord.token)
 *   new Client({ intents, rest: { api: discord.apiUrl } }).login(discord.token)
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord-gateway.js';
import type { FakeChannel, FakeGuild } from './discord-gateway.js';
import { InteractionDesk } from './discord-interactions.js';
import type { InteractionInput, RecordedCallback } from './discord-interactions.js';
import { ChannelBuckets, FaultPlan } from './discord-faults.js';
import type { Fault, RouteMatch } from './discord-faults.js';
import { ChannelStore } from './discord-channels.js';
import { CommandRegistry } from './discord-commands.js';
import type { CommandRegistration } from './discord-commands.js';
import type { Answer, RecordedEdit } from './discord-channels.js';
import { Snowflakes, userObject } from './discord-wire.js';
import type { ApiMessage } from './discord-wire.js';

export type { FakeChannel, FakeGuild } from './discord-gateway.js';
export type { InteractionInput, RecordedCallback } from './discord-interactions.js';
export type { Fault, RouteMatch } from './discord-faults.js';
export type { ApiMessage } from './discord-wire.js';
export type { RecordedEdit } from './discord-channels.js';
export type { CommandRegistration } from './discord-commands.js';

type Body = Record<string, unknown>;
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
}

export interface FakeDiscordOptions {
  token?: string;
  appId?: string;
  botId?: string;
  botName?: string;
  guilds?: FakeGuild[];
  /** Interaction callback deadline; Discord's is 3 s. */
  interactionDeadlineMs?: number;
  /** Enforce a per-channel message limit (Discord: about 5 per 5 s); off by default. */
  messageRateLimit?: { limit: number; windowSeconds: number };
}

export const DEFAULT_GUILD: FakeGuild = {
  id: '110000000000000001',
  name: 'Seller Team',
  channels: [
    { id: '120000000000000001', name: 'cases' },
    { id: '120000000000000002', name: 'escalations' },
  ],
  roles: [{ id: '130000000000000001', name: 'On call' }],
};

const unauthorized: Answer = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
const notFound: Answer = { status: 404, body: { message: '404: Not Found', code: 0 } };

export class FakeDiscord {
  readonly token: string;
  readonly appId: string;
  readonly botUser: ReturnType<typeof userObject>;
  readonly requests: RecordedRequest[] = [];
  interactionDeadlineMs: number;
  private readonly guilds: FakeGuild[];
  private readonly store: ChannelStore;
  private readonly commands: CommandRegistry;
  private readonly ids = new Snowflakes();
  private readonly faults = new FaultPlan();
  private readonly buckets?: ChannelBuckets;
  private readonly desk: InteractionDesk;
  private readonly gateway: FakeGateway;
  private server?: Server;
  private port = 0;

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'fake-bot-token';
    this.appId = opts.appId ?? '100000000000000001';
    this.botUser = userObject(opts.botId ?? opts.appId ?? '100000000000000001', opts.botName ?? 'SellerDesk', true);
    this.guilds = opts.guilds ?? [DEFAULT_GUILD];
    this.interactionDeadlineMs = opts.interactionDeadlineMs ?? 3000;
    if (opts.messageRateLimit) this.buckets = new ChannelBuckets(opts.messageRateLimit.limit, opts.messageRateLimit.windowSeconds * 1000);
    this.store = new ChannelStore(this.guilds, this.botUser, this.ids);
    this.commands = new CommandRegistry(this.appId, this.ids);
    this.gateway = new FakeGateway(
      { token: this.token, appId: this.appId, appFlags: 0, botUser: this.botUser, guilds: () => this.guilds },
      () => this.gatewayUrl,
    );
    this.desk = new InteractionDesk({
      appId: this.appId,
      botUser: this.botUser,
      nextId: () => this.ids.next(),
      deadlineMs: () => this.interactionDeadlineMs,
      defaultGuild: () => ({ guildId: this.guilds[0]?.id ?? '0', channelId: this.guilds[0]?.channels[0]?.id ?? '0' }),
      channelType: (id) => this.store.channels.get(id)?.type,
      createMessage: (channelId, body, extra) => this.store.createMessage(channelId, body, extra),
      editMessage: (_channelId, messageId, body) => this.store.editMessage(messageId, body),
      recordEdit: (e) => this.store.edits.push(e),
      dispatch: (event, data) => this.gateway.dispatch(event, data),
    });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  /** IDENTIFY payloads received (intents, token, shard). */
  get identifies(): FakeGateway['identifies'] {
    return this.gateway.identifies;
  }
  get callbacks(): RecordedCallback[] {
    return this.desk.callbacks;
  }
  get followUps(): InteractionDesk['followUps'] {
    return this.desk.followUps;
  }
  /** Bulk overwrites of global and guild commands (PUT), in order. */
  get commandRegistrations(): CommandRegistration[] {
    return this.commands.registrations;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    this.gateway.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** Edits of channel messages, original responses, component updates and follow-ups. */
  get edits(): RecordedEdit[] {
    return this.store.edits;
  }
  /** Messages visible in a channel or thread, oldest first (ephemeral ones are not). */
  messages(channel: string): ApiMessage[] {
    return this.store.messages(channel);
  }
  message(id: string): ApiMessage | undefined {
    return this.store.message(id);
  }
  /** Adds a channel (or makes one known) in the first guild. */
  addChannel(channel: FakeChannel, guildId = this.guilds[0]?.id ?? '0'): void {
    this.store.channels.set(channel.id, { ...channel, guild_id: guildId });
  }
  /** Puts a message into a channel as if someone else (a person) had sent it. */
  seedMessage(channel: string, body: Body, author = userObject('190000000000000002', 'buyer-proxy')): ApiMessage {
    return this.store.createMessage(channel, body, { author });
  }

  /** The next request(s) matching `match` get this fault (status 429/5xx/4xx, reset, lost response). */
  failNext(match: RouteMatch, fault: Fault, times = 1): void {
    this.faults.failNext(match, fault, times);
  }
  /** Seeded random faults on matching requests; `null` turns them off. */
  randomFaults(opts: Parameters<FaultPlan['random']>[0]): void {
    this.faults.random(opts);
  }
  get injectedFaults(): FaultPlan['injected'] {
    return this.faults.injected;
  }

  /** Sends INTERACTION_CREATE; resolves with the first callback the app makes. */
  dispatchInteraction(input: InteractionInput): Promise<RecordedCallback> {
    return this.desk.dispatch(input).callback;
  }
  /** Like dispatchInteraction, also returning the payload that was dispatched. */
  sendInteraction(input: InteractionInput): ReturnType<InteractionDesk['dispatch']> {
    return this.desk.dispatch(input);
  }
  /** Any other gateway dispatch (MESSAGE_CREATE, GUILD_MEMBER_UPDATE...). */
  dispatchEvent(event: string, data: unknown): number {
    return this.gateway.dispatch(event, data);
  }
  /** Identified gateway sessions. */
  get gatewaySessions(): number {
    return this.gateway.connected;
  }

  // ---- HTTP ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    let body: unknown = undefined;
    if (raw && String(req.headers['content-type']).startsWith('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.write(res, { status: 400, body: { message: '400: Bad Request', code: 50109 } });
      }
    } else if (raw) {
      return this.write(res, { status: 400, body: { message: 'The fake only accepts JSON bodies', code: 50109 } });
    }
    const path = url.pathname.replace(/^\/api\/v10/, '');
    if (path === url.pathname) return this.write(res, notFound);
    const record: RecordedRequest = { method, path, query: url.search, body, status: 0 };
    this.requests.push(record);

    const fault = this.faults.take(method, path);
    if (fault && !fault.afterCommit) {
      record.status = fault.status ?? 0;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      else return fault.reset ? void req.socket.destroy() : this.write(res, FaultPlan.answer(fault));
    }
    let answer: Answer;
    try {
      answer = this.route(method, path, url.searchParams, (body ?? {}) as Body, req.headers.authorization);
    } catch (err) {
      answer = { status: 500, body: { message: `fake error: ${(err as Error).message}`, code: 0 } };
    }
    if (fault?.afterCommit) {
      // The request took effect, but the answer is lost: the "did it post?" case.
      record.status = fault.status ?? 0;
      return fault.reset ? void req.socket.destroy() : this.write(res, FaultPlan.answer(fault));
    }
    record.status = answer.status;
    this.write(res, answer);
  }

  private write(res: ServerResponse, a: Answer): void {
    const headers: Record<string, string> = { 'x-ratelimit-bucket': 'fakebucket', ...a.headers };
    if (a.body === undefined) {
      // Discord's 204s carry no JSON content type; @discordjs/rest would try to parse one.
      res.writeHead(a.status, headers).end();
      return;
    }
    res.writeHead(a.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  }

  private route(method: string, path: string, q: URLSearchParams, body: Body, auth: string | undefined): Answer {
    const seg = path.split('/').slice(1).map(decodeURIComponent);
    // Interaction callbacks and interaction webhooks authenticate by token, not the bot token.
    if (seg[0] === 'interactions' && seg[3] === 'callback' && method === 'POST') {
      return this.desk.callback(seg[1] ?? '', seg[2] ?? '', body, q.get('with_response') === 'true');
    }
    if (seg[0] === 'webhooks' && seg.length >= 3 && (seg.length === 3 || seg[3] === 'messages')) {
      return this.desk.webhook(method, seg[1] ?? '', seg[2] ?? '', seg[4], body, q.get('wait') === 'true');
    }
    if (path === '/gateway' && method === 'GET') return { status: 200, body: { url: this.gatewayUrl } };
    if (auth !== `Bot ${this.token}`) return unauthorized;
    const key = `${method} ${seg.map((s, i) => (i % 2 === 1 && /^\d+$/.test(s) ? ':id' : s)).join('/')}`;
    switch (key) {
      case 'GET gateway/bot':
        return {
          status: 200,
          body: {
            url: this.gatewayUrl,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
          },
        };
      case 'GET users/@me':
        return { status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, email: null } };
      case 'GET applications/@me':
      case 'GET oauth2/applications/@me':
        return {
          status: 200,
          body: {
            id: this.appId,
            name: this.botUser.username,
            flags: 0,
            bot_public: false,
            bot: this.botUser,
            description: '',
            icon: null,
            verify_key: '0'.repeat(64),
            team: null,
          },
        };
      case 'GET channels/:id':
        return this.store.getChannel(seg[1] ?? '');
      case 'POST channels/:id/messages': {
        const bucket = this.buckets?.take(seg[1] ?? '');
        if (bucket?.retryAfter !== undefined) {
          const limited = FaultPlan.answer({ status: 429, retryAfter: bucket.retryAfter });
          return { ...limited, headers: { ...limited.headers, ...bucket.headers } };
        }
        return { ...this.store.postMessage(seg[1] ?? '', body), headers: bucket?.headers };
      }
      case 'GET channels/:id/messages':
        return this.store.listMessages(seg[1] ?? '', q);
      case 'GET channels/:id/messages/:id':
        return this.store.getMessage(seg[1] ?? '', seg[3] ?? '');
      case 'PATCH channels/:id/messages/:id':
        return this.store.patchMessage(seg[1] ?? '', seg[3] ?? '', body);
      case 'POST channels/:id/messages/:id/threads':
        return this.store.startThread(seg[1] ?? '', seg[3] ?? '', body);
      case 'GET applications/:id/commands':
      case 'PUT applications/:id/commands':
      case 'GET applications/:id/guilds/:id/commands':
      case 'PUT applications/:id/guilds/:id/commands':
        return this.commands.route(method, seg[1] ?? '', seg[3], body);
      default:
        return notFound;
    }
  }
}
