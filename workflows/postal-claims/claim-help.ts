import { DateTime } from 'luxon';
import { caseHistory } from '../../src/db/repos/cases.js';
import { cancelClaimReminders, scheduleClaimReminder, type ClaimReminderKind } from '../../src/db/repos/claim-reminders.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { caseCardRow } from '../../src/db/repos/outbox.js';
import { getShop } from '../../src/db/repos/shops.js';
import type { Db } from '../../src/db/client.js';
import type { CaseRow } from '../../src/db/rows.js';
import { CLAIM_TYPE_LABEL, claimAdvice, type ClaimAdvice, type ClaimType } from '../../src/domain/postal-claims.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { card, type Accent, type CardView, type Field, type Node } from '../../src/ui/view.js';
import { changeCase } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import { CaseStateError } from '../../src/errors.js';
import { formatDay } from '../../src/ui/format.js';
import { type ActorRef } from '../../src/domain/actor.js';

/** Reminders go out at this local hour. */
export const REMINDER_HOUR = 9;
/** The closing reminder comes this many days before the last filing day. */
export const CLOSING_REMINDER_DAYS = 3;

const ACCENT: Record<ClaimAdvice['status'], Accent> = { not_yet: 'info', open: 'warning', closed: 'danger', unknown: 'neutral' };
const COUNT_FROM_LABEL = { mailing: 'mailing date', delivery: 'delivery date' } as const;

const closedButton = (caseId: number): Node => ({
  type: 'actions',
  buttons: [{ actionId: encodeActionId('claim.closed', caseId), label: 'Claim closed' }],
});

/** The advice as a card: headline, window, steps, evidence (✓/✗), coverage, claim page and a Claim closed button. */
export function adviceCard(c: Pick<CaseRow, 'id' | 'orderExternalId'>, a: ClaimAdvice, timeZone: string): CardView {
  const fields: Field[] = [
    { label: 'Carrier', value: a.carrier?.name ?? 'unknown', inline: true },
    { label: 'Claim', value: CLAIM_TYPE_LABEL[a.claimType], inline: true },
  ];
  if (c.orderExternalId) fields.push({ label: 'Order', value: c.orderExternalId, inline: true });
  if (a.window) {
    fields.push({ label: 'Window opens', value: formatDay(a.window.from, timeZone), inline: true });
    fields.push({ label: 'Last day to file', value: formatDay(a.window.until, timeZone), inline: true });
  }
  if (a.basis)
    fields.push({
      label: 'Counted from',
      value: `${COUNT_FROM_LABEL[a.basis.countFrom]}, ${formatDay(a.basis.date, timeZone)}${a.basis.approximate ? ' (estimate)' : ''}`,
      inline: true,
    });
  const checked = a.carrier?.sources[0]?.checked;
  const nodes: Node[] = [
    { type: 'text', text: a.headline, emphasis: 'strong' },
    { type: 'fields', fields },
    { type: 'heading', text: 'Steps' },
    { type: 'list', items: a.steps },
    { type: 'heading', text: 'Evidence' },
    { type: 'list', items: a.evidence.map((e) => `${e.have ? '✓' : '✗'} ${e.item}${e.detail ? `: ${e.detail}` : ''}`) },
    { type: 'heading', text: 'Coverage' },
    { type: 'text', text: a.coverage },
    ...(a.claimUrl && a.carrier ? [{ type: 'links' as const, links: [{ url: a.claimUrl, label: `${a.carrier.name} claim page` }] }] : []),
    ...(checked
      ? [
          {
            type: 'context' as const,
            text: `Carrier rules as checked on ${checked}; carriers change them, so confirm on the claim page before filing.`,
          },
        ]
      : []),
    closedButton(c.id),
  ];
  return card({ title: `Postal claim help: case #${c.id}`, summary: a.headline, accent: ACCENT[a.status], nodes });
}

const atLocalHour = (day: Date, timeZone: string, minusDays = 0): Date =>
  DateTime.fromJSDate(day, { zone: timeZone }).startOf('day').minus({ days: minusDays }).set({ hour: REMINDER_HOUR }).toJSDate();

/** When each reminder is due: the opening day (if not open yet) and a few days before the last day; none in the past. */
export function reminderTimes(a: ClaimAdvice, timeZone: string, now: Date): Partial<Record<ClaimReminderKind, Date>> {
  if (!a.window || (a.status !== 'not_yet' && a.status !== 'open')) return {};
  const out: Partial<Record<ClaimReminderKind, Date>> = {};
  if (a.status === 'not_yet') out.opens = atLocalHour(a.window.from, timeZone);
  const closing = atLocalHour(a.window.until, timeZone, CLOSING_REMINDER_DAYS);
  if (closing > now && closing > a.window.from) out.closing = closing;
  if (out.opens && out.opens <= now) delete out.opens;
  return out;
}

function reminderView(c: CaseRow, a: ClaimAdvice, kind: ClaimReminderKind, timeZone: string): CardView {
  const carrier = a.carrier?.name ?? 'the carrier';
  const claim = `${CLAIM_TYPE_LABEL[a.claimType]} claim with ${carrier}`;
  const lastDay = a.window ? formatDay(a.window.until, timeZone) : '';
  const title = kind === 'opens' ? 'Postal claim: you can file from today' : 'Postal claim: last days to file';
  const text =
    kind === 'opens'
      ? `Case #${c.id}: the ${claim} can be filed from today until ${lastDay}. If the parcel has not turned up, file it now.`
      : `Case #${c.id}: the window for the ${claim} closes on ${lastDay}. File it now if you have not, or press Claim closed.`;
  const nodes: Node[] = [{ type: 'text', text }];
  if (a.claimUrl) nodes.push({ type: 'links', links: [{ url: a.claimUrl, label: `${carrier} claim page` }] });
  nodes.push(closedButton(c.id));
  return card({ title, summary: `${title}: case #${c.id}`, accent: kind === 'opens' ? 'info' : 'warning', nodes });
}

async function rescheduleReminders(
  tx: Db,
  c: CaseRow,
  a: ClaimAdvice,
  timeZone: string,
  now: Date,
): Promise<Partial<Record<ClaimReminderKind, Date>>> {
  const times = reminderTimes(a, timeZone, now);
  const cardRow = await caseCardRow(tx, c.id);
  const kinds: ClaimReminderKind[] = ['opens', 'closing'];
  const dropped = kinds.filter((k) => !times[k] || !cardRow);
  if (dropped.length) await cancelClaimReminders(tx, c.id, dropped);
  if (!cardRow) return {};
  for (const kind of kinds) {
    const at = times[kind];
    if (at) await scheduleClaimReminder(tx, { caseId: c.id, kind, card: cardRow, view: reminderView(c, a, kind, timeZone), at, now });
  }
  return times;
}

export interface ClaimHelpOptions {
  /** Defaults to lost, or damaged when the order was delivered. */
  claimType?: ClaimType | undefined;
}

/**
 * Postal claim help for a case: works out the carrier's claim window for the case's order
 * as of now, records a `claim_help` event, posts the advice in the case thread and
 * schedules reminders (window opens, window about to close) as thread posts. Returns the
 * advice card for the person who asked.
 */
export async function postalClaimHelp(deps: WorkflowDeps, caseId: number, actor: ActorRef, opts: ClaimHelpOptions = {}): Promise<CardView> {
  const now = deps.clock.now();
  let view: CardView | undefined;
  let advice: ClaimAdvice | undefined;
  let reminders: Partial<Record<ClaimReminderKind, Date>> = {};
  await changeCase(deps, caseId, actor, {
    guard: async (c, tx) => {
      const order = c.orderId ? await getOrderById(tx, c.orderId) : undefined;
      const shop = await getShop(tx, c.shopId);
      const timeZone = shop?.timeZone ?? deps.defaultTimeZone;
      advice = claimAdvice({
        carrier: order?.carrier ?? undefined,
        tracking: order?.tracking ?? undefined,
        shippedAt: order?.shippedAt ?? undefined,
        deliveredAt: order?.deliveredAt ?? undefined,
        insured: order?.insured ?? false,
        valueCents: order?.valueCents ?? undefined,
        currency: order?.currency ?? 'USD',
        claimType: opts.claimType,
        now,
        timeZone,
      });
      view = adviceCard(c, advice, timeZone);
      reminders = await rescheduleReminders(tx, c, advice, timeZone, now);
    },
    get event() {
      return {
        type: 'claim_help',
        data: {
          carrier: advice?.carrier?.id ?? null,
          claimType: advice?.claimType,
          status: advice?.status,
          windowFrom: advice?.window?.from.toISOString() ?? null,
          windowUntil: advice?.window?.until.toISOString() ?? null,
          reminders: Object.fromEntries(Object.entries(reminders).map(([k, d]) => [k, d.toISOString()])),
        },
      };
    },
    get thread() {
      return view ? { title: view.title, nodes: view.nodes } : undefined;
    },
  });
  return view!;
}

/** Marks the case's postal claim settled: records `claim_closed` and cancels the reminders not yet sent. */
export async function markClaimClosed(deps: WorkflowDeps, caseId: number, actor: ActorRef): Promise<{ c: CaseRow; cancelled: number }> {
  let cancelled = 0;
  const c = await changeCase(deps, caseId, actor, {
    guard: async (row, tx) => {
      const last = (await caseHistory(tx, row.id)).filter((e) => e.type === 'claim_help' || e.type === 'claim_closed').at(-1);
      if (last?.type === 'claim_closed')
        throw new CaseStateError(
          `The postal claim on case #${row.id} was already marked closed by ${last.actor}. Nothing was done.`,
          row.id,
        );
      cancelled = await cancelClaimReminders(tx, row.id);
    },
    get event() {
      return { type: 'claim_closed', data: { cancelledReminders: cancelled } };
    },
    thread: {
      title: 'Postal claim closed',
      nodes: [{ type: 'text', text: 'The postal claim is settled; SellerDesk sends no more reminders about it.' }],
    },
  });
  return { c, cancelled };
}
