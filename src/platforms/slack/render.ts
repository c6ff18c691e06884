/**
 * Neutral View → Slack Block Kit. Pure functions, one `switch` over node types.
 * Every piece of View text is escaped (./text.ts); the only `<…>` sequences in the
 * output are the links and mentions this renderer writes on purpose.
 */
import type { Accent, ButtonNode, CardView, Field, MentionTarget, Node } from '../../ui/view.js';
import {
  SLACK_LIMITS as L,
  boldLines,
  cutEscaped,
  escapeSlackText,
  mrkdwn,
  plain,
  safeLinkLabel,
  safeLinkUrl,
  stripInvisible,
} from './text.js';

export { escapeSlackText } from './text.js';
export { renderModal, readModalValues } from './render-modal.js';

export type SlackBlock = { type: string; [key: string]: unknown };

export interface RenderedCard {
  /** The notification fallback: the escaped summary. */
  text: string;
  blocks: SlackBlock[];
}

const ACCENT_EMOJI: Record<Accent, string> = {
  neutral: '',
  info: ':information_source: ',
  success: ':white_check_mark: ',
  warning: ':warning: ',
  danger: ':rotating_light: ',
};

export const THREAD_NOTE = 'Full text in the thread.';
export const TRUNCATED_NOTE = 'Some details were left out of this message.';

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const GROUP_ID = /^S[A-Z0-9]{2,20}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;

const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] });

const oneLine = (s: string): string => s.replace(/\s+/g, ' ');

/** Whether text still shows something once invisible characters are stripped. */
function nonEmpty(s: string): boolean {
  return stripInvisible(s).trim().length > 0;
}

function renderQuote(text: string, author?: string): SlackBlock[] {
  const head = author && nonEmpty(author) ? `*${escapeSlackText(author).trim()}*\n` : '';
  const body = escapeSlackText(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  const full = head + body;
  if (full.length <= L.sectionText) return [section(full)];
  return [section(cutEscaped(full, L.sectionText)), context(THREAD_NOTE)];
}

function fieldText(f: Field): string | null {
  const label = escapeSlackText(f.label).trim();
  const value = escapeSlackText(f.value).trim();
  if (!label && !value) return null;
  const text = label && value ? `*${label}*\n${value}` : label ? `*${label}*` : value;
  return cutEscaped(text, L.fieldText);
}

function renderFields(fields: Field[]): SlackBlock[] {
  const texts = fields.map(fieldText).filter((t): t is string => t !== null);
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < texts.length; i += L.sectionFields) {
    blocks.push({ type: 'section', fields: texts.slice(i, i + L.sectionFields).map((t) => mrkdwn(t, L.fieldText)) });
  }
  return blocks;
}

function renderList(items: string[]): SlackBlock[] {
  const lines: string[] = [];
  let length = 0;
  const shown = items.map((i) => escapeSlackText(i).replace(/\n+/g, ' ').trim()).filter(nonEmpty);
  for (const [n, item] of shown.entries()) {
    const line = `• ${cutEscaped(item, 1000)}`;
    const rest = shown.length - n;
    if (length + line.length + 1 > L.sectionText - 40 && rest > 0) {
      lines.push(`…and ${rest} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.length > 0 ? [section(lines.join('\n'))] : [];
}

function renderLinks(links: { url: string; label: string }[]): SlackBlock[] {
  const parts = links.map(({ url, label }) => {
    const href = safeLinkUrl(url);
    if (!href) return nonEmpty(label) ? escapeSlackText(label).trim() : '';
    return `<${href}|${safeLinkLabel(label, new URL(url.trim()).hostname)}>`;
  });
  const kept: string[] = [];
  let length = 0;
  for (const p of parts.filter(nonEmpty)) {
    if (length + p.length + 3 > L.sectionText) break;
    kept.push(p);
    length += p.length + 3;
  }
  return kept.length > 0 ? [section(kept.join(' · '))] : [];
}

function mentionSyntax(t: MentionTarget): string | null {
  switch (t.kind) {
    case 'user':
      return USER_ID.test(t.id) ? `<@${t.id}>` : null;
    case 'group':
      return GROUP_ID.test(t.id) ? `<!subteam^${t.id}>` : null;
    case 'channel':
      return CHANNEL_ID.test(t.id) ? `<#${t.id}>` : null;
    case 'role':
      return null; // Discord only
  }
}

function renderMentions(targets: MentionTarget[], text?: string): SlackBlock[] {
  const mentions = targets.map(mentionSyntax).filter((m): m is string => m !== null);
  const tail = text && nonEmpty(text) ? escapeSlackText(text).trim() : '';
  const full = [mentions.join(' '), tail].filter(nonEmpty).join(' ');
  return nonEmpty(full) ? [section(full)] : [];
}

function button(b: ButtonNode): SlackBlock | null {
  if (b.disabled || b.actionId.length === 0 || b.actionId.length > L.actionId) return null;
  const el: SlackBlock = {
    type: 'button',
    text: plain(oneLine(b.label), L.buttonText, b.actionId.slice(0, L.buttonText)),
    action_id: b.actionId,
    value: b.actionId.slice(0, L.buttonValue),
  };
  if (b.style === 'primary' || b.style === 'danger') el.style = b.style;
  return el;
}

function renderActions(buttons: ButtonNode[]): SlackBlock[] {
  const seen = new Set<string>();
  const elements = buttons
    .map(button)
    .filter((b): b is SlackBlock => b !== null)
    .filter((b) => !seen.has(b.action_id as string) && seen.add(b.action_id as string));
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += L.actionsElements) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + L.actionsElements) });
  }
  return blocks;
}

function renderNode(node: Node): SlackBlock[] {
  switch (node.type) {
    case 'heading':
      return nonEmpty(node.text) ? [section(boldLines(cutEscaped(escapeSlackText(node.text).trim(), 2900)))] : [];
    case 'text': {
      if (!nonEmpty(node.text)) return [];
      const escaped = escapeSlackText(node.text).trim();
      if (node.emphasis === 'muted') return [context(escaped)];
      if (node.emphasis === 'strong') return [section(boldLines(cutEscaped(escaped, 2800)))];
      return [section(escaped)];
    }
    case 'quote':
      return nonEmpty(node.text) ? renderQuote(node.text, node.author) : [];
    case 'fields':
      return renderFields(node.fields);
    case 'list':
      return renderList(node.items);
    case 'links':
      return renderLinks(node.links);
    case 'mentions':
      return renderMentions(node.targets, node.text);
    case 'context':
      return nonEmpty(node.text) ? [context(escapeSlackText(node.text).trim())] : [];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return renderActions(node.buttons);
  }
}

/** Keep at most 50 blocks: drop content from the end, never the actions blocks. */
export function capBlocks(blocks: SlackBlock[], max: number = L.blocksPerMessage): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, max - 2);
  const actionSet = new Set(actions);
  let budget = max - actions.length - 1; // one slot for the "left out" note
  const out: SlackBlock[] = [];
  let noted = false;
  for (const b of blocks) {
    if (actionSet.has(b)) {
      out.push(b);
    } else if (b.type !== 'actions' && budget > 0) {
      out.push(b);
      budget -= 1;
    } else if (!noted && b.type !== 'actions') {
      out.push(context(TRUNCATED_NOTE));
      noted = true;
    }
  }
  return out;
}

export function renderCard(view: CardView): RenderedCard {
  const blocks: SlackBlock[] = [];
  if (nonEmpty(view.title)) {
    const prefix = ACCENT_EMOJI[view.accent ?? 'neutral'];
    const title = plain(oneLine(view.title), L.headerText - prefix.length);
    blocks.push({ type: 'header', text: { ...title, text: prefix + title.text } });
  }
  for (const node of view.nodes) blocks.push(...renderNode(node));
  const summary = nonEmpty(view.summary) ? view.summary : view.title;
  const text = cutEscaped(escapeSlackText(summary).trim(), L.fallbackText) || ' ';
  return { text, blocks: capBlocks(blocks) };
}
