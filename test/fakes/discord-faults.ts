import { mulberry32 } from './slack-faults.js';

/**
 * Failure injection for the fake Discord: one-shot faults on matching routes and a
 * seeded random mode, answering with Discord's real error shapes.
 */

/** `'POST /channels/1/messages'` (prefix of "METHOD /path"), a path prefix, a RegExp or a predicate. */
export type RouteMatch = string | RegExp | ((method: string, path: string) => boolean);

export interface Fault {
  /** 429, 5xx, or any 4xx with `code`/`message`. Omit with `reset` or `delayMs`. */
  status?: number;
  /** 429: seconds, as in the body's retry_after (the Retry-After header is rounded up). */
  retryAfter?: number;
  /** 429: the global limit (X-RateLimit-Global, scope global). */
  global?: boolean;
  /** 429: X-RateLimit-Scope when not global; 'user' by default. */
  scope?: 'user' | 'shared';
  code?: number;
  message?: string;
  /** Destroy the connection instead of answering (ECONNRESET / socket hang up). */
  reset?: boolean;
  /** Perform the request first, then fail the answer: the request took effect. */
  afterCommit?: boolean;
  /** Answer normally after this delay (for timeouts and slow-platform tests). */
  delayMs?: number;
}

export type RandomFaultKind = '429' | '500' | '502' | 'reset' | 'lost' | 'slow';

export interface InjectedFault {
  method: string;
  path: string;
  fault: Fault;
}

/** Deterministic PRNG (mulberry32), shared with the fake Slack. */
export const seededRandom = mulberry32;

function matches(m: RouteMatch, method: string, path: string): boolean {
  if (typeof m === 'function') return m(method, path);
  if (m instanceof RegExp) return m.test(`${method} ${path}`);
  return `${method} ${path}`.startsWith(m) || path.startsWith(m);
}

export class FaultPlan {
  readonly injected: InjectedFault[] = [];
  private queue: { match: RouteMatch; fault: Fault; left: number }[] = [];
  private chaos: { rnd: () => number; rate: number; match?: RouteMatch; kinds: RandomFaultKind[] } | null = null;

  failNext(match: RouteMatch, fault: Fault, times = 1): void {
    this.queue.push({ match, fault, left: times });
  }

  random(opts: { seed: number; rate: number; match?: RouteMatch; kinds?: RandomFaultKind[] } | null): void {
    this.chaos = opts && {
      rnd: seededRandom(opts.seed),
      rate: opts.rate,
      match: opts.match,
      kinds: opts.kinds ?? ['429', '500', '502', 'reset', 'lost', 'slow'],
    };
  }

  take(method: string, path: string): Fault | undefined {
    const hit = this.queue.find((q) => q.left > 0 && matches(q.match, method, path));
    let fault: Fault | undefined;
    if (hit) {
      hit.left--;
      this.queue = this.queue.filter((q) => q.left > 0);
      fault = hit.fault;
    } else if (this.chaos && (!this.chaos.match || matches(this.chaos.match, method, path)) && this.chaos.rnd() < this.chaos.rate) {
      const kind = this.chaos.kinds[Math.floor(this.chaos.rnd() * this.chaos.kinds.length)] ?? '500';
      fault = FaultPlan.fromKind(kind, this.chaos.rnd);
    }
    if (fault) this.injected.push({ method, path, fault });
    return fault;
  }

  static fromKind(kind: RandomFaultKind, rnd: () => number): Fault {
    switch (kind) {
      case '429':
        return { status: 429, retryAfter: Math.round((0.05 + rnd() * 0.5) * 1000) / 1000, global: rnd() < 0.1 };
      case '500':
        return { status: 500 };
      case '502':
        return { status: 502 };
      case 'reset':
        return { reset: true };
      case 'lost':
        return { status: 500, afterCommit: true };
      case 'slow':
        return { delayMs: Math.round(50 + rnd() * 400) };
    }
  }

  /** The HTTP answer for a fault, with Discord's headers and bodies. */
  static answer(f: Fault): { status: number; body?: unknown; headers?: Record<string, string> } {
    const status = f.status ?? 500;
    if (status === 429) {
      const retryAfter = f.retryAfter ?? 1;
      const headers: Record<string, string> = {
        'retry-after': String(Math.ceil(retryAfter)),
        'x-ratelimit-scope': f.global ? 'global' : (f.scope ?? 'user'),
      };
      if (f.global) headers['x-ratelimit-global'] = 'true';
      else {
        Object.assign(headers, {
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'fakebucket',
        });
      }
      const message = f.scope === 'shared' ? 'The resource is being rate limited.' : 'You are being rate limited.';
      return { status, headers, body: { message, retry_after: retryAfter, global: f.global ?? false } };
    }
    if (status >= 500) {
      // Discord's edge answers 5xx with a small JSON body more often than not.
      return { status, body: { message: `${status}: Internal Server Error`, code: 0 } };
    }
    return { status, body: { message: f.message ?? `${status}: error`, code: f.code ?? 0 } };
  }
}

/**
 * Discord's per-channel message limit (about 5 per 5 s), off unless configured: success
 * answers carry X-RateLimit-* headers and the request past the limit gets a real 429.
 */
export class ChannelBuckets {
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(channel: string): { headers: Record<string, string>; retryAfter?: number } {
    const now = Date.now();
    let w = this.windows.get(channel);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(channel, w);
    }
    const resetAfter = Math.max(0, (w.start + this.windowMs - now) / 1000);
    const base = {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-reset': String((w.start + this.windowMs) / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': 'fakemessagebucket',
    };
    if (w.used >= this.limit) return { headers: { ...base, 'x-ratelimit-remaining': '0' }, retryAfter: Number(resetAfter.toFixed(3)) };
    w.used++;
    return { headers: { ...base, 'x-ratelimit-remaining': String(this.limit - w.used) } };
  }
}
