/**
 * Fault injection and the rate-limit model of the fake Slack.
 */

export type SlackFault =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 | 504 }
  /** Hold the response; `apply` (default true) lets the call take effect first, as when a response is lost. */
  | { timeoutMs: number; apply?: boolean }
  /** HTTP 200 `{ok:false, error}`, e.g. channel_not_found. */
  | { error: string }
  /** Destroy the connection (a request error on the client). */
  | { reset: true };

/** A small seeded PRNG (mulberry32), so fault runs repeat. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPlan {
  private readonly queued = new Map<string, SlackFault[]>();
  private rate: { p: number; kinds: SlackFault[]; methods: Set<string> | null } | null = null;

  constructor(public rng: () => number) {}

  failNext(method: string, fault: SlackFault, times: number): void {
    const q = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i += 1) q.push(fault);
    this.queued.set(method, q);
  }

  setRate(p: number, kinds: SlackFault[], methods?: string[], seed?: number): void {
    if (seed !== undefined) this.rng = mulberry32(seed);
    this.rate = p > 0 && kinds.length > 0 ? { p, kinds, methods: methods ? new Set(methods) : null } : null;
  }

  /** The fault for this call, if any: queued ones for the method, then '*', then the random rate. */
  pick(method: string): SlackFault | null {
    for (const key of [method, '*']) {
      const q = this.queued.get(key);
      if (q && q.length > 0) return q.shift() ?? null;
    }
    const r = this.rate;
    if (r && (!r.methods || r.methods.has(method)) && this.rng() < r.p) {
      return r.kinds[Math.floor(this.rng() * r.kinds.length)] ?? null;
    }
    return null;
  }

  clear(): void {
    this.queued.clear();
    this.rate = null;
  }
}

/** Token bucket per channel, refilled at `perChannelPerSec`, holding at most `burst`. */
export class ChannelRateLimiter {
  private cfg: { rate: number; burst: number; methods: Set<string> } | null = null;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  configure(cfg: { perChannelPerSec: number; burst: number; methods?: string[] } | null): void {
    this.buckets.clear();
    this.cfg = cfg ? { rate: cfg.perChannelPerSec, burst: cfg.burst, methods: new Set(cfg.methods ?? ['chat.postMessage']) } : null;
  }

  applies(method: string): boolean {
    return this.cfg?.methods.has(method) ?? false;
  }

  /** 0 when a token was taken, else the ms until one is available. */
  take(channel: string): number {
    const c = this.cfg;
    if (!c) return 0;
    const now = this.now();
    const b = this.buckets.get(channel) ?? { tokens: c.burst, at: now };
    b.tokens = Math.min(c.burst, b.tokens + ((now - b.at) / 1000) * c.rate);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / c.rate) * 1000);
  }
}
