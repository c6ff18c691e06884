/**
 * The fake Slack's workspace: messages per channel, views, users, usergroups, and the
 * small helpers its method handlers share.
 */

export type Args = Record<string, unknown>;
export type ApiBody = { ok: boolean; [key: string]: unknown };

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  user: string;
  bot_id: string;
  app_id: string;
  edited?: { user: string; ts: string };
  reply_count?: number;
  latest_reply?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  /** How many times chat.update changed it. */
  updates: number;
}

export interface FakeSlackUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
  email?: string;
}

export interface Identity {
  teamId: string;
  team: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const TS = /^\d{1,12}\.\d{1,6}$/;

export const err = (error: string, extra: Args = {}): ApiBody => ({ ok: false, error, ...extra });
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
/** Form posts carry objects JSON-stringified; JSON posts carry them as is. */
export function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return Symbol.for('bad-json');
  }
}
export const BAD_JSON = Symbol.for('bad-json');
export const tsNum = (ts: string): number => Number(ts);
export const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
export function decodeCursor(c: unknown): number | null {
  if (c === undefined || c === '') return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(String(c), 'base64').toString());
  return m ? Number(m[1]) : null;
}

export class SlackState {
  readonly channels = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: Array<{ channel: string; user: string; text: string; blocks?: unknown[]; message_ts: string }> = [];
  readonly views = new Map<string, { view: Args; hash: string; trigger_id?: string }>();
  readonly users = new Map<string, FakeSlackUser>();
  readonly usergroups = new Map<string, string[]>();
  /** Channel → the error every post to it answers (channel_not_found, not_in_channel, is_archived). */
  readonly channelErrors = new Map<string, string>();
  /** trigger_ids handed out by FakeSlack.triggerId(): valid 3 s, usable once. Unknown ids are accepted. */
  readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private lastMicros = 0;

  constructor(
    readonly identity: Identity,
    private readonly now: () => number,
  ) {}

  clock(): number {
    return this.now();
  }

  /** Strictly increasing message ts derived from the clock: "1700000000.000100". */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastMicros + 100);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  list(channel: string): FakeSlackMessage[] {
    let l = this.channels.get(channel);
    if (!l) this.channels.set(channel, (l = []));
    return l;
  }

  find(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.ts === ts);
  }

  checkChannel(channel: string | undefined): string | null {
    if (!channel) return 'channel_not_found';
    return this.channelErrors.get(channel) ?? (CHANNEL_ID.test(channel) ? null : 'channel_not_found');
  }
}
