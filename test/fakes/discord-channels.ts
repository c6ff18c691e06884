/**
 * Channels, threads and messages of the fake Discord: create (with enforce_nonce),
 * list (after/before/limit, newest first), edit, and threads started from a message.
 */
import type { FakeChannel, FakeGuild } from './discord-gateway.js';
import type { ApiMessage, ApiUser, Snowflakes } from './discord-wire.js';
import { resolveMentions, userObject, validateMessage } from './discord-wire.js';

type Body = Record<string, unknown>;
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export interface RecordedEdit {
  kind: 'channel' | 'original' | 'component' | 'followup';
  channelId: string;
  messageId: string;
  body: Body;
}

/** Discord remembers an enforced nonce for "a few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;
export const unknownChannel: Answer = { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
export const unknownMessage: Answer = { status: 404, body: { message: 'Unknown Message', code: 10008 } };

export class ChannelStore {
  readonly channels = new Map<string, FakeChannel & { guild_id: string }>();
  readonly edits: RecordedEdit[] = [];
  private readonly visible = new Map<string, ApiMessage[]>();
  private readonly allMessages = new Map<string, ApiMessage>();
  private readonly nonces = new Map<string, { message: ApiMessage; at: number }>();

  constructor(
    guilds: FakeGuild[],
    private readonly botUser: ApiUser,
    private readonly ids: Snowflakes,
  ) {
    for (const g of guilds) for (const c of g.channels) this.channels.set(c.id, { ...c, guild_id: g.id });
  }

  /** Messages visible in a channel or thread, oldest first. */
  messages(channel: string): ApiMessage[] {
    return [...(this.visible.get(channel) ?? [])];
  }
  message(id: string): ApiMessage | undefined {
    return this.allMessages.get(id);
  }
  getMessage(channelId: string, messageId: string): Answer {
    const m = this.allMessages.get(messageId);
    return m && m.channel_id === channelId ? { status: 200, body: m } : unknownMessage;
  }
  getChannel(channelId: string): Answer {
    const c = this.channels.get(channelId);
    return c ? { status: 200, body: { ...c, type: c.type ?? 0 } } : unknownChannel;
  }

  createMessage(channelId: string, body: Body, extra: Partial<ApiMessage>): ApiMessage {
    const content = typeof body.content === 'string' ? body.content : '';
    const mentions = resolveMentions(content, body.allowed_mentions);
    const message: ApiMessage = {
      id: this.ids.next(),
      type: 0,
      channel_id: channelId,
      author: this.botUser,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: mentions.everyone,
      mentions: mentions.users.map((id) => userObject(id, `user${id.slice(-4)}`)),
      mention_roles: mentions.roles,
      attachments: [],
      embeds: ((body.embeds as Body[] | undefined) ?? []).map((e) => ({ type: 'rich', ...e })),
      components: (body.components as Body[] | undefined) ?? [],
      pinned: false,
      flags: 0,
      ...extra,
    };
    this.allMessages.set(message.id, message);
    if ((message.flags & 64) === 0) {
      const list = this.visible.get(channelId) ?? [];
      list.push(message);
      this.visible.set(channelId, list);
    }
    return message;
  }

  editMessage(messageId: string, body: Body): ApiMessage | undefined {
    const m = this.allMessages.get(messageId);
    if (!m) return undefined;
    if (typeof body.content === 'string') m.content = body.content;
    if (Array.isArray(body.embeds)) m.embeds = (body.embeds as Body[]).map((e) => ({ type: 'rich', ...e }));
    if (Array.isArray(body.components)) m.components = body.components as Body[];
    if (body.content !== undefined || body.allowed_mentions !== undefined) {
      const mentions = resolveMentions(m.content, body.allowed_mentions);
      m.mentions = mentions.users.map((id) => userObject(id, `user${id.slice(-4)}`));
      m.mention_roles = mentions.roles;
      m.mention_everyone = mentions.everyone;
    }
    m.edited_timestamp = new Date().toISOString();
    return m;
  }

  postMessage(channelId: string, body: Body): Answer {
    if (!this.channels.has(channelId)) return unknownChannel;
    const invalid = validateMessage(body, { requireContent: true });
    if (invalid) return { status: 400, body: invalid };
    const nonce = body.nonce;
    if (body.enforce_nonce === true && (typeof nonce === 'string' || typeof nonce === 'number')) {
      const key = `${channelId}:${this.botUser.id}:${String(nonce)}`;
      const seen = this.nonces.get(key);
      if (seen && Date.now() - seen.at < NONCE_WINDOW_MS) return { status: 200, body: seen.message };
      const message = this.createMessage(channelId, body, { nonce });
      this.nonces.set(key, { message, at: Date.now() });
      return { status: 200, body: message };
    }
    return { status: 200, body: this.createMessage(channelId, body, nonce === undefined ? {} : { nonce: nonce as string }) };
  }

  listMessages(channelId: string, q: URLSearchParams): Answer {
    if (!this.channels.has(channelId)) return unknownChannel;
    const limit = Number(q.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return {
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }] } },
        },
      };
    }
    const all = this.visible.get(channelId) ?? [];
    const after = q.get('after');
    const before = q.get('before');
    let picked: ApiMessage[];
    if (after) picked = all.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
    else if (before) picked = all.filter((m) => BigInt(m.id) < BigInt(before)).slice(-limit);
    else picked = all.slice(-limit);
    // Discord answers newest first, whichever direction was asked for.
    return { status: 200, body: [...picked].reverse() };
  }

  patchMessage(channelId: string, messageId: string, body: Body): Answer {
    if (!this.channels.has(channelId)) return unknownChannel;
    const m = this.allMessages.get(messageId);
    if (!m || m.channel_id !== channelId) return unknownMessage;
    if (m.author.id !== this.botUser.id)
      return { status: 403, body: { message: 'Cannot edit a message authored by another user', code: 50005 } };
    const invalid = validateMessage(body, { requireContent: false });
    if (invalid) return { status: 400, body: invalid };
    const edited = this.editMessage(messageId, body) as ApiMessage;
    this.edits.push({ kind: 'channel', channelId, messageId, body });
    return { status: 200, body: edited };
  }

  startThread(channelId: string, messageId: string, body: Body): Answer {
    const parent = this.channels.get(channelId);
    if (!parent) return unknownChannel;
    const m = this.allMessages.get(messageId);
    if (!m || m.channel_id !== channelId) return unknownMessage;
    const name = typeof body.name === 'string' ? body.name : '';
    if (name.length < 1 || name.length > 100) {
      return {
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
        },
      };
    }
    if (this.channels.has(messageId)) {
      return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
    }
    const thread = { id: messageId, name, type: 11, parent_id: channelId, guild_id: parent.guild_id };
    this.channels.set(messageId, thread);
    const channel = {
      ...thread,
      owner_id: this.botUser.id,
      flags: 0,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: Number(body.auto_archive_duration ?? 4320),
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
      total_message_sent: 0,
    };
    m.thread = channel;
    return { status: 201, body: channel };
  }
}
