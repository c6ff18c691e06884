/**
 * Forum channels for FakeDiscord, added from the outside until the fake has them:
 * `POST /channels/{forum}/threads` with a `message` creates a thread (type 11) whose
 * starter message shares its id, as Discord does; posting a message straight into a
 * forum is refused (50008), as Discord does.
 */
import type { Answer, ChannelStore } from '../fakes/discord-channels.js';
import type { FakeDiscord } from '../fakes/discord-server.js';
import { validateMessage, type Snowflakes } from '../fakes/discord-wire.js';

type Body = Record<string, unknown>;
type Route = (method: string, path: string, q: URLSearchParams, body: Body, auth: string | undefined) => Answer;
interface Internals {
  route: Route;
  store: ChannelStore;
  ids: Snowflakes;
}

const FORUM_TYPES = new Set([15, 16]);

export type FakeDiscordWithForums = FakeDiscord & { forumPosts(forumId: string): { id: string; name: string }[] };

export function withForumPosts(discord: FakeDiscord): FakeDiscordWithForums {
  const inner = discord as unknown as Internals;
  const original = inner.route.bind(discord);
  const posts = new Map<string, { id: string; name: string }[]>();
  inner.route = (method, path, q, body, auth) => {
    const m = /^\/channels\/(\d+)\/(threads|messages)$/.exec(path);
    const parent = m ? inner.store.channels.get(m[1]!) : undefined;
    if (method !== 'POST' || !m || !parent || !FORUM_TYPES.has(parent.type ?? 0) || auth !== `Bot ${discord.token}`)
      return original(method, path, q, body, auth);
    if (m[2] === 'messages') return { status: 400, body: { message: 'Cannot send messages in a non-text channel', code: 50008 } };
    const name = typeof body.name === 'string' ? body.name : '';
    const message = (body.message ?? {}) as Body;
    if (name.length < 1 || name.length > 100)
      return {
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
        },
      };
    const invalid = validateMessage(message, { requireContent: true });
    if (invalid) return { status: 400, body: invalid };
    const id = inner.ids.next();
    const thread = { id, name, type: 11, parent_id: parent.id, guild_id: parent.guild_id };
    inner.store.channels.set(id, thread);
    const starter = inner.store.createMessage(id, message, { id });
    posts.set(parent.id, [...(posts.get(parent.id) ?? []), { id, name }]);
    return { status: 201, body: { ...thread, owner_id: discord.botUser.id, message_count: 1, message: starter } };
  };
  return Object.assign(discord, { forumPosts: (forumId: string) => posts.get(forumId) ?? [] });
}
