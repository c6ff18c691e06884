import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM (the envelope sender). */
  from: string;
  /** RCPT TO, in order (the envelope recipients). */
  to: string[];
  /** The message as received (headers and body, CRLF line ends, dot-unstuffed). */
  data: string;
  /** The message parsed by mailparser: headers, decoded text, attachments. */
  parsed: ParsedMail;
}

/**
 * A real SMTP server for tests, built on the `smtp-server` package (the Nodemailer author's
 * server): EHLO, MAIL, RCPT, DATA, RSET, pipelining, 8BITMIME and SMTPUTF8 as a mail server
 * speaks them. No TLS and optional AUTH, on a loopback port. Every received message is parsed
 * with mailparser. `failNext(code)` answers the next MAIL FROM with that code.
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  private readonly failures: number[] = [];
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private server: SMTPServer | undefined;
  port = 0;

  failNext(...codes: number[]): void {
    this.failures.push(...codes);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves once `count` mails have been received in total. */
  received(count: number): Promise<void> {
    if (this.mails.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      size: 50 * 1024 * 1024,
      onMailFrom: (_address, _session, callback) => {
        const code = this.failures.shift();
        if (!code) return callback();
        callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              this.mails.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                data: raw.toString('utf8'),
                parsed,
              });
              for (const w of this.waiters.filter((x) => this.mails.length >= x.count)) {
                this.waiters.splice(this.waiters.indexOf(w), 1);
                w.resolve();
              }
              callback(null, 'OK queued');
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
