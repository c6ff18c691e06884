/**
 * Counters exposed at /metrics in the Prometheus text format. In-process: each replica reports its
 * own. One per app, in its deps (tests get their own, so counts never leak between them).
 */
export class Metrics {
  private readonly counters = new Map<string, number>();

  inc(name: string, labels: Record<string, string> = {}, by = 1): void {
    const key = `${name}${formatLabels(labels)}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  get(name: string, labels: Record<string, string> = {}): number {
    return this.counters.get(`${name}${formatLabels(labels)}`) ?? 0;
  }

  render(): string {
    return [...this.counters.entries()].map(([k, v]) => `sellerdesk_${k} ${v}`).join('\n') + '\n';
  }

  reset(): void {
    this.counters.clear();
  }
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}
