/**
 * Next-response clocks as a pure state machine over a case's message timeline. Each buyer message
 * the profile says starts a clock starts one; a seller reply stops it; "waiting on buyer" pauses
 * the team's clock until the buyer writes or the team resumes it; an automatic acknowledgement
 * never stops anything; "no response needed" stops it only where the marketplace accepts that.
 *
 * The marketplace's deadline is never paused: the marketplace does not know the case's status in
 * SellerDesk, so its clock keeps running. Pausing shifts the team's target and maximum by exactly
 * the open (business) time that passed while paused.
 */
import { addBusinessMinutes, businessMinutesBetween } from './business-time.js';
import { firstDeadline, marketplaceCalendar, marketplaceDeadline, type FirstDeadline } from './marketplace-clocks.js';
import type { MarketplaceProfile, ReplyRule } from './marketplaces/index.js';
import { computeDeadlines } from './sla.js';
import type { BusinessSchedule, CaseKind, ClockTable } from './types.js';
import { clockChannelFor, DEFAULT_CLOCKS } from './types.js';

export type TimelineEvent =
  | { type: 'buyer_message'; at: Date; threadId?: string }
  | { type: 'seller_reply'; at: Date }
  | { type: 'auto_acknowledgement'; at: Date }
  | { type: 'no_response_needed'; at: Date }
  | { type: 'waiting_on_buyer'; at: Date }
  | { type: 'resume'; at: Date };

export type ResponseClockState = 'running' | 'paused' | 'answered' | 'no_response_needed';

export interface ResponseClock {
  threadId: string;
  startedAt: Date;
  /** Buyer messages this clock covers (one reply answers them all). */
  messages: number;
  state: ResponseClockState;
  endedAt?: Date;
  /** Never paused. */
  marketplaceDueAt: Date | null;
  /** Shifted by every pause; while paused, as they stood when the pause began. */
  teamTargetAt: Date;
  teamMaxAt: Date;
  pauses: Array<{ from: Date; to: Date | null }>;
}

export interface ResponseTimeline {
  clocks: ResponseClock[];
  /** The running or paused clock whose first deadline is earliest; null when every buyer is answered. */
  open: ResponseClock | null;
  /** Its first deadline; for a paused clock only the marketplace's (null when it sets none). */
  openFirst: FirstDeadline | null;
  /** Events that changed nothing, and why (for the case history). */
  ignored: Array<{ event: TimelineEvent; why: string }>;
}

export interface ResponseClockContext {
  /** The effective profile (mergeTeamOverrides). */
  profile: MarketplaceProfile;
  kind: CaseKind;
  /** The shop's schedule: the team clocks count in it. */
  schedule: BusinessSchedule;
  clocks?: ClockTable;
  /** For from_event rules (Shopify's evidence_due_by): the date the event carried. */
  eventDueAt?: Date | null;
}

const CASE_THREAD = 'case';

function shift(due: Date, pausedFrom: Date, resumedAt: Date, schedule: BusinessSchedule): Date {
  if (pausedFrom.getTime() >= due.getTime()) return due; // already past: a pause does not undo a breach
  if (!schedule.hours) return new Date(due.getTime() + (resumedAt.getTime() - pausedFrom.getTime()));
  return addBusinessMinutes(resumedAt, businessMinutesBetween(pausedFrom, due, schedule), schedule);
}

function resume(clock: ResponseClock, at: Date, schedule: BusinessSchedule): void {
  const pause = clock.pauses[clock.pauses.length - 1]!;
  pause.to = at;
  clock.teamTargetAt = shift(clock.teamTargetAt, pause.from, at, schedule);
  clock.teamMaxAt = shift(clock.teamMaxAt, pause.from, at, schedule);
  clock.state = 'running';
}

/** Replays a case's timeline (in any order; sorted by time, ties kept in the given order). */
export function replayResponseClocks(events: readonly TimelineEvent[], ctx: ResponseClockContext): ResponseTimeline {
  const rule: ReplyRule = ctx.profile.replies[ctx.kind];
  const calendar = marketplaceCalendar(ctx.profile, ctx.schedule.timeZone);
  const team = ctx.clocks ?? DEFAULT_CLOCKS;
  const clocks: ResponseClock[] = [];
  const ignored: ResponseTimeline['ignored'] = [];
  const seenThreads = new Set<string>();
  const open = () => clocks.filter((c) => c.state === 'running' || c.state === 'paused');

  const start = (at: Date, threadId: string): void => {
    const t = computeDeadlines(at, clockChannelFor(ctx.kind), ctx.schedule, team);
    const marketplaceDueAt = rule.deadline ? marketplaceDeadline(rule.deadline, at, calendar, ctx.eventDueAt) : null;
    clocks.push({
      threadId,
      startedAt: at,
      messages: 1,
      state: 'running',
      marketplaceDueAt,
      teamTargetAt: t.targetAt,
      teamMaxAt: t.maxAt,
      pauses: [],
    });
  };

  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);
  for (const { e: event } of sorted) {
    const running = open();
    switch (event.type) {
      case 'buyer_message': {
        const thread = event.threadId ?? CASE_THREAD;
        const firstOfThread = !seenThreads.has(thread);
        const firstOfCase = seenThreads.size === 0;
        seenThreads.add(thread);
        const mine = rule.starts === 'first_message_per_thread' ? running.filter((c) => c.threadId === thread) : running;
        for (const c of mine) if (c.state === 'paused') resume(c, event.at, ctx.schedule);
        if (mine.length > 0) {
          mine[0]!.messages++;
          break;
        }
        if (rule.starts === 'each_buyer_message' || (rule.starts === 'first_message_per_thread' && firstOfThread) || firstOfCase) {
          start(event.at, thread);
        } else {
          ignored.push({
            event,
            why:
              rule.starts === 'case_opened'
                ? 'only the message that opened the case starts a clock'
                : 'not the first message of its thread',
          });
        }
        break;
      }
      case 'seller_reply':
      case 'no_response_needed': {
        if (event.type === 'no_response_needed' && !rule.noResponseNeededStops) {
          ignored.push({ event, why: `${ctx.profile.name} does not accept "no response needed": the clock keeps running` });
          break;
        }
        if (running.length === 0) {
          ignored.push({ event, why: 'no clock was running' });
          break;
        }
        for (const c of running) {
          if (c.state === 'paused') c.pauses[c.pauses.length - 1]!.to = event.at;
          c.state = event.type === 'seller_reply' ? 'answered' : 'no_response_needed';
          c.endedAt = event.at;
        }
        break;
      }
      case 'auto_acknowledgement':
        ignored.push({ event, why: 'an automatic acknowledgement never counts as a reply' });
        break;
      case 'waiting_on_buyer': {
        const toPause = running.filter((c) => c.state === 'running');
        if (toPause.length === 0) ignored.push({ event, why: 'no clock was running' });
        for (const c of toPause) {
          c.state = 'paused';
          c.pauses.push({ from: event.at, to: null });
        }
        break;
      }
      case 'resume': {
        const paused = running.filter((c) => c.state === 'paused');
        if (paused.length === 0) ignored.push({ event, why: 'no clock was paused' });
        for (const c of paused) resume(c, event.at, ctx.schedule);
        break;
      }
    }
  }

  // A paused clock still has the marketplace's deadline; its team deadlines wait for the resume.
  const firstOf = (c: ResponseClock): FirstDeadline | null =>
    c.state === 'paused'
      ? c.marketplaceDueAt && { by: 'marketplace', dueAt: c.marketplaceDueAt }
      : firstDeadline(c.marketplaceDueAt, c.teamMaxAt);
  const candidates = open().map((c) => ({ c, first: firstOf(c) }));
  const at = (f: FirstDeadline | null) => f?.dueAt.getTime() ?? Number.POSITIVE_INFINITY;
  candidates.sort((a, b) => at(a.first) - at(b.first));
  const head = candidates[0];
  return { clocks, open: head?.c ?? null, openFirst: head?.first ?? null, ignored };
}
