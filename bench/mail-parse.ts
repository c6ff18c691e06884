/**
 * Mail parsing: a 30 MB message (a short text and a 30 MB video attachment, base64) streamed
 * through parseMail in 64 KiB chunks, never held whole by the benchmark. Prints the peak RSS
 * above the start (sampled every 5 ms; it includes garbage not yet collected) against the
 * message size, what is still held afterwards, and the throughput. `npm run bench -- mail`.
 * The bound itself: `node --max-old-space-size=24 --import tsx bench/mail-parse.ts` completes.
 */
import { Readable } from 'node:stream';
import { parseMail } from '../src/mail/parse-mail.js';
import { fmt, line } from './support.js';

const MB = 1024 * 1024;

function streamedMail(attachmentBytes: number): Readable {
  const head = [
    'From: Dana <dana@mail.test>',
    'To: support@shop.test',
    'Subject: crushed parcel',
    'Message-ID: <bench@mail.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The parcel arrived crushed, video attached.',
    '--b',
    'Content-Type: video/mp4; name="unboxing.mp4"',
    'Content-Disposition: attachment; filename="unboxing.mp4"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const chunkLines = 850; // 850 lines of 76+2 bytes: about 64 KiB
  const line76 = Buffer.alloc(57, 9).toString('base64') + '\r\n';
  const total = Math.ceil(attachmentBytes / 57);
  let sent = -1;
  return new Readable({
    read() {
      if (sent < 0) return void ((sent = 0), this.push(head));
      if (sent >= total) return void (this.push('--b--\r\n'), this.push(null));
      const n = Math.min(chunkLines, total - sent);
      sent += n;
      this.push(line76.repeat(n));
    },
  });
}

const rss = () => process.memoryUsage().rss;
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

export async function benchMailParse(): Promise<void> {
  process.stdout.write('\n## Mail parsing (a 30 MB mail, streamed)\n');
  for (const size of [Number(process.env.BENCH_MAIL_MB ?? 30) * MB]) {
    global.gc?.();
    const base = rss();
    const heldBefore = held();
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
    const started = performance.now();
    const { mail, raw } = await parseMail(streamedMail(size));
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, rss());
    global.gc?.();
    line(
      'message size',
      `${fmt(mail.sizeBytes / MB)} MB (attachment kept: ${mail.attachments[0]?.tooLarge ? 'no, too large' : 'yes'}, raw kept: ${raw.length} bytes)`,
    );
    line('peak RSS above start', `${fmt((peak - base) / MB)} MB (${fmt((peak - base) / mail.sizeBytes, 2)}× the message)`);
    line('held after the parse' + (global.gc ? '' : ' (no --expose-gc: garbage included)'), `${fmt((held() - heldBefore) / MB)} MB`);
    line('throughput', `${fmt(mail.sizeBytes / MB / (ms / 1000))} MB/s (${fmt(ms, 0)} ms)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMailParse();
