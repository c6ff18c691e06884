import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import type { TeamRow } from '../../src/db/rows.js';
import { enqueue } from '../../src/db/repos/outbox.js';
import { getTeam, listShops, listTeams } from '../../src/db/repos/shops.js';
import { onceClaims } from '../../src/db/schema.js';
import { assessStanding } from '../../src/domain/standing.js';
import { routeFor, type Destination } from '../../src/domain/routing.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import { contentForMonth, loadReminderContent, type MonthContent, type ReminderContent } from './content.js';
import {
  addMonths,
  DEFAULT_REMINDER_SCHEDULE,
  dueState,
  LATE_AFTER_MS,
  monthRange,
  reminderScheduleOf,
  type MonthKey,
} from '../../src/domain/reminder-schedule.js';
import type { CardView } from '../../src/ui/view.js';
import { destinationFor } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import type { Job, JobOptions, JobReport } from '../jobs.js';
import { communityReminderView, teamReminderViews, type ShopDigest } from './messages.js';
import { shopStats } from '../../src/db/repos/shop-stats.js';
import { standingInputOf } from '../../src/domain/shop-stats.js';
import { describeInstant, monthLabel, shortDay } from '../../src/ui/format.js';

/**
 * The monthly seller-success reminder. The job runs every few minutes in every replica and
 * decides per team whether this month's reminder is due: its scheduled instant (nth weekday,
 * local time, team's zone) has passed and no claim exists. The claim (once_claims kind
 * 'monthly-reminder', key "<teamId>:<YYYY-MM>") is inserted in the transaction that queues the
 * messages, so several replicas and restarts send it once. A reminder sent more than an hour
 * after its instant (the bot was down) is marked late. Only the current month is ever sent:
 * a month missed entirely is skipped. A team created after this month's instant starts next month.
 */

export const REMINDER_CLAIM_KIND = 'monthly-reminder';
export const COMMUNITY_CLAIM_KIND = 'monthly-reminder-community';
export const DEFAULT_REMINDERS_CRON = '*/10 * * * *';

export interface MonthlyRemindersOptions {
  cron?: string;
  /** REMINDERS_FILE; default ./reminders.json if present, else examples/reminders.json. */
  contentFile?: string;
  /** Content given directly (tests, or validated at start-up); wins over contentFile. */
  content?: () => ReminderContent;
  /** DISCORD_COMMUNITY_CHANNEL: a Discord channel id that gets the webinar and tips (no shop figures). */
  communityChannel?: string;
  /** Zone of the community post's schedule (first Tuesday, 10:00); default: deps.defaultTimeZone. */
  communityTimeZone?: string;
  lateAfterMs?: number;
}

export interface RemindersReport extends JobReport {
  sent: string[];
  late: string[];
  /** Teams whose reminder another replica queued first, or that were already sent. */
  alreadySent: number;
  notDue: number;
  skipped: string[];
  community: 'sent' | 'late' | 'already sent' | 'not due' | 'off' | 'discord not enabled';
  messages: number;
}

interface Planned {
  dest: Destination;
  main: CardView;
  thread: CardView[];
}

const claimExists = async (db: Db, kind: string, key: string): Promise<boolean> =>
  (
    await db
      .select({ id: onceClaims.id })
      .from(onceClaims)
      .where(and(eq(onceClaims.kind, kind), eq(onceClaims.key, key)))
      .limit(1)
  ).length > 0;

/** Last month's digest of each shop, grouped by the channel its reminders go to. */
async function planTeam(
  deps: WorkflowDeps,
  team: TeamRow,
  month: MonthKey,
  content: MonthContent,
  lateNote: string | undefined,
): Promise<Planned[]> {
  const digestMonth = addMonths(month, -1);
  const { from, to } = monthRange(digestMonth, team.timeZone);
  const shops = await listShops(deps.db, team.id);
  const groups = new Map<string, { dest: Destination; digests: ShopDigest[] }>();
  if (shops.length === 0) {
    const dest = routeFor(
      'reminders',
      undefined,
      { platform: team.platform, routes: parseTeamSettings(team.settings).routes },
      deps.routing,
    );
    groups.set(`${dest.platform}:${dest.channel}`, { dest, digests: [] });
  }
  for (const shop of shops) {
    const dest = await destinationFor(deps.db, shop, 'reminders', deps.routing);
    const stats = await shopStats(deps.db, shop.id, from, to, deps.clock.now());
    const digest: ShopDigest = { shop, stats, verdict: assessStanding(standingInputOf(stats)) };
    const key = `${dest.platform}:${dest.channel}`;
    const g = groups.get(key) ?? { dest, digests: [] };
    g.digests.push(digest);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ dest, digests }) => ({
    dest,
    ...teamReminderViews({ month, digestMonth, content, digests, lateNote }),
  }));
}

/** Queues the planned messages under the claim; false when another replica holds it. */
async function claimAndQueue(
  deps: WorkflowDeps,
  kind: string,
  key: string,
  data: Record<string, unknown>,
  planned: Planned[],
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const claimed = await tx
      .insert(onceClaims)
      .values({ kind, key, claimedAt: now, data })
      .onConflictDoNothing()
      .returning({ id: onceClaims.id });
    if (!claimed.length) return false;
    for (const p of planned) {
      const base = `${kind}:${key}:${p.dest.platform}:${p.dest.channel}`;
      const parent = await enqueue(tx, {
        key: base,
        platform: p.dest.platform,
        channel: p.dest.channel,
        op: 'post',
        payload: { kind: 'view', view: p.main },
        at: now,
      });
      for (const [i, view] of p.thread.entries()) {
        await enqueue(tx, {
          key: `${base}:thread:${i}`,
          platform: p.dest.platform,
          channel: p.dest.channel,
          op: 'thread',
          parentId: parent.id,
          orderingKey: `outbox:${parent.id}`,
          payload: { kind: 'view', view },
          at: now,
        });
      }
    }
    return true;
  });
}

const lateNoteFor = (at: Date, timeZone: string): string => `(sent late: SellerDesk was offline on ${shortDay(at, timeZone)})`;

export async function runMonthlyReminders(
  deps: WorkflowDeps,
  opts: MonthlyRemindersOptions = {},
  run: JobOptions = { dryRun: false },
): Promise<RemindersReport> {
  const now = deps.clock.now();
  const lateAfter = opts.lateAfterMs ?? LATE_AFTER_MS;
  const r: RemindersReport = {
    summary: '',
    sent: [],
    late: [],
    alreadySent: 0,
    notDue: 0,
    skipped: [],
    community: 'off',
    messages: 0,
    preview: [],
  };
  const preview = r.preview!;
  let loaded: ReminderContent | undefined;
  const content = (month: MonthKey): MonthContent => {
    loaded ??= opts.content ? opts.content() : loadReminderContent(opts.contentFile).content;
    const c = contentForMonth(loaded, month);
    if (c.warning && !run.dryRun) deps.log.warn({ month }, `reminders file: ${c.warning}`);
    return c;
  };

  const teams = run.team ? [await getTeam(deps.db, run.team)].filter((t): t is TeamRow => Boolean(t)) : await listTeams(deps.db);
  if (run.team && teams.length === 0) r.skipped.push(`${run.team}: no such team`);
  for (const team of teams) {
    const sched = reminderScheduleOf(team.settings);
    if (!sched.ok) {
      r.skipped.push(`${team.id}: ${sched.error}`);
      continue;
    }
    if (!sched.schedule.enabled) {
      r.skipped.push(`${team.id}: reminders disabled`);
      continue;
    }
    const state = dueState(now, team.timeZone, sched.schedule, lateAfter);
    if (Number.isNaN(state.at.getTime())) {
      r.skipped.push(`${team.id}: invalid time zone ${team.timeZone}`);
      continue;
    }
    if (!state.due) {
      r.notDue++;
      preview.push(`${team.id}: next reminder ${describeInstant(state.next, team.timeZone)} (not due)`);
      continue;
    }
    if (team.createdAt.getTime() > state.at.getTime()) {
      r.notDue++;
      preview.push(`${team.id}: added after ${monthLabel(state.month)}'s reminder time; the first one goes out next month`);
      continue;
    }
    const key = `${team.id}:${state.month}`;
    if (await claimExists(deps.db, REMINDER_CLAIM_KIND, key)) {
      r.alreadySent++;
      preview.push(`${team.id}: ${monthLabel(state.month)} reminder already sent`);
      continue;
    }
    const lateNote = state.late ? lateNoteFor(state.at, team.timeZone) : undefined;
    const planned = await planTeam(deps, team, state.month, content(state.month), lateNote);
    if (run.dryRun) {
      for (const p of planned)
        preview.push(
          `${team.id} → ${p.dest.platform}:${p.dest.channel}: ${p.main.summary}${p.thread.length ? ` (+${p.thread.length} shop messages in its thread)` : ''}`,
        );
      r.sent.push(team.id);
      continue;
    }
    const ok = await claimAndQueue(deps, REMINDER_CLAIM_KIND, key, { scheduledAt: state.at.toISOString(), late: state.late }, planned);
    if (!ok) {
      r.alreadySent++;
      continue;
    }
    r.sent.push(team.id);
    if (state.late) r.late.push(team.id);
    r.messages += planned.reduce((n, p) => n + 1 + p.thread.length, 0);
    deps.log.info({ team: team.id, month: state.month, late: state.late }, 'monthly reminder queued');
  }

  if (opts.communityChannel && !run.team) {
    r.community = await community(deps, opts, run, content, lateAfter, preview);
    if (!run.dryRun && (r.community === 'sent' || r.community === 'late')) r.messages++;
  }

  const c = r.community === 'off' ? '' : `; community: ${r.community}`;
  r.summary = run.dryRun
    ? `dry run: would send ${r.sent.length} team reminders (${r.notDue} not due, ${r.alreadySent} already sent, ${r.skipped.length} skipped)${c}`
    : `${r.sent.length} team reminders queued (${r.late.length} late), ${r.messages} messages; ${r.notDue} not due, ${r.alreadySent} already sent, ${r.skipped.length} skipped${c}`;
  if (r.skipped.length && !run.dryRun) deps.log.warn({ skipped: r.skipped }, 'monthly reminders skipped some teams');
  if (run.dryRun) preview.push(...r.skipped.map((s) => `skipped ${s}`));
  else delete r.preview;
  return r;
}

/** The community channel's post: once a month, on the default schedule in the community's zone. */
async function community(
  deps: WorkflowDeps,
  opts: MonthlyRemindersOptions,
  run: JobOptions,
  content: (m: MonthKey) => MonthContent,
  lateAfter: number,
  preview: string[],
): Promise<RemindersReport['community']> {
  const channel = opts.communityChannel!;
  if (!deps.routing.enabled.includes('discord')) {
    preview.push(`community discord:${channel}: Discord is not enabled (DISCORD_TOKEN); nothing is sent`);
    return 'discord not enabled';
  }
  const tz = opts.communityTimeZone ?? deps.defaultTimeZone;
  const state = dueState(deps.clock.now(), tz, DEFAULT_REMINDER_SCHEDULE, lateAfter);
  if (!state.due) {
    preview.push(`community discord:${channel}: next post ${describeInstant(state.next, tz)} (not due)`);
    return 'not due';
  }
  const key = `${channel}:${state.month}`;
  if (await claimExists(deps.db, COMMUNITY_CLAIM_KIND, key)) return 'already sent';
  const lateNote = state.late ? lateNoteFor(state.at, tz) : undefined;
  const view = communityReminderView(state.month, content(state.month), lateNote);
  if (run.dryRun) {
    preview.push(`community → discord:${channel}: ${view.summary}`);
    return state.late ? 'late' : 'sent';
  }
  const ok = await claimAndQueue(deps, COMMUNITY_CLAIM_KIND, key, { scheduledAt: state.at.toISOString(), late: state.late }, [
    { dest: { platform: 'discord', channel }, main: view, thread: [] },
  ]);
  if (!ok) return 'already sent';
  return state.late ? 'late' : 'sent';
}

export const monthlyRemindersJob = (opts: MonthlyRemindersOptions = {}): Job => ({
  name: 'monthly-reminders',
  description:
    'Seller Success webinar, knowledge-base tips and last month\u2019s shop figures, once a month per team (due check every 10 minutes)',
  cron: opts.cron ?? DEFAULT_REMINDERS_CRON,
  run: (deps, run) => runMonthlyReminders(deps, opts, run),
});
