/**
 * The fake Slack's Web API method handlers, answering with the real response shapes
 * (HTTP 200 `{ok:true,…}` or `{ok:false,error}`).
 */
import { randomUUID } from 'node:crypto';
import { validateMessageBlocks, validateModalView } from './slack-blocks.js';
import { BAD_JSON, TS, USER_ID, bool, decodeCursor, encodeCursor, err, json, str, tsNum } from './slack-state.js';
import type { ApiBody, Args, FakeSlackMessage, SlackState } from './slack-state.js';

export { SlackState } from './slack-state.js';
export type { ApiBody, Args, FakeSlackMessage, FakeSlackUser, Identity } from './slack-state.js';

function checkContent(a: Args, requireContent: boolean): ApiBody | { text: string; blocks?: unknown[] } {
  const text = str(a.text) ?? '';
  const blocks = a.blocks === undefined ? undefined : json(a.blocks);
  if (blocks === BAD_JSON) return err('invalid_blocks_format');
  if (requireContent && !text && blocks === undefined && a.attachments === undefined) return err('no_text');
  if (text.length > 40_000) return err('msg_too_long');
  if (blocks !== undefined) {
    const errors = validateMessageBlocks(blocks);
    if (errors.length > 0) return err('invalid_blocks', { errors, response_metadata: { messages: errors } });
  }
  return { text, blocks: blocks as unknown[] | undefined };
}

function withBlockIds(blocks: unknown[] | undefined): unknown[] | undefined {
  return blocks?.map((b) => (typeof b === 'object' && b !== null && !('block_id' in b) ? { ...b, block_id: randomUUID().slice(0, 5) } : b));
}

function wireMessage(s: SlackState, m: FakeSlackMessage, withMetadata: boolean): Args {
  const out: Args = { type: 'message', text: m.text, user: m.user, bot_id: m.bot_id, app_id: m.app_id, ts: m.ts, team: s.identity.teamId };
  if (m.blocks) out.blocks = m.blocks;
  if (m.thread_ts) out.thread_ts = m.thread_ts;
  if (m.edited) out.edited = m.edited;
  if (m.reply_count) Object.assign(out, { reply_count: m.reply_count, latest_reply: m.latest_reply });
  if (withMetadata && m.metadata) out.metadata = m.metadata;
  return out;
}

function page(s: SlackState, all: FakeSlackMessage[], a: Args, defaultLimit: number, pinnedFirst?: FakeSlackMessage): ApiBody {
  const offset = decodeCursor(a.cursor);
  if (offset === null) return err('invalid_cursor');
  const limit = Math.min(Math.max(Number(str(a.limit) ?? defaultLimit) || defaultLimit, 1), 999);
  const chunk = all.slice(offset, offset + limit);
  const hasMore = offset + limit < all.length;
  const meta = bool(a.include_all_metadata);
  const messages = (pinnedFirst && offset === 0 ? [pinnedFirst, ...chunk] : chunk).map((m) => wireMessage(s, m, meta));
  return { ok: true, messages, has_more: hasMore, response_metadata: { next_cursor: hasMore ? encodeCursor(offset + limit) : '' } };
}

function inWindow(m: FakeSlackMessage, a: Args): boolean {
  const oldest = str(a.oldest);
  const latest = str(a.latest);
  const inclusive = bool(a.inclusive);
  const t = tsNum(m.ts);
  if (oldest !== undefined && (inclusive ? t < Number(oldest) : t <= Number(oldest))) return false;
  if (latest !== undefined && (inclusive ? t > Number(latest) : t >= Number(latest))) return false;
  return true;
}

function user(s: SlackState, id: string): Args {
  const u = s.users.get(id) ?? { id };
  const name = u.name ?? `user_${id.toLowerCase()}`;
  return {
    id,
    team_id: s.identity.teamId,
    name,
    real_name: u.real_name ?? name,
    deleted: u.deleted ?? false,
    is_bot: u.is_bot ?? false,
    is_admin: u.is_admin ?? false,
    tz: u.tz ?? 'America/New_York',
    tz_offset: -18000,
    profile: { real_name: u.real_name ?? name, display_name: name, ...(u.email ? { email: u.email } : {}) },
  };
}

type Handler = (s: SlackState, a: Args, ctx: { wsUrl: () => string }) => ApiBody;

export const handlers: Record<string, Handler> = {
  'api.test': (_s, a) => ({ ok: true, args: a }),
  'auth.test': (s) => ({
    ok: true,
    url: 'https://fake-sellerdesk.slack.com/',
    team: s.identity.team,
    user: 'sellerdesk',
    team_id: s.identity.teamId,
    user_id: s.identity.botUserId,
    bot_id: s.identity.botId,
    is_enterprise_install: false,
  }),
  'chat.postMessage': (s, a) => {
    const channel = str(a.channel);
    const chErr = s.checkChannel(channel);
    if (chErr || !channel) return err(chErr ?? 'channel_not_found');
    const content = checkContent(a, true);
    if ('ok' in content) return content;
    const threadTs = str(a.thread_ts);
    if (threadTs !== undefined && !TS.test(threadTs)) return err('invalid_thread_ts');
    const metadata = a.metadata === undefined ? undefined : json(a.metadata);
    if (metadata !== undefined) {
      const m = metadata as Args;
      if (typeof m !== 'object' || m === null || typeof m.event_type !== 'string' || typeof m.event_payload !== 'object') {
        return err('invalid_metadata_format');
      }
    }
    const { botUserId, botId, appId } = s.identity;
    const msg: FakeSlackMessage = {
      channel,
      ts: s.nextTs(),
      text: content.text,
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      updates: 0,
      ...(content.blocks ? { blocks: withBlockIds(content.blocks) } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata: metadata as FakeSlackMessage['metadata'] } : {}),
      ...(a.unfurl_links !== undefined ? { unfurl_links: bool(a.unfurl_links) } : {}),
      ...(a.unfurl_media !== undefined ? { unfurl_media: bool(a.unfurl_media) } : {}),
    };
    const parent = threadTs ? s.find(channel, threadTs) : undefined;
    if (parent) {
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.latest_reply = msg.ts;
      parent.thread_ts ??= parent.ts;
    }
    s.list(channel).push(msg);
    return { ok: true, channel, ts: msg.ts, message: wireMessage(s, msg, true) };
  },
  'chat.update': (s, a) => {
    const channel = str(a.channel);
    const chErr = s.checkChannel(channel);
    if (chErr || !channel) return err(chErr ?? 'channel_not_found');
    const msg = s.find(channel, str(a.ts) ?? '');
    if (!msg) return err('message_not_found');
    if (msg.user !== s.identity.botUserId) return err('cant_update_message');
    const content = checkContent(a, false);
    if ('ok' in content) return content;
    if (a.text !== undefined) msg.text = content.text;
    if (content.blocks !== undefined) msg.blocks = withBlockIds(content.blocks);
    const metadata = a.metadata === undefined ? undefined : json(a.metadata);
    if (metadata && metadata !== BAD_JSON) msg.metadata = metadata as FakeSlackMessage['metadata'];
    msg.edited = { user: s.identity.botUserId, ts: s.nextTs() };
    msg.updates += 1;
    return { ok: true, channel, ts: msg.ts, text: msg.text, message: wireMessage(s, msg, false) };
  },
  'chat.postEphemeral': (s, a) => {
    const channel = str(a.channel);
    const chErr = s.checkChannel(channel);
    if (chErr || !channel) return err(chErr ?? 'channel_not_found');
    const target = str(a.user);
    if (!target || !USER_ID.test(target)) return err('user_not_found');
    const content = checkContent(a, true);
    if ('ok' in content) return content;
    const message_ts = s.nextTs();
    s.ephemerals.push({ channel, user: target, text: content.text, message_ts, ...(content.blocks ? { blocks: content.blocks } : {}) });
    return { ok: true, message_ts };
  },
  'views.open': (s, a) => {
    if (!str(a.trigger_id))
      return err('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
    return openView(s, a);
  },
  'views.push': (s, a) => {
    if (!str(a.trigger_id))
      return err('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
    return openView(s, a);
  },
  'views.update': (s, a) => {
    const id = str(a.view_id) ?? [...s.views.entries()].find(([, v]) => v.view.external_id === str(a.external_id))?.[0];
    const current = id ? s.views.get(id) : undefined;
    if (!id || !current) return err('not_found');
    if (a.hash !== undefined && str(a.hash) !== current.hash) return err('hash_conflict');
    const view = json(a.view);
    const errors = validateModalView(view);
    if (errors.length > 0) return err('invalid_arguments', { response_metadata: { messages: errors } });
    const next = { view: view as Args, hash: `${Date.now()}.${randomUUID().slice(0, 8)}` };
    s.views.set(id, next);
    return { ok: true, view: wireView(s, id, next) };
  },
  // Joining a public channel: the bot is a member from then on (private channels need an invite).
  'conversations.join': (s, a) => {
    const channel = str(a.channel);
    if (!channel) return err('channel_not_found');
    const chErr = s.checkChannel(channel);
    if (chErr === 'not_in_channel') s.channelErrors.delete(channel);
    else if (chErr) return err(chErr === 'is_private' ? 'method_not_supported_for_channel_type' : chErr);
    return { ok: true, channel: { id: channel, is_member: true } };
  },
  'conversations.history': (s, a) => {
    const channel = str(a.channel);
    const chErr = s.checkChannel(channel);
    if (chErr || !channel) return err(chErr ?? 'channel_not_found');
    const top = s.list(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const window = top.filter((m) => inWindow(m, a)).reverse(); // newest first
    return { ...page(s, window, a, 100), pin_count: 0, channel_actions_ts: null, channel_actions_count: 0 };
  },
  'conversations.replies': (s, a) => {
    const channel = str(a.channel);
    const chErr = s.checkChannel(channel);
    if (chErr || !channel) return err(chErr ?? 'channel_not_found');
    const ts = str(a.ts);
    if (!ts) return err('invalid_arguments');
    const parent = s.find(channel, ts);
    if (!parent) return err('thread_not_found');
    const root = parent.thread_ts ?? parent.ts;
    const replies = s.list(channel).filter((m) => m.thread_ts === root && m.ts !== root && inWindow(m, a));
    const rootMsg = s.find(channel, root) ?? parent;
    return page(s, replies, a, 1000, rootMsg);
  },
  'apps.connections.open': (_s, _a, ctx) => ({ ok: true, url: ctx.wsUrl() }),
  'users.info': (s, a) => {
    const id = str(a.user);
    if (!id || !USER_ID.test(id)) return err('user_not_found');
    return { ok: true, user: user(s, id) };
  },
  'usergroups.users.list': (s, a) => {
    const members = s.usergroups.get(str(a.usergroup) ?? '');
    return members ? { ok: true, users: [...members] } : err('no_such_subteam');
  },
};

function wireView(s: SlackState, id: string, v: { view: Args; hash: string }): Args {
  return {
    id,
    team_id: s.identity.teamId,
    app_id: s.identity.appId,
    bot_id: s.identity.botId,
    state: { values: {} },
    hash: v.hash,
    root_view_id: id,
    previous_view_id: null,
    external_id: '',
    private_metadata: '',
    callback_id: '',
    ...v.view,
  };
}

function openView(s: SlackState, a: Args): ApiBody {
  const trigger = s.triggers.get(str(a.trigger_id) ?? '');
  if (trigger?.used) return err('exchanged_trigger_id');
  if (trigger && s.clock() - trigger.issuedAt > 3000) return err('expired_trigger_id');
  const view = json(a.view);
  const errors = validateModalView(view);
  if (errors.length > 0) return err('invalid_arguments', { response_metadata: { messages: errors } });
  const id = `V${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const entry = { view: view as Args, hash: `${Date.now()}.${randomUUID().slice(0, 8)}`, trigger_id: str(a.trigger_id) };
  s.views.set(id, entry);
  if (trigger) trigger.used = true;
  return { ok: true, view: wireView(s, id, entry) };
}
