/**
 * Text safety for Discord: what render.ts (messages) and modal.ts (forms) both need, so
 * neither imports the other. Pure functions, no discord.js import.
 */

// Bidi embeddings/overrides/isolates, plus LRM/RLM/ALM.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// Invisible characters used to split `@everyone` or `<@id>` so filters miss them
// (a zero-width joiner survives only inside emoji sequences).
const INVISIBLE = /[\u200B\u200C\u2060-\u2064\uFEFF\u00AD\u180E]|\u034F|\u200D(?!\p{Extended_Pictographic})/gu;
const ZWSP = '\u200B';

/** Removes bidi controls and invisible joiners; safe for plain-text fields (button labels). */
export function stripInvisible(s: string): string {
  return s.replace(BIDI, '').replace(INVISIBLE, '');
}

/** For places Discord renders as plain text (embed footers): no markdown or mentions
 * are parsed there, so only invisible tricks are removed and mass mentions defused. */
export function plainText(s: string): string {
  return stripInvisible(s)
    .replace(/\n/g, ' ')
    .replace(/@(everyone|here)/gi, (_m, word: string) => `@${ZWSP}${word}`);
}

/**
 * Neutralises Discord markup in untrusted text: mass mentions get a zero-width space
 * after `@`, `<` (user/role/channel mentions, slash-command mentions, timestamps, custom
 * emoji) and markdown characters are backslash-escaped, headings/lists at line start
 * too. Invisible characters are removed first so they cannot disguise a mention.
 */
export function escapeDiscordText(s: string): string {
  return stripInvisible(s)
    .replace(/[\\*_~`|>[\]()<]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*)([#-])/gm, (_m, ws: string, mark: string) => `${ws}\\${mark}`)
    .replace(/^([ \t]*\d+)\./gm, (_m, num: string) => `${num}\\.`)
    .replace(/@(everyone|here)/gi, (_m, word: string) => `@${ZWSP}${word}`);
}

/** Cuts an (already escaped) string to `max` characters, ending with "…" and never
 * leaving a dangling escape backslash or half a surrogate pair. */
export function clip(s: string, max: number, ellipsis = '…'): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - ellipsis.length));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return cut + ellipsis;
}
