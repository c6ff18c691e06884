import { createRequire } from 'node:module';
import type nodemailerType from 'nodemailer';
import type { NodemailerError, Transporter } from 'nodemailer';
import { renderCardText } from '../../ui/render-text.js';
import { type PostRequest, type UpdateRequest } from '../../ports.js';
import type { CardView } from '../../ui/view.js';
import type { DestinationPort } from './index.js';
import { DeliveryError } from '../../errors.js';

export interface EmailConfig {
  /** smtp://user:pass@host:587 or smtps://… (nodemailer connection URL). */
  smtpUrl: string;
  /** The From address, e.g. "SellerDesk <desk@example.com>". */
  from: string;
  /** Connect, greeting and socket timeouts (ms). */
  timeoutMs?: number;
}

/** The evidence as a plain-text email: the card's text without its buttons (they live in chat). */
export function renderEmail(view: CardView, outboxId: number): { subject: string; text: string } {
  const body = renderCardText({ ...view, nodes: view.nodes.filter((n) => n.type !== 'actions') });
  return {
    subject: `[SellerDesk] ${view.title}`.replace(/[\r\n]+/g, ' '),
    text: `${body}\n\n--\nSent by SellerDesk (delivery ${outboxId}). Answer the escalation from the team's escalations channel.\n`,
  };
}

/** Maps a nodemailer failure to the delivery worker's retry decision. */
export function classifyMailError(err: unknown): DeliveryError {
  const e = err as NodemailerError;
  const what = `email: ${e?.message ?? String(err)}`;
  if (e?.permanent === true || (e?.responseCode !== undefined && e.responseCode >= 500 && e.responseCode !== 503))
    return new DeliveryError(what, 'permanent');
  if (e?.code === 'EAUTH' || e?.code === 'ECONFIG') return new DeliveryError(what, 'permanent');
  return new DeliveryError(what, 'transient');
}

/**
 * Sends outbox rows of platform 'email' over SMTP. The row's channel is the recipient list
 * (comma-separated). The Message-ID is derived from the outbox row, so a resend after a
 * crash carries the same id and mail systems can drop the duplicate.
 */
export class EmailPort implements DestinationPort {
  readonly platform = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly config: EmailConfig) {
    const timeout = config.timeoutMs ?? 15_000;
    // Loaded only when email escalation is configured.
    const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof nodemailerType;
    this.transport = nodemailer.createTransport({
      url: config.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
    });
  }

  async post(req: PostRequest): Promise<{ ref: string }> {
    const { subject, text } = renderEmail(req.view, req.outboxId);
    const to = req.channel
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!to.length) throw new DeliveryError('email: no recipients', 'permanent');
    const domain = this.config.from.match(/@([^>\s]+)/)?.[1] ?? 'sellerdesk.local';
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to,
        subject,
        text,
        messageId: `<sellerdesk-outbox-${req.outboxId}@${domain}>`,
        headers: { 'X-SellerDesk-Delivery': String(req.outboxId) },
      });
      return { ref: String((info as { messageId?: string }).messageId ?? `outbox-${req.outboxId}`) };
    } catch (err) {
      throw classifyMailError(err);
    }
  }

  async update(_req: UpdateRequest): Promise<void> {
    throw new DeliveryError('email: a sent email cannot be edited', 'permanent');
  }

  async findPosted(): Promise<string | null> {
    return null;
  }

  close(): void {
    this.transport.close();
  }
}
