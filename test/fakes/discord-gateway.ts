/**
 * The fake Discord gateway (v10, JSON, uncompressed) on the fake's HTTP server:
 * HELLO, heartbeat ACKs, IDENTIFY -> READY + GUILD_CREATE per guild, RESUME -> RESUMED,
 * and `dispatch()` for events such as INTERACTION_CREATE.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiUser } from './discord-wire.js';

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 11 public thread. */
  type?: number;
  parent_id?: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  roles?: { id: string; name: string; permissions?: string }[];
  ownerId?: string;
}

export interface GatewayDeps {
  token: string;
  appId: string;
  appFlags: number;
  botUser: ApiUser;
  guilds: () => FakeGuild[];
}

interface Session {
  socket: WebSocket;
  seq: number;
  sessionId: string;
  identified: boolean;
}

export const HEARTBEAT_INTERVAL = 41_250;

export function guildCreatePayload(g: FakeGuild, botUser: ApiUser): Record<string, unknown> {
  const everyone = { id: g.id, name: '@everyone', permissions: '2248473465835073' };
  const roles = [everyone, ...(g.roles ?? [])].map((r, position) => ({
    id: r.id,
    name: r.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: r.permissions ?? '0',
    managed: false,
    mentionable: false,
    flags: 0,
  }));
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId ?? '80351110224678912',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    max_members: 500000,
    max_video_channel_users: 25,
    features: [],
    roles,
    emojis: [],
    stickers: [],
    application_id: null,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    voice_states: [],
    members: [
      {
        user: botUser,
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        premium_since: null,
      },
    ],
    channels: g.channels
      .filter((c) => c.type !== 11)
      .map((c, position) => ({
        id: c.id,
        type: c.type ?? 0,
        guild_id: g.id,
        name: c.name,
        position,
        permission_overwrites: [],
        parent_id: c.parent_id ?? null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        flags: 0,
      })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    lazy: true,
  };
}

export class FakeGateway {
  readonly identifies: { intents: number; token: string; shard?: unknown }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private counter = 0;

  constructor(
    private readonly deps: GatewayDeps,
    private readonly wsUrl: () => string,
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith('/gateway') || url.searchParams.has('compress')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  /** Identified sessions (one per connected shard). */
  get connected(): number {
    return [...this.sessions].filter((s) => s.identified && s.socket.readyState === WebSocket.OPEN).length;
  }

  private send(s: Session, payload: { op: number; d: unknown; t?: string | null }): void {
    const seq = payload.op === 0 ? ++s.seq : null;
    s.socket.send(JSON.stringify({ op: payload.op, d: payload.d, s: seq, t: payload.t ?? null }));
  }

  private onConnection(socket: WebSocket): void {
    const session: Session = { socket, seq: 0, sessionId: `fake-session-${++this.counter}`, identified: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => {
      let msg: { op?: number; d?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      this.onPayload(session, msg.op ?? -1, msg.d ?? {});
    });
    this.send(session, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL, _trace: ['fake-gateway'] } });
  }

  private onPayload(s: Session, op: number, d: Record<string, unknown>): void {
    switch (op) {
      case 1:
        this.send(s, { op: 11, d: null });
        return;
      case 2: {
        const token = String(d.token ?? '').replace(/^Bot\s+/i, '');
        this.identifies.push({ intents: Number(d.intents), token, shard: d.shard });
        if (token !== this.deps.token) {
          s.socket.close(4004, 'Authentication failed.');
          return;
        }
        s.identified = true;
        const guilds = this.deps.guilds();
        this.send(s, {
          op: 0,
          t: 'READY',
          d: {
            v: 10,
            user: { ...this.deps.botUser, verified: true, mfa_enabled: false, email: null },
            application: { id: this.deps.appId, flags: this.deps.appFlags },
            guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
            session_id: s.sessionId,
            session_type: 'normal',
            resume_gateway_url: this.wsUrl(),
            shard: (d.shard as unknown) ?? [0, 1],
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
            _trace: ['fake-gateway'],
          },
        });
        for (const g of guilds) this.send(s, { op: 0, t: 'GUILD_CREATE', d: guildCreatePayload(g, this.deps.botUser) });
        return;
      }
      case 6:
        s.identified = true;
        this.send(s, { op: 0, t: 'RESUMED', d: { _trace: ['fake-gateway'] } });
        return;
      default:
        // Presence (3), voice (4), member requests (8): accepted and ignored.
        return;
    }
  }

  /** Sends a dispatch event to every identified session; returns how many got it. */
  dispatch(event: string, data: unknown): number {
    let n = 0;
    for (const s of this.sessions) {
      if (!s.identified || s.socket.readyState !== WebSocket.OPEN) continue;
      this.send(s, { op: 0, t: event, d: data });
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
