import { createHash } from 'node:crypto';
import { parseAddressHeader, type AddressObject, type EmailAddress, type HeaderLines, type Headers } from 'mailparser';
import { detectAutomated } from './auto-reply.js';
import { buyerWords, htmlToPlainText, remoteContentIn, tidy } from './body-text.js';
import { cleanHeaderValue, hasControlChars, mailAddress, messageIdsIn, singleMessageId } from './headers.js';
import { detectMarketplace } from './marketplaces/index.js';
import type { MimeScan } from './mime-scan.js';
import type { InboundMail, MailAddress, MailAttachment, MailLimits, MailProblem } from './types.js';

/** What the streaming parser collected, before it is normalised. */
export interface ParsedParts {
  headers: Headers;
  headerLines: HeaderLines;
  text?: string;
  html?: string;
  attachments: MailAttachment[];
}

interface BuildInput {
  parts: ParsedParts;
  scan: MimeScan;
  raw: Buffer;
  rawKept: 'full' | 'headers';
  problems: MailProblem[];
  limits: MailLimits;
}

/** The raw (unfolded, undecoded) value of the first header `name`, '' when absent. */
function rawHeader(lines: HeaderLines, name: string): string {
  const line = lines.find((l) => l.key === name)?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function flatten(list: EmailAddress[]): EmailAddress[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : [a]));
}

function addressesOf(value: unknown): EmailAddress[] {
  if (!value) return [];
  const objects = (Array.isArray(value) ? value : [value]) as AddressObject[];
  return objects.flatMap((o) => (o && Array.isArray(o.value) ? flatten(o.value) : []));
}

function toAddresses(list: EmailAddress[], limits: MailLimits, header: string, problems: MailProblem[]): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list) {
    const m = mailAddress(a.address, a.name);
    if (m && !out.some((x) => x.address === m.address)) out.push(m);
  }
  if (out.length > limits.maxRecipients) {
    problems.push({
      code: 'recipients_truncated',
      detail: `${header} lists ${out.length} addresses; the first ${limits.maxRecipients} are kept`,
    });
    return out.slice(0, limits.maxRecipients);
  }
  return out;
}

export function buildInboundMail({ parts, scan, raw, rawKept, problems, limits }: BuildInput): InboundMail {
  const { headers, headerLines } = parts;
  const str = (name: string): string => {
    const v = headers.get(name);
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
    return '';
  };
  const lower = (name: string) => (str(name) || rawHeader(headerLines, name)).toLowerCase().trim();

  const addr = (name: string) => toAddresses(addressesOf(headers.get(name)), limits, name, problems);
  const from = addr('from')[0] ?? null;
  const deliveredTo = [
    ...addr('delivered-to'),
    ...['x-original-to', 'envelope-to', 'x-delivered-to'].flatMap((h) =>
      toAddresses(
        flatten(parseAddressHeader(headerLines.filter((l) => l.key === h).map((l) => rawHeader([l], h))).value),
        limits,
        h,
        problems,
      ),
    ),
  ].filter((a, i, all) => all.findIndex((b) => b.address === a.address) === i);

  const rawSubject = str('subject');
  if (hasControlChars(rawSubject))
    problems.push({ code: 'header_control_chars', detail: 'the Subject carried line breaks or control characters (removed)' });
  const subject = cleanHeaderValue(rawSubject);

  const idValue = str('message-id') || rawHeader(headerLines, 'message-id');
  const messageId = singleMessageId(idValue);
  if (!idValue) problems.push({ code: 'missing_message_id', detail: 'the mail has no Message-ID; deduplicated by a hash of its headers' });
  else if (!messageId)
    problems.push({
      code: 'bad_message_id',
      detail: 'the Message-ID is not of the form <left@right>; deduplicated by a hash of its headers',
    });
  const headerBlock = raw.subarray(0, Math.min(raw.length, scan.headerLength));
  const dedupeKey = messageId ?? `sha256:${createHash('sha256').update(headerBlock).digest('hex')}`;

  const dateValue = rawHeader(headerLines, 'date');
  const parsedDate = dateValue ? Date.parse(dateValue.replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
  if (dateValue && Number.isNaN(parsedDate)) problems.push({ code: 'bad_date', detail: 'the Date header cannot be read' });

  // Text: the plain part as written, else the HTML as text (nothing remote), else what is in the raw body.
  let fullText = '';
  let textSource: InboundMail['textSource'] = 'none';
  if (parts.text && parts.text.trim()) {
    fullText = tidy(parts.text);
    textSource = 'plain';
  } else if (parts.html && parts.html.trim()) {
    fullText = htmlToPlainText(parts.html);
    textSource = 'html';
    problems.push({ code: 'html_only', detail: 'the mail has only an HTML body; it was turned into plain text' });
  }
  if (parts.html) {
    const dropped = remoteContentIn(parts.html);
    if (Object.keys(dropped).length)
      problems.push({
        code: 'remote_content_dropped',
        detail: `left out of the text: ${Object.entries(dropped)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      });
  }
  if (textSource === 'none' && rawKept === 'full' && problems.some((p) => p.code === 'malformed_mime' || p.code === 'parse_error')) {
    // The MIME structure was unreadable: the body as it is still holds the buyer's words.
    fullText = tidy(
      raw
        .subarray(scan.headerLength, scan.headerLength + limits.maxTextChars * 2)
        .toString('utf8')
        .replace(/^--.*$/gm, '')
        .replace(/^content-[\w-]+:.*$/gim, ''),
    );
    if (fullText) textSource = 'raw';
  }
  if (fullText.length > limits.maxTextChars) {
    problems.push({
      code: 'text_truncated',
      detail: `the text has ${fullText.length} characters; the first ${limits.maxTextChars} are kept`,
    });
    fullText = fullText.slice(0, limits.maxTextChars);
  }
  if (!fullText && !parts.attachments.length) problems.push({ code: 'no_text', detail: 'the mail has no text and no attachments' });
  if (rawKept === 'headers') {
    problems.push({
      code: 'too_large_for_raw',
      detail: `the message has ${scan.bytes} bytes, over the ${limits.maxRawBytes} kept in full; its header block is kept`,
    });
  }

  const contentType = (rawHeader(headerLines, 'content-type') || 'text/plain').toLowerCase();
  const automated = detectAutomated(lower, from?.address ?? null, contentType);
  const base = {
    messageId,
    dedupeKey,
    inReplyTo: singleMessageId(str('in-reply-to') || rawHeader(headerLines, 'in-reply-to')),
    references: messageIdsIn(rawHeader(headerLines, 'references')),
    from,
    replyTo: addr('reply-to'),
    to: addr('to'),
    cc: addr('cc'),
    deliveredTo,
    subject,
    date: Number.isNaN(parsedDate) ? null : new Date(parsedDate),
    fullText,
    textSource,
    attachments: parts.attachments,
    sizeBytes: scan.bytes,
    rawKept,
    problems,
  };
  const marketplace = detectMarketplace(base);
  return {
    ...base,
    text: marketplace ? marketplace.text : buyerWords(fullText),
    // A marketplace notification is machine-sent but carries a buyer's words: it is not "automated".
    automated: marketplace && automated && !automated.kind.startsWith('own') ? null : automated,
    marketplace,
  };
}
