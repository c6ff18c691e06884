/**
 * Slack text primitives: escaping, limit-safe cutting and text objects.
 *
 * Slack treats `&`, `<` and `>` as control characters in every text field (mrkdwn,
 * plain_text and the message `text`), so they are always HTML-escaped: buyer text can
 * then never form `<!channel>`, `<@U…>`, `<#C…>`, `<!subteam^…>` or a `<url|label>` link.
 * Only those three characters are decoded by Slack; nothing else is entity-encoded.
 */

/** Slack's documented limits (docs.slack.dev Block Kit reference). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  messageText: 40_000,
  fallbackText: 3000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  plainTextInputMax: 3000,
} as const;

/**
 * Zero-width and bidirectional control characters that can disguise text
 * (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF), plus
 * C0 controls other than tab and newline.
 */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Remove invisible and control characters and normalise line ends. */
export function stripInvisible(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** Escape text for any Slack text field: strip disguising characters, then `&` `<` `>` to entities. */
export function escapeSlackText(s: string): string {
  return stripInvisible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cut already-escaped text to at most `max` characters, ending in "…".
 * Never splits an entity (`&amp;`, `&lt;`, `&gt;`) or a surrogate pair.
 */
export function cutEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const amp = s.lastIndexOf('&', end - 1);
  if (amp >= 0 && amp >= end - 4) {
    const semi = s.indexOf(';', amp);
    if (semi < 0 || semi >= end) end = amp;
  }
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…`;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: true;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

/** A plain_text object from neutral text: escaped, cut to `max`, never empty. */
export function plain(text: string, max: number, fallback = '…'): PlainText {
  const escaped = cutEscaped(escapeSlackText(text).trim(), max);
  return { type: 'plain_text', text: escaped.length > 0 ? escaped : fallback, emoji: true };
}

/**
 * A mrkdwn object from text that is ALREADY escaped/assembled by the renderer.
 * `verbatim: true` turns off Slack's automatic linking of URLs, channel names and
 * mentions in plain words; manual parsing strings the renderer wrote on purpose still work.
 */
export function mrkdwn(assembled: string, max: number = SLACK_LIMITS.sectionText): MrkdwnText {
  return { type: 'mrkdwn', text: cutEscaped(assembled, max), verbatim: true };
}

/** Bold each non-empty line (mrkdwn bold does not span lines). Input must be escaped. */
export function boldLines(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => (line.trim().length > 0 ? `*${line.trim()}*` : line))
    .join('\n');
}

/** An http(s) URL made safe to place inside `<url|label>`, or null. */
export function safeLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  const href = parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return href.length <= 2000 ? href : null;
}

/** A link label: no `|`, `<` or `>` (they would end the link early), escaped. */
export function safeLinkLabel(label: string, fallback: string): string {
  const cleaned = stripInvisible(label)
    .replace(/[|<>\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeSlackText(cleaned.length > 0 ? cleaned : fallback);
}
