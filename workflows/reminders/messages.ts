import { channelLabel, monthLabel, percent } from '../../src/ui/format.js';
import type { ShopRow } from '../../src/db/rows.js';
import type { MonthContent, Tip } from './content.js';
import { type MonthKey } from '../../src/domain/reminder-schedule.js';
import { STANDING_LABEL, type StandingVerdict } from '../../src/domain/standing.js';
import { card, type CardView, type Field, type Node } from '../../src/ui/view.js';
import type { ShopStats } from '../../src/domain/shop-stats.js';

/**
 * The monthly seller-success reminder as cards: resources first (the standards' "education
 * first": the webinar and the knowledge base), then last month's figures per shop.
 */

/** More shops than this: one line each in the card, the details one message per shop in its thread. */
export const MAX_INLINE_SHOPS = 3;
/** Lines of the per-shop summary list in the card when the details go to the thread. */
export const MAX_SUMMARY_LINES = 20;

/** Characters of text a card may carry with the shop sections inline. */
export const MAX_INLINE_TEXT = 3200;

const textSize = (nodes: Node[]): number =>
  nodes.reduce((n, node) => {
    switch (node.type) {
      case 'list':
        return n + node.items.reduce((m, t) => m + t.length + 3, 0);
      case 'links':
        return n + node.links.reduce((m, l) => m + l.label.length + l.url.length + 5, 0);
      case 'heading':
      case 'text':
        return n + node.text.length + 5;
      default:
        return n + 4;
    }
  }, 0);

export interface ShopDigest {
  shop: Pick<ShopRow, 'id' | 'name'>;
  stats: ShopStats;
  verdict: StandingVerdict;
}

const webinarDate = (w: NonNullable<MonthContent['webinar']>): string => {
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return w.time ? `${day}, ${w.time}` : day;
};

export const tipLine = (t: Tip): string => `${t.title}: ${t.text}`;

/** The webinar and the knowledge-base tips: what both the team and the community post show. */
export function resourceNodes(c: MonthContent): Node[] {
  const nodes: Node[] = [{ type: 'heading', text: 'Seller Success webinar' }];
  if (c.webinar) {
    nodes.push({ type: 'text', text: `${c.webinar.title} (${webinarDate(c.webinar)})` });
    nodes.push({ type: 'links', links: [{ url: c.webinar.link, label: 'Register for the webinar' }] });
  } else if (c.webinarSeriesLink) {
    nodes.push({ type: 'text', text: 'A new webinar every month: see the schedule and the recordings.' });
    nodes.push({ type: 'links', links: [{ url: c.webinarSeriesLink, label: 'Seller Success webinar series' }] });
  } else {
    nodes.push({ type: 'text', text: 'A new webinar every month: see the Seller Success page on your dashboard.', emphasis: 'muted' });
  }
  if (c.note) nodes.push({ type: 'text', text: c.note, emphasis: 'strong' });
  nodes.push({ type: 'heading', text: 'From the knowledge base' });
  nodes.push({ type: 'list', items: c.tips.map(tipLine) });
  nodes.push({ type: 'links', links: c.tips.map((t) => ({ url: t.link, label: t.title })) });
  return nodes;
}

const totals = (s: ShopStats) =>
  s.channels.reduce((a, c) => ({ cases: a.cases + c.cases, target: a.target + c.withinTarget, max: a.max + c.withinMax }), {
    cases: 0,
    target: 0,
    max: 0,
  });

const channelLine = (c: ShopStats['channels'][number]): string =>
  `${channelLabel(c.channel)} first replies: ${percent(c.withinTarget, c.cases)} within target, ${percent(c.withinMax, c.cases)} within maximum (${c.cases})`;

/** One line: "Shop — At risk · 12 orders · 92% on time". */
export function shopLine(d: ShopDigest): string {
  return `${d.shop.name}: ${STANDING_LABEL[d.verdict.standing]} · ${d.stats.orders} orders · ${percent(d.stats.shippedOnTime, d.stats.shipDue)} shipped on time`;
}

/** A shop's section inside the team card (text, not fields: Discord gathers all fields at the end of an embed). */
export function shopSection(d: ShopDigest): Node[] {
  const s = d.stats;
  const items = [
    `Orders: ${s.orders}`,
    `On-time shipping: ${percent(s.shippedOnTime, s.shipDue)} of ${s.shipDue} due`,
    ...(s.channels.length ? s.channels.map(channelLine) : ['First replies: no buyer cases']),
    `Cases: ${s.opened} opened, ${s.resolved} resolved, ${s.escalated} escalated`,
  ];
  return [
    { type: 'heading', text: `${d.shop.name}: ${STANDING_LABEL[d.verdict.standing]}` },
    { type: 'list', items },
    ...(d.verdict.improve ? [{ type: 'text' as const, text: `One thing to improve: ${d.verdict.improve}` }] : []),
  ];
}

/** A shop's details as a card of its own (thread message), at most 4 + 4 channels = 8 fields. */
export function shopCard(d: ShopDigest, digestMonth: MonthKey): CardView {
  const s = d.stats;
  const all = totals(s);
  const fields: Field[] = [
    { label: 'Standing', value: STANDING_LABEL[d.verdict.standing], inline: true },
    { label: 'Orders', value: String(s.orders), inline: true },
    { label: 'On-time shipping', value: `${percent(s.shippedOnTime, s.shipDue)} of ${s.shipDue}`, inline: true },
    { label: 'Cases', value: `${s.opened} opened, ${s.resolved} resolved, ${s.escalated} escalated`, inline: true },
    ...s.channels.map((c) => ({
      label: `${channelLabel(c.channel)} first replies`,
      value: `${percent(c.withinTarget, c.cases)} within target, ${percent(c.withinMax, c.cases)} within maximum (${c.cases})`,
    })),
  ];
  return card({
    title: `${d.shop.name} · ${monthLabel(digestMonth)}`,
    summary: `${shopLine(d)}; ${percent(all.max, all.cases)} of buyers answered within the maximum`,
    accent: accentOf(d.verdict),
    nodes: [
      { type: 'fields', fields },
      ...(d.verdict.reasons.length ? [{ type: 'list' as const, items: d.verdict.reasons }] : []),
      ...(d.verdict.improve ? [{ type: 'text' as const, text: `One thing to improve: ${d.verdict.improve}` }] : []),
    ],
  });
}

const accentOf = (v: StandingVerdict) => (v.standing === 'good' ? 'success' : v.standing === 'at_risk' ? 'warning' : 'danger');

export interface TeamReminderInput {
  month: MonthKey;
  digestMonth: MonthKey;
  content: MonthContent;
  digests: ShopDigest[];
  /** "(sent late: SellerDesk was offline on Tue 1 Dec)" when set. */
  lateNote?: string | undefined;
}

/** The team's card, plus one thread message per shop when there are too many shops for one card. */
export function teamReminderViews(i: TeamReminderInput): { main: CardView; thread: CardView[] } {
  const title = `Seller Success reminders · ${monthLabel(i.month)}`;
  const nodes: Node[] = [...resourceNodes(i.content)];
  const sections = i.digests.flatMap(shopSection);
  // Discord's embed description holds 4096 characters: past a safe size, details go to the thread.
  const inline = i.digests.length <= MAX_INLINE_SHOPS && textSize([...nodes, ...sections]) <= MAX_INLINE_TEXT;
  if (i.digests.length) {
    nodes.push({ type: 'divider' }, { type: 'heading', text: `Your shops in ${monthLabel(i.digestMonth)}` });
    if (inline) nodes.push(...sections);
    else {
      const lines = i.digests.slice(0, MAX_SUMMARY_LINES).map(shopLine);
      const more = i.digests.length - lines.length;
      nodes.push({ type: 'list', items: more > 0 ? [...lines, `…and ${more} more`] : lines });
      nodes.push({ type: 'text', text: 'Each shop\u2019s figures and its one thing to improve are in the thread.', emphasis: 'muted' });
    }
  }
  const worst = i.digests.some((d) => d.verdict.standing === 'under_review')
    ? 'danger'
    : i.digests.some((d) => d.verdict.standing === 'at_risk')
      ? 'warning'
      : 'info';
  nodes.push({
    type: 'context',
    text: [i.lateNote, `Figures for ${monthLabel(i.digestMonth)}; standings also count what is overdue now.`].filter(Boolean).join(' '),
  });
  const summary = [title, i.content.webinar ? `webinar: ${i.content.webinar.title}` : undefined, i.lateNote].filter(Boolean).join(' · ');
  return {
    main: card({ title, summary, accent: worst, nodes }),
    thread: inline ? [] : i.digests.map((d) => shopCard(d, i.digestMonth)),
  };
}

/** The community channel's post: the webinar and the tips, no shop figures. */
export function communityReminderView(month: MonthKey, content: MonthContent, lateNote?: string): CardView {
  const title = `Seller Success · ${monthLabel(month)}`;
  return card({
    title,
    summary: [title, content.webinar ? `webinar: ${content.webinar.title}` : undefined, lateNote].filter(Boolean).join(' · '),
    accent: 'info',
    nodes: [...resourceNodes(content), ...(lateNote ? [{ type: 'context' as const, text: lateNote }] : [])],
  });
}
