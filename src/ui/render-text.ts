import type { CardView, Node } from './view.js';

/** Control characters (but newline and tab) and bidi overrides are dropped so buyer text cannot rewrite the terminal. */
export function sanitizeTerminalText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, '');
}

const ACCENT_MARK: Record<string, string> = { neutral: '', info: '●', success: '✔', warning: '▲', danger: '■' };

function renderNode(n: Node): string[] {
  switch (n.type) {
    case 'heading':
      return ['', n.text.toUpperCase()];
    case 'text':
      return [n.emphasis === 'strong' ? `** ${n.text} **` : n.text];
    case 'quote':
      return n.text.split('\n').map((l, i) => (i === 0 && n.author ? `  │ ${n.author}: ${l}` : `  │ ${l}`));
    case 'fields':
      return n.fields.map((f) => `  ${f.label}: ${f.value}`);
    case 'list':
      return n.items.map((i) => `  • ${i}`);
    case 'links':
      return n.links.map((l) => `  ${l.label}: ${l.url}`);
    case 'mentions':
      return [`  (notify ${n.targets.map((t) => `${t.kind} ${t.id}`).join(', ')})${n.text ? ` ${n.text}` : ''}`];
    case 'context':
      return [`  ${n.text}`];
    case 'divider':
      return ['  ' + '─'.repeat(40)];
    case 'actions':
      return [`  ${n.buttons.map((b) => `[${b.label}${b.disabled ? ' (locked)' : ''}]`).join(' ')}`];
  }
}

/** A card as readable terminal text. */
export function renderCardText(view: CardView): string {
  const mark = ACCENT_MARK[view.accent ?? 'neutral'] ?? '';
  const lines = [`${mark ? `${mark} ` : ''}${view.title}`, ...view.nodes.flatMap(renderNode)];
  return sanitizeTerminalText(lines.join('\n'));
}
