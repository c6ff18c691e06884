import { formatDuration } from '../../src/domain/sla.js';
import type { Platform } from '../../src/domain/types.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { card, type CardView, type MentionTarget, type Node } from '../../src/ui/view.js';
import { kindLabel, firstName } from '../../src/ui/format.js';

export interface OverdueItem {
  kind: 'ship_late' | 'case_target' | 'case_breach';
  id: number;
  shopId: string;
  due: Date;
  /** Order external id, or case kind. */
  label: string;
  buyer: string | null;
}

/** Lines per thread message of a digest, and how many thread messages at most. */
export const DIGEST_LINES_PER_MESSAGE = 50;
export const DIGEST_MAX_THREAD_MESSAGES = 20;

const late = (now: Date, due: Date) => formatDuration(Math.max(0, Math.floor((now.getTime() - due.getTime()) / 60_000)));

export function describeItem(i: OverdueItem, now: Date): string {
  const who = firstName(i.buyer);
  switch (i.kind) {
    case 'ship_late':
      return `Order ${i.label} (${i.shopId}, ${who}) not shipped: ship-by passed ${late(now, i.due)} ago`;
    case 'case_target':
      return `Case #${i.id} ${kindLabel(i.label)} from ${who} (${i.shopId}): past its reply target by ${late(now, i.due)}`;
    case 'case_breach':
      return `Case #${i.id} ${kindLabel(i.label)} from ${who} (${i.shopId}): past its MAXIMUM reply time by ${late(now, i.due)}`;
  }
}

function onCallNode(platform: Platform, onCall: string | undefined, text: string): Node[] {
  if (!onCall) return [];
  const kind: MentionTarget['kind'] = platform === 'discord' ? 'role' : onCall.startsWith('S') ? 'group' : 'user';
  return [{ type: 'mentions', targets: [{ kind, id: onCall }], text }];
}

/** One alert for one item. Breaches mention the team's on-call group or role. */
export function itemMessage(i: OverdueItem, now: Date, platform: Platform, onCall?: string): CardView {
  const title =
    i.kind === 'ship_late' ? 'Order past its ship-by date' : i.kind === 'case_breach' ? 'Reply maximum breached' : 'Reply target passed';
  const nodes: Node[] = [
    ...(i.kind === 'case_breach' ? onCallNode(platform, onCall, 'on call: please answer this buyer now') : []),
    { type: 'text', text: describeItem(i, now) },
    {
      type: 'context',
      text:
        i.kind === 'ship_late'
          ? 'Ship it, or message the buyer about the delay (the standards ask for proactive delay notices).'
          : 'A short acknowledgement stops the clock; the standards review responsiveness.',
    },
  ];
  if (i.kind !== 'ship_late') nodes.push({ type: 'actions', buttons: [{ actionId: encodeActionId('case.reply', i.id), label: 'Reply' }] });
  return card({ title, summary: describeItem(i, now), accent: i.kind === 'case_target' ? 'warning' : 'danger', nodes });
}

/** A digest: counts by kind and the most urgent items, then the full list in its thread. */
export function digestMessages(items: OverdueItem[], now: Date, platform: Platform, onCall?: string): CardView[] {
  const count = (k: OverdueItem['kind']) => items.filter((i) => i.kind === k).length;
  const breaches = count('case_breach');
  const digest = card({
    title: `${items.length} items became overdue`,
    summary: `${items.length} items became overdue`,
    accent: breaches ? 'danger' : 'warning',
    nodes: [
      ...(breaches ? onCallNode(platform, onCall, `${breaches} past the maximum reply time`) : []),
      {
        type: 'fields',
        fields: [
          { label: 'Past reply maximum', value: String(breaches), inline: true },
          { label: 'Past reply target', value: String(count('case_target')), inline: true },
          { label: 'Not shipped by ship-by', value: String(count('ship_late')), inline: true },
        ],
      },
      { type: 'heading', text: 'Most urgent' },
      { type: 'list', items: items.slice(0, 5).map((i) => describeItem(i, now)) },
      { type: 'context', text: 'The full list is in the thread. /cases overdue shows what is still open.' },
    ],
  });
  const thread: CardView[] = [];
  const cap = DIGEST_LINES_PER_MESSAGE * DIGEST_MAX_THREAD_MESSAGES;
  for (let at = 0; at < Math.min(items.length, cap); at += DIGEST_LINES_PER_MESSAGE) {
    const chunk = items.slice(at, at + DIGEST_LINES_PER_MESSAGE);
    const last = at + DIGEST_LINES_PER_MESSAGE >= Math.min(items.length, cap);
    const more =
      last && items.length > cap
        ? [{ type: 'context' as const, text: `and ${items.length - cap} more: /cases overdue lists open cases` }]
        : [];
    thread.push(
      card({
        title: `Overdue ${at + 1}–${at + chunk.length} of ${items.length}`,
        summary: `Overdue items ${at + 1}–${at + chunk.length}`,
        nodes: [{ type: 'list', items: chunk.map((i) => describeItem(i, now)) }, ...more],
      }),
    );
  }
  return [digest, ...thread];
}
