import { htmlToText, type FormatCallback } from 'html-to-text';
import replyParser from 'node-email-reply-parser';

/**
 * The text of a mail as a person reads it: HTML turned into plain text with nothing remote
 * (no images, so no tracking pixels; no scripts, styles, frames or embeds), and the buyer's
 * own words separated from the quoted history and signature below them.
 */

/** Kinds of remote or active content an HTML body had that the plain text leaves out. */
export function remoteContentIn(html: string): Record<string, number> {
  const count = (re: RegExp) => (html.match(re) ?? []).length;
  const found: Record<string, number> = {
    images: count(/<img\b/gi),
    scripts: count(/<script\b/gi),
    frames: count(/<i?frame\b/gi),
    embeds: count(/<(?:object|embed|video|audio|link)\b/gi),
  };
  return Object.fromEntries(Object.entries(found).filter(([, n]) => n > 0));
}

/** Links are kept as text, with their address only when it is http(s) and differs from the text. */
const anchor: FormatCallback = (elem, walk, builder) => {
  walk(elem.children, builder);
  const href = String(elem.attribs?.href ?? '').trim();
  if (!/^https?:\/\//i.test(href)) return;
  const text = textOf(elem).trim();
  if (text === href || text === href.replace(/^https?:\/\//i, '')) return;
  builder.addInline(` [${href}]`, { noWordTransform: true });
};

function textOf(node: { data?: string; children?: unknown[] }): string {
  if (typeof node.data === 'string') return node.data;
  return (node.children ?? []).map((c) => textOf(c as { data?: string; children?: unknown[] })).join('');
}

const SKIP = ['img', 'script', 'style', 'head', 'title', 'iframe', 'frame', 'object', 'embed', 'video', 'audio', 'svg', 'canvas', 'form'];

/** Plain text of an HTML body; never throws (an HTML too deep or too long is cut, not fatal). */
export function htmlToPlainText(html: string, maxInputChars = 2_000_000): string {
  try {
    return tidy(
      htmlToText(html, {
        wordwrap: false,
        formatters: { sdAnchor: anchor },
        selectors: [
          ...SKIP.map((selector) => ({ selector, format: 'skip' })),
          { selector: 'a', format: 'sdAnchor' },
          { selector: 'h1', options: { uppercase: false } },
          { selector: 'h2', options: { uppercase: false } },
          { selector: 'h3', options: { uppercase: false } },
          { selector: 'table', format: 'block' },
          { selector: 'tr', format: 'block' },
          { selector: 'td', format: 'inline' },
          { selector: 'th', format: 'inline' },
        ],
        limits: { maxInputLength: maxInputChars, maxDepth: 200, ellipsis: ' …' },
      }),
    );
  } catch {
    // Last resort for HTML the converter cannot walk: strip tags.
    return tidy(
      html
        .slice(0, maxInputChars)
        .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
        .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/gi, ' ')
        .replace(/&amp;/gi, '&')
        .replace(/&lt;/gi, '<')
        .replace(/&gt;/gi, '>'),
    );
  }
}

/** Normalises line ends and blank runs; trims trailing spaces. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Quote headers that node-email-reply-parser does not know, each on a line of its own.
const EXTRA_QUOTE_HEADERS = [
  /^-{2,}\s*(?:original message|forwarded message|mensaje original|message d'origine|ursprüngliche nachricht|messaggio originale)\s*-{2,}$/im,
  /^_{8,}$/m, // Outlook's line above "From: … Sent: …"
  /^(?:from|von|de|da):\s.+\n(?:sent|gesendet|envoyé|enviado|inviato|date):\s/im,
  /^-{3,}\s*original message\s*-{3,}$/im,
];

/**
 * The buyer's own words: the text above the first quote header ("On … wrote:", "-----Original
 * Message-----", Outlook's "From: … Sent: …"), without `>` quoted lines and the signature
 * ("-- ", "Sent from my iPhone"). When that leaves nothing (a mail that is all quote), the
 * whole text is kept: a buyer's message is never blanked.
 */
export function buyerWords(fullText: string): string {
  if (!fullText) return '';
  let text = fullText;
  for (const re of EXTRA_QUOTE_HEADERS) {
    const m = re.exec(text);
    if (m && m.index > 0) text = text.slice(0, m.index);
  }
  let visible: string;
  try {
    visible = replyParser(text, true);
  } catch {
    visible = text;
  }
  const words = tidy(visible);
  return words || tidy(fullText);
}
