import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Metrics } from '../../metrics.js';
import { queryRowsNamed, type Db } from '../client.js';
import type { ReceiveAndOpen, ReceiveAndOpenResult } from './case-intake.js';

/**
 * Group commit for intake's fast path. Events that arrive while earlier ones are being written
 * wait for the next statement and go in together: one multi-row statement (inbox rows, cases,
 * their "opened" events and cards), so one commit, one WAL flush and one round trip for the
 * whole group. Each caller is answered when that statement has committed, so still only once
 * its rows are durable. At low load nothing waits: with a free slot an event is written at
 * once (after the current turn of the event loop, which gathers requests that arrived together).
 *
 * Same answers as one statement per event: a duplicate id (in the inbox, or twice in one
 * group) is a duplicate, the first in arrival order wins; a buyer message for a buyer with an
 * open case writes nothing and goes to the transactional path. Two events that could thread
 * into one case (same shop, buyer, kind and order) never share a group: the later one waits
 * for the next, where it finds the case the first opened.
 */
const IN_FLIGHT = 4;
const MAX_GROUP = 200;

interface Waiting {
  r: ReceiveAndOpen;
  resolve: (v: ReceiveAndOpenResult) => void;
  reject: (e: unknown) => void;
  metrics: Metrics | undefined;
}

type Single = (db: Db, r: ReceiveAndOpen) => Promise<ReceiveAndOpenResult>;

const ACTIVE = sql.raw(`('open', 'acknowledged', 'waiting_on_buyer', 'escalated')`);

export class IntakeGroupCommit {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Thread keys (shop, buyer, kind, order) of the events in the groups being written. */
  private readonly threads = new Set<string>();

  constructor(
    private readonly db: Db,
    /** The one-event statement: for a group that failed, each event again on its own. */
    private readonly single: Single,
  ) {}

  submit(r: ReceiveAndOpen, metrics?: Metrics): Promise<ReceiveAndOpenResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ r, resolve, reject, metrics });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
        const next = this.takeGroup();
        if (next.group.length === 0) break; // all waiting on a group being written
        void this.write(next);
      }
    });
  }

  /**
   * The next group in arrival order. Events that could thread into one case as another event
   * of this group or of a group being written stay queued until that one is written.
   */
  private takeGroup(): { group: Waiting[]; keys: string[] } {
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys: string[] = [];
    for (const w of this.queue) {
      const key = threadKey(w.r);
      const first = group[0]?.r;
      const fits = !first || (groupable(first) && groupable(w.r, first));
      if (group.length >= MAX_GROUP || !fits || (key && (this.threads.has(key) || keys.includes(key)))) rest.push(w);
      else {
        if (key) keys.push(key);
        group.push(w);
      }
    }
    this.queue = rest;
    for (const k of keys) this.threads.add(k);
    return { group, keys };
  }

  private async write({ group, keys }: { group: Waiting[]; keys: string[] }): Promise<void> {
    this.inFlight++;
    try {
      const results =
        group.length === 1
          ? [await this.single(this.db, group[0]!.r)]
          : await writeGroup(
              this.db,
              group.map((w) => w.r),
            );
      // Each caller's metrics (one per app) count the statement and their events in it.
      for (const m of new Set(group.map((w) => w.metrics))) {
        m?.inc('intake_fast_statements_total');
        m?.inc('intake_fast_events_total', {}, group.filter((w) => w.metrics === m).length);
      }
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (group.length === 1) group[0]!.reject(err);
      // One bad event must not fail the others: each goes again on its own.
      else await Promise.all(group.map((w) => this.single(this.db, w.r).then(w.resolve, w.reject)));
    } finally {
      this.inFlight--;
      for (const k of keys) this.threads.delete(k);
      this.schedule();
    }
  }
}

const threadKey = (r: ReceiveAndOpen): string =>
  r.followUpOf ? [r.c.shopId, r.followUpOf.buyerKey, r.c.kind, r.c.orderExternalId ?? ''].join('\u0000') : '';

const groups = new WeakMap<object, IntakeGroupCommit>();

/** The group committer of a database (not of a transaction: inside one, statements run as they come). */
export function groupCommitFor(db: Db, single: Single): IntakeGroupCommit | undefined {
  if (db instanceof PgTransaction) return undefined;
  let g = groups.get(db);
  if (!g) groups.set(db, (g = new IntakeGroupCommit(db, single)));
  return g;
}

/** Whether an event can share a statement: events of one source, whose case names the event as its source. */
export const groupable = (r: ReceiveAndOpen, first?: ReceiveAndOpen): boolean =>
  r.c.sourceEventId === r.inbox.externalId && (!first || first.inbox.source === r.inbox.source);

async function writeGroup(db: Db, rs: ReceiveAndOpen[]): Promise<ReceiveAndOpenResult[]> {
  const rows = rs.map((r, ord) => ({
    ord,
    source: r.inbox.source,
    external_id: r.inbox.externalId,
    type: r.inbox.type,
    shop_id: r.inbox.shopId,
    payload: r.inbox.payload,
    received_at: r.inbox.receivedAt,
    follow_key: r.followUpOf?.buyerKey ?? null,
    order_ext: r.c.orderExternalId ?? null,
    buyer_name: r.c.buyerName ?? null,
    buyer_id: r.c.buyerId ?? null,
    kind: r.c.kind,
    clock_channel: r.c.clockChannel,
    priority: r.c.priority ?? 'normal',
    flags: r.c.flags ?? [],
    subject: r.c.subject ?? null,
    body: r.c.body ?? null,
    rating: r.c.rating ?? null,
    source_event_id: r.c.sourceEventId ?? null,
    opened_at: r.c.openedAt,
    target_at: r.c.targetAt,
    max_at: r.c.maxAt,
    now: r.now,
    ev_at: r.opened.at,
    ev_actor: r.opened.actor,
    ev_data: r.opened.data,
    card_platform: r.card.platform,
    card_channel: r.card.channel,
  }));
  const out = await queryRowsNamed<{ ord: number; existing: number | null; won: boolean; case_id: number | null }>(
    db,
    'sd_fast_case_group',
    sql`WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(ord int, source text, external_id text, type text,
        shop_id text, payload jsonb, received_at timestamptz, follow_key text, order_ext text, buyer_name text, buyer_id text,
        kind text, clock_channel text, priority text, flags jsonb, subject text, body text, rating int, source_event_id text,
        opened_at timestamptz, target_at timestamptz, max_at timestamptz, now timestamptz, ev_at timestamptz, ev_actor text,
        ev_data jsonb, card_platform text, card_channel text)
    ), existing AS (
      SELECT i.ord, (SELECT c.id FROM cases c WHERE c.shop_id = i.shop_id AND coalesce(c.buyer_id, c.buyer_name) = i.follow_key
        AND c.kind = i.kind AND c.status IN ${ACTIVE} AND c.order_external_id IS NOT DISTINCT FROM i.order_ext LIMIT 1) AS id
      FROM input i WHERE i.follow_key IS NOT NULL
    ), fresh AS (
      SELECT i.* FROM input i WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.ord = i.ord AND e.id IS NOT NULL)
    ), ins AS (
      INSERT INTO inbox (source, external_id, type, shop_id, payload, received_at, processed_at)
      SELECT source, external_id, type, shop_id, payload, received_at, received_at FROM fresh ORDER BY ord
      ON CONFLICT (source, external_id) DO NOTHING
      RETURNING source, external_id
    ), won AS (
      SELECT DISTINCT ON (f.source, f.external_id) f.* FROM fresh f JOIN ins USING (source, external_id) ORDER BY f.source, f.external_id, f.ord
    ), c AS (
      INSERT INTO cases (shop_id, order_id, order_external_id, buyer_name, buyer_id, kind, clock_channel, priority, flags,
        subject, body, rating, source_event_id, opened_at, target_at, max_at, updated_at)
      SELECT w.shop_id, o.id, w.order_ext, w.buyer_name, w.buyer_id, w.kind, w.clock_channel, w.priority, w.flags,
        w.subject, w.body, w.rating, w.source_event_id, w.opened_at, w.target_at, w.max_at, w.now
      FROM won w LEFT JOIN orders o ON o.shop_id = w.shop_id AND o.external_id = w.order_ext ORDER BY w.ord
      RETURNING id, shop_id, source_event_id
    ), cw AS (
      SELECT c.id, w.* FROM c JOIN won w ON w.shop_id = c.shop_id AND w.source_event_id = c.source_event_id
    ), ev AS (
      INSERT INTO case_events (case_id, at, actor, platform, type, data) SELECT id, ev_at, ev_actor, 'intake', 'opened', ev_data FROM cw
    ), card AS (
      INSERT INTO outbox (idempotency_key, platform, channel, op, payload, case_id, ordering_key, created_at, next_attempt_at)
      SELECT 'case:' || id || ':card', card_platform, card_channel, 'post', jsonb_build_object('kind', 'case_card', 'caseId', id), id,
        'case:' || id, now, now
      FROM cw
      ON CONFLICT (idempotency_key) DO NOTHING
    )
    SELECT i.ord, x.id AS existing, (w.ord IS NOT NULL) AS won, cw.id AS case_id
    FROM input i LEFT JOIN existing x ON x.ord = i.ord LEFT JOIN won w ON w.ord = i.ord LEFT JOIN cw ON cw.ord = i.ord`,
  );
  const byOrd = new Map(out.map((o) => [Number(o.ord), o]));
  return rs.map((_, ord) => {
    const o = byOrd.get(ord)!;
    if (o.existing != null) return { existing: Number(o.existing), duplicate: false };
    if (!o.won) return { duplicate: true };
    return { duplicate: false, caseId: Number(o.case_id) };
  });
}
