import iconv from 'iconv-lite';
import type { MailProblem } from './types.js';

/**
 * Watches the raw bytes of a message on their way into the parser, in bounded memory: counts
 * them, keeps the message (or only its header block, when it is large) for the case log, and
 * reads the MIME headers of every part for what the parser would silently paper over: a
 * charset nobody knows, a multipart boundary that never appears or never closes.
 */

const MAX_LINE = 8192;
const MAX_HEADER_BLOCK = 1024 * 1024;
const KNOWN_ELSEWHERE = /^(iso-2022-jp|iso-2022-jp-\d|shift[-_]?jis|sjis|euc-jp|x-sjis|ms_kanji|csshiftjis)$/i;
const REFUSED = /^(utf-?7|unicode-1-1-utf-7|csunicode11utf7|x-imap4-modified-utf7)$/i;

/** 'ok', 'unknown' (decoded as UTF-8 with replacement characters) or 'refused' (kept as written). */
export function charsetSupport(name: string): 'ok' | 'unknown' | 'refused' {
  const c = name.trim().replace(/^"|"$/g, '');
  if (!c) return 'ok';
  if (REFUSED.test(c)) return 'refused';
  if (KNOWN_ELSEWHERE.test(c) || iconv.encodingExists(c)) return 'ok';
  return 'unknown';
}

interface Boundary {
  opened: boolean;
  closed: boolean;
}

export class MimeScan {
  bytes = 0;
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private keeping = true;
  /** Byte offset of the blank line ending the top-level header block, once seen. */
  private headerEnd = -1;
  private carry = '';
  private state: 'headers' | 'body' = 'headers';
  private header: string | null = null;
  private readonly charsets = new Set<string>();
  private readonly boundaries = new Map<string, Boundary>();
  private multipartWithoutBoundary = 0;
  private badHeaderLines = 0;

  constructor(private readonly maxRawBytes: number) {}

  feed(chunk: Buffer): void {
    if (this.keeping) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      if (this.kept > this.maxRawBytes && this.headerEnd >= 0) this.dropBody();
    }
    const text = chunk.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = (this.carry + text.slice(start, Math.min(nl, start + MAX_LINE))).slice(0, MAX_LINE);
      this.carry = '';
      this.line(line.replace(/\r$/, ''), this.bytes + nl + 1);
      start = nl + 1;
    }
    // A line longer than MAX_LINE is scanned by its start only; memory stays bounded.
    this.carry = (this.carry + text.slice(start, start + MAX_LINE)).slice(0, MAX_LINE);
    this.bytes += chunk.length;
    if (this.keeping && this.kept > this.maxRawBytes && this.headerEnd < 0 && this.kept > MAX_HEADER_BLOCK + this.maxRawBytes) {
      this.headerEnd = this.kept; // no header/body separator in sight: keep what we have, no more
      this.dropBody();
    }
  }

  finish(): void {
    if (this.carry) this.line(this.carry.replace(/\r$/, ''), this.bytes);
    this.carry = '';
    this.endHeader();
    if (this.keeping && this.kept > this.maxRawBytes) {
      if (this.headerEnd < 0) this.headerEnd = Math.min(this.kept, MAX_HEADER_BLOCK);
      this.dropBody();
    }
  }

  /** The message in full when it fit `maxRawBytes`, else its header block. */
  raw(): { raw: Buffer; kept: 'full' | 'headers' } {
    const raw = Buffer.concat(this.chunks);
    return this.keeping ? { raw, kept: 'full' } : { raw, kept: 'headers' };
  }

  problems(): MailProblem[] {
    const out: MailProblem[] = [];
    for (const c of this.charsets) {
      const s = charsetSupport(c);
      if (s === 'unknown') out.push({ code: 'unknown_charset', detail: `charset "${c}" is unknown; its text was read as UTF-8` });
      if (s === 'refused')
        out.push({ code: 'unknown_charset', detail: `charset "${c}" is not decoded (it can hide markup); its text is kept as written` });
    }
    if (this.multipartWithoutBoundary) out.push({ code: 'malformed_mime', detail: 'a multipart part declares no boundary' });
    for (const [b, s] of this.boundaries) {
      if (!s.opened) out.push({ code: 'malformed_mime', detail: `multipart boundary "${b.slice(0, 70)}" never appears` });
      else if (!s.closed) out.push({ code: 'malformed_mime', detail: `multipart boundary "${b.slice(0, 70)}" is never closed` });
    }
    if (this.badHeaderLines)
      out.push({ code: 'malformed_mime', detail: `${this.badHeaderLines} line(s) in a header block are not headers` });
    return out;
  }

  /** Where the top-level header block ends in the raw bytes (its length when there is no body). */
  get headerLength(): number {
    return this.headerEnd >= 0 ? this.headerEnd : Math.min(this.bytes, MAX_HEADER_BLOCK);
  }

  /** Charsets named by the top-level encoded words and every part's Content-Type. */
  seenCharsets(): string[] {
    return [...this.charsets];
  }

  private dropBody(): void {
    const all = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    this.chunks.push(all.subarray(0, Math.min(this.headerEnd, all.length)));
    this.keeping = false;
  }

  /** One line, CR removed; `endOffset` is the byte offset just after its LF. */
  private line(line: string, endOffset: number): void {
    if (this.state === 'headers') {
      if (line === '') {
        this.endHeader();
        if (this.headerEnd < 0) this.headerEnd = endOffset;
        this.state = 'body';
        return;
      }
      if (/^[ \t]/.test(line) && this.header !== null) {
        if (this.header.length < MAX_LINE) this.header += ' ' + line.trim();
        return;
      }
      this.endHeader();
      if (!/^[\x21-\x39\x3b-\x7e]+:/.test(line)) this.badHeaderLines++;
      this.header = line;
      return;
    }
    if (line.startsWith('--')) {
      const mark = line.trimEnd();
      for (const [b, s] of this.boundaries) {
        if (mark === `--${b}`) {
          s.opened = true;
          this.state = 'headers';
          return;
        }
        if (mark === `--${b}--`) {
          s.opened = true;
          s.closed = true;
          return;
        }
      }
    }
  }

  private endHeader(): void {
    const h = this.header;
    this.header = null;
    if (!h) return;
    const colon = h.indexOf(':');
    if (colon <= 0) return;
    const name = h.slice(0, colon).trim().toLowerCase();
    const value = h.slice(colon + 1);
    for (const m of value.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi)) this.charsets.add(m[1]!.toLowerCase());
    if (name !== 'content-type') return;
    const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(value)?.[1];
    if (charset) this.charsets.add(charset.toLowerCase());
    if (/^\s*multipart\//i.test(value)) {
      const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(value);
      const b = boundary?.[1] ?? boundary?.[2];
      if (b) this.boundaries.set(b, this.boundaries.get(b) ?? { opened: false, closed: false });
      else this.multipartWithoutBoundary++;
    }
  }
}
