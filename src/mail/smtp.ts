import { createRequire } from 'node:module';
import type nodemailerType from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { OutgoingMail } from './compose.js';
import { serverOf } from './mailbox-config.js';

/**
 * SMTP through nodemailer: one way to build a transport (used by the escalation mails too) and
 * a sender for composed mail. nodemailer is loaded only when mail is configured.
 */

export interface SmtpOptions {
  /** smtp://user@host:587 or smtps://user@host:465; a URL with the password in it works too (escalation). */
  url: string;
  /** The password, when it comes from the environment rather than the URL. */
  password?: string;
  /** Connect, greeting and socket timeouts (ms). */
  timeoutMs?: number;
}

export function createSmtpTransport(o: SmtpOptions): Transporter {
  const timeout = o.timeoutMs ?? 15_000;
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof nodemailerType;
  const timeouts = { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2 };
  if (o.password === undefined) return nodemailer.createTransport({ url: o.url, ...timeouts });
  const s = serverOf(o.url);
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: o.password },
    ...timeouts,
  });
}

/** The composed mail as nodemailer's message options (no field of it is taken from anywhere else). */
export function toSendMailOptions(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length ? { references: mail.references } : {}),
    headers: mail.headers,
    // Never read files or URLs named in a message (nodemailer's attachment paths and hrefs).
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Sends composed mail over one SMTP server. */
export class MailSender {
  private readonly transport: Transporter;

  constructor(options: SmtpOptions) {
    this.transport = createSmtpTransport(options);
  }

  /** Resolves with the Message-ID and the server's answer; rejects with nodemailer's error (see classifyMailError). */
  async send(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
    const info = (await this.transport.sendMail(toSendMailOptions(mail))) as { messageId?: string; response?: string };
    return { messageId: info.messageId ?? mail.messageId, response: String(info.response ?? '') };
  }

  close(): void {
    this.transport.close();
  }
}
