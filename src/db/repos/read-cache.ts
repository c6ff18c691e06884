import type { Clock } from '../../ports.js';
import type { ShopRow, TeamRow } from '../rows.js';

/**
 * A short-lived cache of rows that intake reads for every event (the shop, its team).
 * Only rows read from committed state are put in; writers in this process invalidate,
 * and other replicas' changes show within the TTL. It saves two or three database
 * round trips per event on the hot path. Expiry follows the injected Clock.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: this.clock.now().getTime() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The shop and team rows intake reads, cached for 10 s of the Clock. One per app (in its deps). */
export class RoutingCache {
  readonly shops: TtlCache<ShopRow>;
  readonly teams: TtlCache<TeamRow>;

  constructor(clock: Clock, ttlMs = 10_000) {
    this.shops = new TtlCache<ShopRow>(clock, ttlMs);
    this.teams = new TtlCache<TeamRow>(clock, ttlMs);
  }

  /** After a change to shops or teams in this process (config sync, /sellerdesk route). */
  invalidate(): void {
    this.shops.clear();
    this.teams.clear();
  }
}
