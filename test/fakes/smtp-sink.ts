import { createServer, type Server, type Socket } from 'node:net';

export interface SunkMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as received, dot-unstuffed, CRLF line ends. */
  data: string;
}

/**
 * A minimal SMTP server for tests (node:net): EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 * No TLS, no AUTH, no pipelining. `failNext(code)` answers the next MAIL FROM with that code.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  private readonly failures: number[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;

  failNext(...codes: number[]): void {
    this.failures.push(...codes);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('utf8');
    const say = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let mail: SunkMail | undefined;
    let inData = false;
    let dataLines: string[] = [];

    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line
        .slice(line.indexOf(':') + 1)
        .trim()
        .replace(/^<|>.*$/g, '');
      switch (verb) {
        case 'EHLO':
          return say('250-sink.test Hello\r\n250 8BITMIME');
        case 'HELO':
          return say('250 sink.test');
        case 'MAIL': {
          const code = this.failures.shift();
          if (code) return say(`${code} ${code >= 500 ? 'Mailbox unavailable' : 'Try again later'}`);
          mail = { from: arg, to: [], data: '' };
          return say('250 OK');
        }
        case 'RCPT':
          if (!mail) return say('503 MAIL first');
          mail.to.push(arg);
          return say('250 OK');
        case 'DATA':
          if (!mail?.to.length) return say('503 RCPT first');
          inData = true;
          dataLines = [];
          return say('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          mail = undefined;
          return say('250 OK');
        case 'NOOP':
          return say('250 OK');
        case 'QUIT':
          say('221 Bye');
          return socket.end();
        default:
          return say('502 Command not implemented');
      }
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            this.mails.push({ ...mail!, data: dataLines.join('\r\n') });
            mail = undefined;
            say('250 OK queued');
          } else {
            dataLines.push(line.startsWith('..') ? line.slice(1) : line);
          }
        } else {
          command(line);
        }
      }
    });
    say('220 sink.test ESMTP test sink');
  }
}
