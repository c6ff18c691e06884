/**
 * View -> Discord message payload (embeds + components), a `switch` over node types.
 * Pure functions: no discord.js import. Every piece of text is escaped here, so buyer
 * text can never become a mention, a masked link or markup; allowed_mentions is
 * always explicit (Discord's default for bot messages parses @everyone).
 */
import type { Accent, ButtonNode, CardView, Field, LinkTarget, MentionTarget } from '../../ui/view.js';

import { clip, escapeDiscordText, plainText, stripInvisible } from './text.js';

/** Discord's documented limits (embed limits count characters of the rendered strings). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

/** Room left in the footer (and the 6000 total) for the delivery marker chat.ts appends. */
export const FOOTER_RESERVE = 48;
export const TRUNCATION_NOTE = 'Full text in the thread.';

export interface DiscordEmbed {
  title: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline: boolean }[];
  footer?: { text: string };
}
export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
  disabled?: boolean;
}
export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}
export interface DiscordAllowedMentions {
  parse: never[];
  users?: string[];
  roles?: string[];
}
export interface DiscordMessagePayload {
  content?: string;
  embeds: DiscordEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: DiscordAllowedMentions;
}

const ACCENT_COLORS: Record<Accent, number> = {
  neutral: 0x99aab5,
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
};

const SNOWFLAKE = /^\d{17,20}$/;
export const isSnowflake = (id: string): boolean => SNOWFLAKE.test(id);

/** A link target as `[label](url)` if the url is http(s); otherwise the label as text. */
export function renderLink(link: LinkTarget): string {
  const label = escapeDiscordText(link.label).replace(/\n/g, ' ') || 'link';
  let url: URL;
  try {
    url = new URL(link.url);
  } catch {
    return `${label} (link removed)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${label} (link removed)`;
  // Parentheses and spaces would end the markdown link early.
  const href = url.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
  return `[${clip(label, 200)}](${href})`;
}

function mentionMarkup(target: MentionTarget): string | null {
  if (!isSnowflake(target.id)) return null;
  switch (target.kind) {
    case 'user':
      return `<@${target.id}>`;
    case 'group': // Slack user groups map to Discord roles.
    case 'role':
      return `<@&${target.id}>`;
    case 'channel':
      return `<#${target.id}>`;
  }
}

function renderButton(b: ButtonNode): DiscordButton | null {
  if (!b.actionId || b.actionId.length > DISCORD_LIMITS.customId) return null;
  const style = b.style === 'primary' ? 1 : b.style === 'danger' ? 4 : 2;
  const label = clip(stripInvisible(b.label).trim() || 'Open', DISCORD_LIMITS.buttonLabel);
  return { type: 2, style, label, custom_id: b.actionId, ...(b.disabled ? { disabled: true } : {}) };
}

function renderField(f: Field): { name: string; value: string; inline: boolean } {
  return {
    name: clip(escapeDiscordText(f.label).replace(/\n/g, ' ') || '\u200b', DISCORD_LIMITS.fieldName),
    value: clip(escapeDiscordText(f.value) || '—', DISCORD_LIMITS.fieldValue),
    inline: f.inline ?? false,
  };
}

const quoteLines = (text: string): string =>
  escapeDiscordText(text)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

export function renderCard(view: CardView): DiscordMessagePayload {
  const lines: string[] = [];
  const footer: string[] = [];
  let fields: NonNullable<DiscordEmbed['fields']> = [];
  const rows: DiscordActionRow[] = [];
  const customIds = new Set<string>();
  const mentionParts: string[] = [];
  const users = new Set<string>();
  const roles = new Set<string>();

  for (const node of view.nodes) {
    switch (node.type) {
      case 'heading':
        lines.push(`**${escapeDiscordText(node.text)}**`);
        break;
      case 'text': {
        const t = escapeDiscordText(node.text);
        lines.push(node.emphasis === 'strong' ? `**${t}**` : node.emphasis === 'muted' ? `*${t}*` : t);
        break;
      }
      case 'quote':
        lines.push(quoteLines(node.text) + (node.author ? `\n— ${escapeDiscordText(node.author)}` : ''));
        break;
      case 'list':
        lines.push(node.items.map((i) => `• ${escapeDiscordText(i).replace(/\n/g, ' ')}`).join('\n'));
        break;
      case 'links':
        lines.push(node.links.map(renderLink).join('\n'));
        break;
      case 'fields':
        fields = fields.concat(node.fields.map(renderField));
        break;
      case 'mentions': {
        const marks: string[] = [];
        for (const t of node.targets) {
          const m = mentionMarkup(t);
          if (!m) continue;
          marks.push(m);
          if (t.kind === 'user') users.add(t.id);
          else if (t.kind === 'role' || t.kind === 'group') roles.add(t.id);
        }
        const text = node.text ? escapeDiscordText(node.text) : '';
        const part = [marks.join(' '), text].filter(Boolean).join(' ');
        if (part) mentionParts.push(part);
        break;
      }
      case 'context':
        footer.push(plainText(node.text));
        break;
      case 'divider':
        lines.push('───');
        break;
      case 'actions': {
        // Discord rejects a message whose components repeat a custom_id.
        const buttons = node.buttons
          .map(renderButton)
          .filter((b): b is DiscordButton => b !== null && !customIds.has(b.custom_id) && Boolean(customIds.add(b.custom_id)));
        for (let i = 0; i < buttons.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
          rows.push({ type: 1, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
        }
        break;
      }
    }
  }

  const budget = DISCORD_LIMITS.embedTotal - FOOTER_RESERVE;
  const embed: DiscordEmbed = { title: clip(escapeDiscordText(view.title).replace(/\n/g, ' ') || '\u200b', DISCORD_LIMITS.title) };
  if (view.accent) embed.color = ACCENT_COLORS[view.accent];
  // Footers render no markdown or mentions (see plainText).
  if (footer.length) embed.footer = { text: clip(footer.join(' · '), DISCORD_LIMITS.footer - FOOTER_RESERVE) };

  // Fields past 25, or past the 6000 budget, move out: the thread carries the full text.
  const overflow = Math.max(0, fields.length - DISCORD_LIMITS.fields);
  fields = fields.slice(0, DISCORD_LIMITS.fields);
  const fixed = () =>
    embed.title.length + (embed.footer?.text.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  let dropped = overflow;
  while (fields.length && fixed() > budget - 300) {
    fields.pop();
    dropped++;
  }
  if (dropped) lines.push(`*${dropped} more field${dropped === 1 ? '' : 's'}: ${TRUNCATION_NOTE}*`);
  if (fields.length) embed.fields = fields;

  const descMax = Math.min(DISCORD_LIMITS.description, budget - fixed());
  const description = lines.join('\n');
  if (description) {
    embed.description = description.length <= descMax ? description : clip(description, descMax, `…\n\n*${TRUNCATION_NOTE}*`);
  }

  const payload: DiscordMessagePayload = { embeds: [embed], components: rows, allowed_mentions: { parse: [] } };
  if (mentionParts.length) {
    payload.content = clip(mentionParts.join('\n'), DISCORD_LIMITS.content);
    if (users.size) payload.allowed_mentions.users = [...users].slice(0, 100);
    if (roles.size) payload.allowed_mentions.roles = [...roles].slice(0, 100);
  }
  return payload;
}
