import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { MailParser, type AttachmentStream, type Headers, type HeaderLines } from 'mailparser';
import { cleanHeaderValue } from './headers.js';
import { buildInboundMail, type ParsedParts } from './inbound-mail.js';
import { MimeScan } from './mime-scan.js';
import { DEFAULT_MAIL_LIMITS, type InboundMail, type MailAttachment, type MailLimits, type MailProblem } from './types.js';

/**
 * Parses one raw RFC 822 message into an InboundMail, streaming: the message is read once,
 * chunk by chunk, attachments are counted and kept only up to their limits, and no more than
 * `maxMessageBytes` is ever read. It never throws: what it could not make sense of is a
 * problem on the mail (`problems`), and a buyer's words that were in there are still found.
 */

export type MailSource = Buffer | string | Readable | AsyncIterable<Buffer | string>;

export interface ParseOptions {
  limits?: Partial<MailLimits>;
}

export interface ParsedMail {
  mail: InboundMail;
  /** The whole message when it fit `maxRawBytes`, else its header block (see mail.rawKept). */
  raw: Buffer;
}

async function* chunksOf(source: MailSource): AsyncIterable<Buffer> {
  if (typeof source === 'string') source = Buffer.from(source, 'utf8');
  if (Buffer.isBuffer(source)) {
    // Fed in slices, like a stream, so a large buffer meets the same limits and backpressure.
    for (let i = 0; i < source.length; i += 64 * 1024) yield source.subarray(i, i + 64 * 1024);
    return;
  }
  for await (const c of source as AsyncIterable<Buffer | string>) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

export async function parseMail(source: MailSource, options: ParseOptions = {}): Promise<ParsedMail> {
  const limits: MailLimits = { ...DEFAULT_MAIL_LIMITS, ...options.limits };
  const scan = new MimeScan(limits.maxRawBytes);
  const problems: MailProblem[] = [];
  const parts: ParsedParts = { headers: new Map() as Headers, headerLines: [] as HeaderLines, attachments: [] };
  try {
    await feedParser(source, scan, parts, limits, problems);
  } catch (err) {
    problems.push({ code: 'parse_error', detail: `the message could not be parsed (${describe(err)})` });
  }
  problems.push(...scan.problems());
  const { raw, kept } = scan.raw();
  const mail = buildInboundMail({ parts, scan, raw, rawKept: kept, problems, limits });
  return { mail, raw };
}

async function feedParser(
  source: MailSource,
  scan: MimeScan,
  parts: ParsedParts,
  limits: MailLimits,
  problems: MailProblem[],
): Promise<void> {
  const parser = new MailParser({
    skipHtmlToText: true, // HTML becomes text our way (nothing remote), see body-text.ts
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
    checksumAlgo: 'sha256',
    keepDeliveryStatus: false,
  });
  let failed: Error | undefined;
  let signalFailure: () => void = () => {};
  const failure = new Promise<void>((resolve) => (signalFailure = resolve));
  const pending: Array<Promise<void>> = [];
  let keptTotal = 0;

  parser.on('headers', (h: Headers) => (parts.headers = h));
  parser.on('headerLines', (l: HeaderLines) => (parts.headerLines = l));
  parser.on('data', (data) => {
    if (data.type === 'text') {
      if (typeof data.text === 'string') parts.text = data.text;
      if (typeof data.html === 'string') parts.html = data.html;
      return;
    }
    const index = parts.attachments.length;
    parts.attachments.push(undefined as unknown as MailAttachment);
    pending.push(
      Promise.race([
        collectAttachment(
          data,
          limits,
          () => keptTotal,
          (n) => (keptTotal += n),
          problems,
          index,
        ).then((a) => {
          parts.attachments[index] = a;
        }),
        failure,
      ]),
    );
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('error', (err: Error) => {
      failed = err;
      signalFailure();
      resolve();
    });
  });

  let truncated = false;
  try {
    for await (const chunk of chunksOf(source)) {
      if (failed) break;
      let c = chunk;
      if (scan.bytes + c.length > limits.maxMessageBytes) {
        c = c.subarray(0, Math.max(0, limits.maxMessageBytes - scan.bytes));
        truncated = true;
      }
      scan.feed(c);
      if (c.length && !parser.write(c)) await Promise.race([once(parser, 'drain'), ended]);
      if (truncated) break;
    }
  } catch (err) {
    problems.push({ code: 'parse_error', detail: `reading the message stopped after ${scan.bytes} bytes (${describe(err)})` });
  }
  scan.finish();
  if (truncated)
    problems.push({ code: 'truncated', detail: `the message is larger than ${limits.maxMessageBytes} bytes; the rest was not read` });
  if (!failed) parser.end();
  await ended;
  await Promise.all(pending);
  parts.attachments = parts.attachments.filter(Boolean);
  if (failed) problems.push({ code: 'parse_error', detail: `the MIME structure could not be parsed (${describe(failed)})` });
}

async function collectAttachment(
  data: AttachmentStream,
  limits: MailLimits,
  keptTotal: () => number,
  addKept: (n: number) => void,
  problems: MailProblem[],
  index: number,
): Promise<MailAttachment> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let size = 0;
  let keep = true;
  let overTotal = false;
  try {
    for await (const c of data.content as AsyncIterable<Buffer>) {
      size += c.length;
      hash.update(c);
      if (!keep) continue;
      if (size > limits.maxAttachmentBytes || keptTotal() + size > limits.maxAttachmentsTotalBytes) {
        overTotal = size <= limits.maxAttachmentBytes;
        keep = false;
        chunks.length = 0;
      } else chunks.push(c);
    }
  } finally {
    data.release?.();
  }
  const filename = attachmentName(data.filename, data.contentType, index);
  if (keep) addKept(size);
  else
    problems.push(
      overTotal
        ? {
            code: 'attachments_over_total',
            detail: `an attachment of ${size} bytes is past the ${limits.maxAttachmentsTotalBytes}-byte total kept per mail`,
          }
        : { code: 'attachment_too_large', detail: `an attachment of ${size} bytes is over the ${limits.maxAttachmentBytes}-byte limit` },
    );
  return {
    filename,
    contentType: (data.contentType || 'application/octet-stream').toLowerCase().slice(0, 200),
    size,
    ...(keep ? { content: Buffer.concat(chunks) } : {}),
    tooLarge: !keep,
    inline: data.contentDisposition === 'inline' || data.related === true,
    sha256: hash.digest('hex'),
  };
}

function attachmentName(name: string | undefined, contentType: string, index: number): string {
  const clean = cleanHeaderValue((name ?? '').replace(/[/\\]+/g, ' '), 200);
  if (clean) return clean;
  const ext = /^image\/(png|jpe?g|gif|webp|heic)$/.exec(contentType)?.[1] ?? 'bin';
  return `attachment-${index + 1}.${ext === 'jpeg' ? 'jpg' : ext}`;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (e?.code ? `${e.code}: ` : '') + String(e?.message ?? err).slice(0, 200);
}
