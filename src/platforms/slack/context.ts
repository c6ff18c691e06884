/**
 * Who is acting and where: the Actor of a Slack interaction (with user-group membership
 * for permission checks), the origin a modal carries in private_metadata, and a Bolt
 * logger that writes through SellerDesk's logger without ever printing a token.
 */
import { LogLevel } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Clock, Logger } from '../../ports.js';
import { type Actor } from '../../domain/actor.js';

const GROUP_ID = /^S[A-Z0-9]{2,20}$/;

/** Members of Slack user groups (`usergroups.users.list`), cached for a minute per group. */
export class UsergroupMembers {
  private readonly cache = new Map<string, { at: number; members: Promise<ReadonlySet<string>> }>();

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  members(groupId: string): Promise<ReadonlySet<string>> {
    const hit = this.cache.get(groupId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.members;
    const members = this.client.usergroups.users
      .list({ usergroup: groupId })
      .then((res) => new Set(res.users ?? []) as ReadonlySet<string>)
      .catch((err: unknown) => {
        // Not cached: the next check asks again. Missing usergroups:read lands here.
        this.cache.delete(groupId);
        this.log.warn(
          { usergroup: groupId, error: describeSlackError(err) },
          'could not read a Slack user group; treating the user as not a member',
        );
        return new Set<string>() as ReadonlySet<string>;
      });
    this.cache.set(groupId, { at: this.now(), members });
    return members;
  }

  async isMember(userId: string, ids: string[]): Promise<boolean> {
    if (ids.includes(userId)) return true;
    const groups = ids.filter((id) => GROUP_ID.test(id));
    const found = await Promise.all(groups.map(async (g) => (await this.members(g)).has(userId)));
    return found.some(Boolean);
  }
}

export interface SlackUserRef {
  id: string;
  name?: string | undefined;
  username?: string | undefined;
}

export function slackActor(user: SlackUserRef, groups: UsergroupMembers): Actor {
  return {
    platform: 'slack',
    userId: user.id,
    name: user.name || user.username || user.id,
    memberOf: (ids) => groups.isMember(user.id, ids),
  };
}

/** Where an interaction came from: carried through a modal in its private_metadata. */
export interface Origin {
  channel?: string | undefined;
  /** The message whose button opened the modal (a card to update in place). */
  ts?: string | undefined;
}

export function encodeOrigin(o: Origin): string {
  return JSON.stringify({ ...(o.channel ? { c: o.channel } : {}), ...(o.ts ? { t: o.ts } : {}) });
}

export function decodeOrigin(privateMetadata: string | undefined): Origin {
  if (!privateMetadata) return {};
  try {
    const v = JSON.parse(privateMetadata) as { c?: unknown; t?: unknown };
    return { channel: typeof v.c === 'string' ? v.c : undefined, ts: typeof v.t === 'string' ? v.t : undefined };
  } catch {
    return {};
  }
}

const TOKEN = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/** Removes Slack tokens from text bound for logs. */
export const redactTokens = (s: string): string => s.replace(TOKEN, '$1-***');

interface SlackishError {
  code?: unknown;
  message?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
}

/**
 * The loggable part of an error from the Slack SDK: code, Slack's error string, status
 * and a token-scrubbed message. Never the error object itself, which may carry request
 * details and payloads (buyer text included).
 */
export function describeSlackError(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as SlackishError;
  return {
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.data?.error === 'string' ? { slackError: e.data.error } : {}),
    ...(typeof e.statusCode === 'number' ? { status: e.statusCode } : {}),
    message: redactTokens(typeof e.message === 'string' ? e.message : String(err)),
  };
}

function line(parts: unknown[]): string {
  return redactTokens(
    parts
      .map((p) =>
        typeof p === 'string'
          ? p
          : p instanceof Error
            ? p.message
            : typeof p === 'number' || typeof p === 'boolean'
              ? String(p)
              : `[${typeof p}]`,
      )
      .join(' '),
  );
}

/** Bolt's logger interface over ours. Objects are not printed (request bodies carry tokens). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const on = (l: LogLevel) => order.indexOf(l) >= order.indexOf(level);
  return {
    debug: (...m: unknown[]) => void (on(LogLevel.DEBUG) && log.debug({ source: name }, line(m))),
    info: (...m: unknown[]) => void (on(LogLevel.INFO) && log.debug({ source: name }, line(m))),
    warn: (...m: unknown[]) => void (on(LogLevel.WARN) && log.warn({ source: name }, line(m))),
    error: (...m: unknown[]) => void (on(LogLevel.ERROR) && log.error({ source: name }, line(m))),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: (n: string) => void (name = n),
  };
}
