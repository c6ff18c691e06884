import type { ShopRow, TeamRow } from '../rows.js';

/**
 * A short-lived cache of rows that intake reads for every event (the shop, its team).
 * Only rows read from committed state are put in; writers in this process invalidate,
 * and other replicas' changes show within the TTL. It saves two or three database
 * round trips per event on the hot path.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export const shopCache = new TtlCache<ShopRow>(10_000);
export const teamCache = new TtlCache<TeamRow>(10_000);

/** After a change to shops or teams in this process (config sync, /sellerdesk route). */
export function invalidateRoutingCache(): void {
  shopCache.clear();
  teamCache.clear();
}
