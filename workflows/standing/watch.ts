import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { queryRows, type Db } from '../../src/db/client.js';
import type { ShopRow } from '../../src/db/rows.js';
import { enqueue } from '../../src/db/repos/outbox.js';
import { listShops } from '../../src/db/repos/shops.js';
import { onceClaims } from '../../src/db/schema.js';
import {
  assessStanding,
  STANDING_LABEL,
  STANDING_THRESHOLDS,
  type Standing,
  type StandingInput,
  type StandingVerdict,
} from '../../src/domain/standing.js';
import { detectPatterns, standingRank, withPatterns, type PatternFinding, type PatternInput } from '../../src/domain/standing-patterns.js';
import {
  contentForMonth,
  loadReminderContent,
  tipFor,
  type MonthContent,
  type ReminderContent,
  type TipTopic,
} from '../reminders/index.js';
import { localMonth } from '../../src/domain/reminder-schedule.js';
import { card, type CardView, type LinkTarget, type Node } from '../../src/ui/view.js';
import { destinationFor } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import type { Job, JobOptions, JobReport } from '../jobs.js';
import { shopStats } from '../../src/db/repos/shop-stats.js';
import { standingInputOf } from '../../src/domain/shop-stats.js';

/**
 * Watches each shop's standing (rates over 30 days, patterns over up to 90) and tells the
 * team once when a shop slips a level, with what changed and where to learn what to do.
 * The last standing per shop lives in once_claims (kind 'standing', key = shop id, data =
 * { standing, reasons, since }); its row lock serialises replicas. A slip message is also
 * claimed per shop, level and local day, so a shop that flaps is announced once a day at most.
 * Improvements are recorded silently: the monthly reminder shows the better standing.
 */

export const STANDING_KIND = 'standing';
export const STANDING_SLIP_KIND = 'standing-slip';
export const DEFAULT_STANDING_WATCH_CRON = '7 * * * *';

const DAY = 86_400_000;

export interface StoredStanding {
  standing: Standing;
  reasons: string[];
  since: string;
  previous?: Standing;
}

/** The counts the patterns need: orders of the last 5 weeks, recent shipments, unanswered messages. */
export async function patternInput(db: Db, shopId: string, now: Date): Promise<PatternInput> {
  const d7 = new Date(now.getTime() - 7 * DAY);
  const d35 = new Date(now.getTime() - 35 * DAY);
  const d90 = new Date(now.getTime() - 90 * DAY);
  const [o] = await queryRows<{ last7: number; prior28: number; unanswered: number }>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM orders WHERE shop_id = ${shopId} AND paid_at >= ${d7} AND paid_at < ${now}) AS last7,
      (SELECT count(*)::int FROM orders WHERE shop_id = ${shopId} AND paid_at >= ${d35} AND paid_at < ${d7}) AS prior28,
      (SELECT count(*)::int FROM cases WHERE shop_id = ${shopId} AND kind = 'message' AND first_response_at IS NULL
         AND status NOT IN ('resolved', 'closed') AND max_at <= ${now} AND opened_at >= ${d90}) AS unanswered`,
  );
  // Newest shipment first; an order still unshipped past its ship-by counts as late "now".
  const recent = await queryRows<{ late: boolean }>(
    db,
    sql`SELECT (coalesce(shipped_at, ${now}) > ship_by) AS late FROM orders
    WHERE shop_id = ${shopId} AND cancelled_at IS NULL AND ship_by IS NOT NULL AND ship_by >= ${d90}
      AND (shipped_at IS NOT NULL OR ship_by < ${now})
    ORDER BY coalesce(shipped_at, ${now}) DESC, ship_by DESC LIMIT 50`,
  );
  return {
    ordersLast7Days: o?.last7 ?? 0,
    ordersPrior28Days: o?.prior28 ?? 0,
    recentShipmentsLate: recent.map((r) => r.late),
    unansweredPastMax: o?.unanswered ?? 0,
  };
}

export interface ShopAssessment {
  verdict: StandingVerdict;
  input: StandingInput;
  findings: PatternFinding[];
}

/** A shop's standing now: assessStanding over the last 30 days, plus the patterns. */
export async function assessShop(deps: WorkflowDeps, shopId: string): Promise<ShopAssessment> {
  const now = deps.clock.now();
  const stats = await shopStats(deps.db, shopId, new Date(now.getTime() - 30 * DAY), now, now);
  const input = standingInputOf(stats);
  const findings = detectPatterns(await patternInput(deps.db, shopId, now));
  return { verdict: withPatterns(assessStanding(input), findings), input, findings };
}

/** Knowledge-base topics that fit the problems found. */
export function topicsFor(a: ShopAssessment): TipTopic[] {
  const t = STANDING_THRESHOLDS;
  const i = a.input;
  const topics = new Set<TipTopic>();
  if (i.lateUnshipped > 0 || (i.shipDue >= t.minSample && i.shippedOnTime / i.shipDue < t.onTimeAtRisk)) topics.add('shipping-orders');
  if (
    i.overdueOpen > 0 ||
    i.escalations >= t.escalationsAtRisk ||
    (i.cases >= t.minSample && i.answeredWithinMax / i.cases < t.withinMaxAtRisk)
  )
    topics.add('managing-orders');
  for (const f of a.findings) topics.add(f.topic);
  return [...topics];
}

/** The message for a slip: what changed, the one thing to do, and the standards' resources. */
export function slipMessage(
  shop: Pick<ShopRow, 'id' | 'name'>,
  previous: StoredStanding | undefined,
  a: ShopAssessment,
  content: MonthContent | undefined,
): CardView {
  const from = previous?.standing ?? 'good';
  const to = a.verdict.standing;
  const known = new Set(previous?.reasons ?? []);
  const changed = a.verdict.reasons.filter((r) => !known.has(r));
  const links: LinkTarget[] = [];
  for (const topic of topicsFor(a)) {
    const tip = content && tipFor(content, topic);
    if (tip) links.push({ url: tip.link, label: tip.title });
  }
  if (content?.webinar) links.push({ url: content.webinar.link, label: `Webinar: ${content.webinar.title}` });
  else if (content?.webinarSeriesLink) links.push({ url: content.webinarSeriesLink, label: 'Seller Success webinar series' });
  const nodes: Node[] = [
    { type: 'text', text: `${shop.name} went from ${STANDING_LABEL[from]} to ${STANDING_LABEL[to]}.` },
    { type: 'heading', text: 'What changed' },
    { type: 'list', items: changed.length ? changed : a.verdict.reasons },
    ...(a.verdict.improve
      ? [
          { type: 'heading' as const, text: 'What to do' },
          { type: 'text' as const, text: a.verdict.improve },
        ]
      : []),
    { type: 'heading', text: 'Learn how' },
    links.length
      ? { type: 'links', links }
      : {
          type: 'text',
          text: 'The Knowledgebase on your marketplace dashboard has step-by-step guides, and the monthly Seller Success webinars cover these topics.',
        },
    {
      type: 'context',
      text:
        to === 'under_review'
          ? 'At this level the marketplace may get in touch, or temporarily remove listings while it reviews the shop. Acting now shows corrective action.'
          : 'An early warning from SellerDesk: act now and the shop stays in good standing.',
    },
  ];
  return card({
    title: `${shop.name}: standing slipped to ${STANDING_LABEL[to]}`,
    summary: `${shop.name} went from ${STANDING_LABEL[from]} to ${STANDING_LABEL[to]}: ${(changed[0] ?? a.verdict.reasons[0]) || 'see the card'}`,
    accent: to === 'under_review' ? 'danger' : 'warning',
    nodes,
  });
}

export interface StandingWatchOptions {
  cron?: string;
  /** REMINDERS_FILE, for the resources the message links to. */
  contentFile?: string;
  /** Content given directly (tests, or validated at start-up); wins over contentFile. */
  content?: () => ReminderContent;
}

export interface StandingWatchReport extends JobReport {
  shops: number;
  slipped: number;
  improved: number;
  messages: number;
}

const readStored = (data: unknown): StoredStanding | undefined => {
  const d = data as Partial<StoredStanding> | null | undefined;
  return d && typeof d.standing === 'string' ? (d as StoredStanding) : undefined;
};

function loadContent(deps: WorkflowDeps, opts: StandingWatchOptions, now: Date, tz: string): MonthContent | undefined {
  try {
    const c = opts.content ? opts.content() : loadReminderContent(opts.contentFile).content;
    return contentForMonth(c, localMonth(now, tz));
  } catch (err) {
    deps.log.warn({ err }, 'standing watch: reminder content unavailable; the message goes without its links');
    return undefined;
  }
}

/** One pass over the shops (of one team with `run.team`). */
export async function watchStandings(
  deps: WorkflowDeps,
  opts: StandingWatchOptions = {},
  run: JobOptions = { dryRun: false },
): Promise<StandingWatchReport> {
  const now = deps.clock.now();
  const shops = await listShops(deps.db, run.team);
  const report: StandingWatchReport = { summary: '', shops: shops.length, slipped: 0, improved: 0, messages: 0, preview: [] };
  let content: MonthContent | undefined | null = null;
  for (const shop of shops) {
    const a = await assessShop(deps, shop.id);
    const to = a.verdict.standing;
    const day = DateTime.fromJSDate(now, { zone: shop.timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
    const [current] = await deps.db
      .select()
      .from(onceClaims)
      .where(and(eq(onceClaims.kind, STANDING_KIND), eq(onceClaims.key, shop.id)))
      .limit(1);
    // Unchanged (the usual case): no transaction, no lock.
    if (current && readStored(current.data)?.standing === to) continue;
    if (run.dryRun) {
      const from = readStored(current?.data)?.standing ?? 'good';
      if (standingRank(to) > standingRank(from)) {
        const dest = await destinationFor(deps.db, shop, 'overdue', deps.routing);
        report.slipped++;
        report.preview!.push(
          `${shop.id}: ${STANDING_LABEL[from]} → ${STANDING_LABEL[to]}; would notify ${dest.platform}:${dest.channel} (${a.verdict.reasons.join('; ')})`,
        );
      } else
        report.preview!.push(`${shop.id}: ${STANDING_LABEL[to]}${from !== to ? ` (was ${STANDING_LABEL[from]}; recorded silently)` : ''}`);
      continue;
    }
    if (content === null) content = loadContent(deps, opts, now, shop.timeZone);
    const monthContent = content;
    const outcome = await deps.db.transaction(async (tx) => {
      // The baseline is "good": a shop first seen at risk is announced like a slip.
      await tx
        .insert(onceClaims)
        .values({ kind: STANDING_KIND, key: shop.id, claimedAt: now, data: { standing: 'good', reasons: [], since: now.toISOString() } })
        .onConflictDoNothing();
      const [row] = await tx
        .select()
        .from(onceClaims)
        .where(and(eq(onceClaims.kind, STANDING_KIND), eq(onceClaims.key, shop.id)))
        .for('update');
      const previous = readStored(row?.data);
      const from = previous?.standing ?? 'good';
      if (from === to) return 'same' as const;
      const next: StoredStanding = { standing: to, reasons: a.verdict.reasons, since: now.toISOString(), previous: from };
      await tx
        .update(onceClaims)
        .set({ data: { ...next } })
        .where(eq(onceClaims.id, row!.id));
      if (standingRank(to) < standingRank(from)) return 'improved' as const;
      const claimed = await tx
        .insert(onceClaims)
        .values({ kind: STANDING_SLIP_KIND, key: `${shop.id}:${to}:${day}`, claimedAt: now, data: { from, to } })
        .onConflictDoNothing()
        .returning({ id: onceClaims.id });
      if (!claimed.length) return 'slipped-quiet' as const;
      const dest = await destinationFor(tx, shop, 'overdue', deps.routing);
      await enqueue(tx, {
        key: `standing:${shop.id}:${to}:${day}`,
        platform: dest.platform,
        channel: dest.channel,
        op: 'post',
        payload: { kind: 'view', view: slipMessage(shop, previous, a, monthContent) },
        at: now,
      });
      return 'slipped' as const;
    });
    if (outcome === 'improved') report.improved++;
    if (outcome === 'slipped' || outcome === 'slipped-quiet') report.slipped++;
    if (outcome === 'slipped') {
      report.messages++;
      deps.log.info({ shop: shop.id, standing: to }, 'shop standing slipped; team notified');
    }
  }
  report.summary = `${run.dryRun ? 'dry run: ' : ''}${report.shops} shops checked, ${report.slipped} slipped${run.dryRun ? '' : ` (${report.messages} messages)`}, ${report.improved} improved`;
  if (!run.dryRun) delete report.preview;
  return report;
}

export const standingWatchJob = (opts: StandingWatchOptions = {}): Job => ({
  name: 'standing-watch',
  description: 'Tell the team once when a shop slips a standing level (on-time shipping, responses, order surges, late streaks)',
  cron: opts.cron ?? DEFAULT_STANDING_WATCH_CRON,
  run: (deps, run) => watchStandings(deps, opts, run),
});
