/**
 * Interactions in the fake Discord: building INTERACTION_CREATE payloads, the
 * 3-second callback deadline (10062), single acknowledgement (40060), the original
 * response and follow-ups through the interaction webhook.
 */
import type { ApiMessage, ApiUser } from './discord-wire.js';
import { userObject, validateMessage, validateModal } from './discord-wire.js';

type Body = Record<string, unknown>;
export interface HttpAnswer {
  status: number;
  body?: unknown;
}

export interface RecordedCallback {
  interactionId: string;
  token: string;
  type: number;
  data?: Body;
  /** What the fake answered: 204/200, 400 (40060, 50035), 404 (10062). */
  status: number;
  errorCode?: number;
  /** Milliseconds between the dispatch and the callback. */
  elapsedMs: number;
}

export interface RecordedFollowUp {
  token: string;
  body: Body;
  message: ApiMessage;
}

export interface InteractionInput {
  /** 2 application command, 3 message component, 5 modal submit. */
  type: 2 | 3 | 5;
  data: Body;
  guildId?: string;
  channelId?: string;
  user?: Partial<ApiUser> & { id: string };
  roles?: string[];
  /** Member permission bitfield as a decimal string. */
  permissions?: string;
  /** For components: the message carrying the button. */
  message?: ApiMessage;
}

export interface DeskDeps {
  appId: string;
  botUser: ApiUser;
  nextId: () => string;
  deadlineMs: () => number;
  defaultGuild: () => { guildId: string; channelId: string };
  channelType: (id: string) => number | undefined;
  createMessage: (channelId: string, body: Body, extra: Partial<ApiMessage>) => ApiMessage;
  editMessage: (channelId: string, messageId: string, body: Body) => ApiMessage | undefined;
  recordEdit: (e: { kind: 'original' | 'component' | 'followup'; messageId: string; channelId: string; body: Body }) => void;
  dispatch: (event: string, data: unknown) => number;
}

interface Pending {
  payload: Body;
  dispatchedAt: number;
  acknowledged: boolean;
  channelId: string;
  original?: ApiMessage;
  resolve?: (cb: RecordedCallback) => void;
}

const EPHEMERAL = 64;
const LOADING = 128;
const unknownInteraction = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
const unknownWebhook = { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };

export class InteractionDesk {
  readonly callbacks: RecordedCallback[] = [];
  readonly followUps: RecordedFollowUp[] = [];
  private readonly byId = new Map<string, Pending>();
  private readonly byToken = new Map<string, Pending>();

  constructor(private readonly deps: DeskDeps) {}

  /** Builds and dispatches INTERACTION_CREATE; resolves with the first callback the app makes. */
  dispatch(input: InteractionInput): { payload: Body; callback: Promise<RecordedCallback> } {
    const fallback = this.deps.defaultGuild();
    const guildId = input.guildId ?? fallback.guildId;
    const channelId = input.channelId ?? fallback.channelId;
    const user = { ...userObject('190000000000000001', 'seller'), ...input.user };
    const id = this.deps.nextId();
    const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
    const data: Body = { ...input.data };
    if (input.type === 2) {
      data.id ??= this.deps.nextId();
      data.type ??= 1;
      data.guild_id ??= guildId;
    }
    if (input.type === 3) data.component_type ??= 2;
    const payload: Body = {
      id,
      application_id: this.deps.appId,
      type: input.type,
      data,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: {
        id: channelId,
        type: this.deps.channelType(channelId) ?? 0,
        guild_id: guildId,
        name: 'channel',
        flags: 0,
        permissions: '2248473465835073',
      },
      member: {
        user,
        roles: input.roles ?? [],
        permissions: input.permissions ?? '2248473465835073',
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        premium_since: null,
        communication_disabled_until: null,
      },
      token,
      version: 1,
      app_permissions: '2248473465835073',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...(input.message ? { message: input.message } : {}),
    };
    const pending: Pending = { payload, dispatchedAt: Date.now(), acknowledged: false, channelId };
    const callback = new Promise<RecordedCallback>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no interaction callback for ${id} within ${this.deps.deadlineMs() + 2000} ms`)),
        this.deps.deadlineMs() + 2000,
      );
      pending.resolve = (cb) => {
        clearTimeout(timer);
        resolve(cb);
      };
    });
    this.byId.set(id, pending);
    this.byToken.set(token, pending);
    if (this.deps.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('no gateway session is connected');
    return { payload, callback };
  }

  /** POST /interactions/:id/:token/callback */
  callback(id: string, token: string, body: Body, withResponse: boolean): HttpAnswer {
    const p = this.byId.get(id);
    const type = Number(body.type);
    const data = body.data as Body | undefined;
    const elapsedMs = p ? Date.now() - p.dispatchedAt : 0;
    const record = (status: number, errorCode?: number): void => {
      const cb: RecordedCallback = { interactionId: id, token, type, data, status, elapsedMs, ...(errorCode ? { errorCode } : {}) };
      this.callbacks.push(cb);
      p?.resolve?.(cb);
      if (p) p.resolve = undefined;
    };
    if (!p || p.payload.token !== token || elapsedMs > this.deps.deadlineMs()) {
      record(404, 10062);
      return unknownInteraction;
    }
    if (p.acknowledged) {
      record(400, 40060);
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const kind = Number(p.payload.type);
    const allowed = kind === 2 ? [4, 5, 9] : kind === 3 ? [4, 5, 6, 7, 9] : [4, 5, 6, 7];
    if (!allowed.includes(type)) {
      record(400, 50035);
      return { status: 400, body: { message: 'Interaction response type is invalid for this interaction', code: 50035 } };
    }
    const invalid =
      type === 9
        ? validateModal(data ?? {})
        : type === 4 || type === 7
          ? validateMessage(data ?? {}, { requireContent: type === 4 })
          : null;
    if (invalid) {
      record(400, 50035);
      return { status: 400, body: invalid };
    }
    p.acknowledged = true;
    let message: ApiMessage | undefined;
    const flags = Number(data?.flags ?? 0);
    if (type === 4 || type === 5) {
      const extra = { flags: type === 5 ? flags | LOADING : flags, webhook_id: this.deps.appId, application_id: this.deps.appId, type: 20 };
      message = this.deps.createMessage(p.channelId, type === 5 ? {} : (data ?? {}), extra);
      p.original = message;
    } else if (type === 7) {
      const target = p.payload.message as ApiMessage | undefined;
      if (target) {
        message = this.deps.editMessage(p.channelId, target.id, data ?? {});
        this.deps.recordEdit({ kind: 'component', messageId: target.id, channelId: p.channelId, body: data ?? {} });
      }
    }
    record(withResponse ? 200 : 204);
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id,
          type: kind,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: (flags & EPHEMERAL) !== 0,
        },
        resource: { type, ...(message ? { message } : {}) },
      },
    };
  }

  /** /webhooks/:app/:token[/messages/:mid] */
  webhook(method: string, app: string, token: string, messageId: string | undefined, body: Body, wait: boolean): HttpAnswer {
    const p = this.byToken.get(token);
    if (app !== this.deps.appId || !p) return unknownWebhook;
    if (method === 'POST' && !messageId) {
      const invalid = validateMessage(body, { requireContent: true });
      if (invalid) return { status: 400, body: invalid };
      const message = this.deps.createMessage(p.channelId, body, { webhook_id: app, application_id: app, flags: Number(body.flags ?? 0) });
      this.followUps.push({ token, body, message });
      return wait ? { status: 200, body: message } : { status: 204 };
    }
    const target =
      messageId === '@original' ? p.original : this.followUps.find((f) => f.token === token && f.message.id === messageId)?.message;
    if (!target) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (method === 'GET') return { status: 200, body: target };
    if (method === 'DELETE') return { status: 204 };
    if (method === 'PATCH') {
      const invalid = validateMessage(body, { requireContent: false });
      if (invalid) return { status: 400, body: invalid };
      const edited = this.deps.editMessage(p.channelId, target.id, body) ?? target;
      edited.flags &= ~LOADING;
      if (messageId === '@original') p.original = edited;
      this.deps.recordEdit({
        kind: messageId === '@original' ? 'original' : 'followup',
        messageId: target.id,
        channelId: p.channelId,
        body,
      });
      return { status: 200, body: edited };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }
}
