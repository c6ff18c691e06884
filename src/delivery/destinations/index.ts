/**
 * The senders of escalation destinations: email over SMTP and a signed webhook. The outbox
 * delivers their rows like chat messages (durable, paced, retried, dead-lettered).
 */
import type { Db } from '../../db/client.js';
import type { DestinationPlatform } from '../../domain/types.js';
import type { ChatPort } from '../../ports.js';
import type { PlatformPacing } from '../worker.js';
import { EmailPort, type EmailConfig } from './email.js';
import { WebhookPort, type WebhookConfig } from './webhook.js';

/**
 * A sender the DeliveryWorker drives like a chat: post() sends, findPosted() cannot look
 * (null: a retry after a crash may send again, receivers dedupe on the delivery id),
 * update() is not supported (a permanent DeliveryError).
 */
export interface DestinationPort extends Omit<ChatPort, 'platform'> {
  readonly platform: DestinationPlatform;
}

/** The deployment's transports (from the environment): without them a destination cannot be sent. */
export interface DestinationConfig {
  /** SMTP transport; `to` is the default recipient list for teams that set none. */
  email?: (EmailConfig & { to?: string[] | undefined }) | undefined;
  /** Signing secret and timeout; `url` is the default endpoint for teams that set none. */
  webhook?: (WebhookConfig & { url?: string | undefined }) | undefined;
}

/** Pacing for the extra destinations (the DeliveryWorker delivers nothing on a platform without pacing). */
export const DESTINATION_PACING: Record<DestinationPlatform, PlatformPacing> = {
  email: { channel: { intervalMs: 2000, burst: 5 }, global: { intervalMs: 500, burst: 10 } },
  webhook: { channel: { intervalMs: 200, burst: 10 }, global: { intervalMs: 50, burst: 20 } },
};

export interface DestinationSenders {
  ports: DestinationPort[];
  /** The same ports typed for DeliveryWorker's `chats` (it keys senders by the outbox's text platform column). */
  chats: ChatPort[];
  /** For DeliveryWorker's `pacing`. */
  pacing: Record<string, PlatformPacing>;
  close(): void;
}

/** The senders the deployment can run: email when SMTP is configured, webhook when a secret is set. */
export function destinationSenders(db: Db, config: DestinationConfig): DestinationSenders {
  const email = config.email ? new EmailPort(config.email) : undefined;
  const ports: DestinationPort[] = [...(email ? [email] : []), ...(config.webhook ? [new WebhookPort(db, config.webhook)] : [])];
  return {
    ports,
    // The worker needs only post/update/findPosted and the platform name; 'email' and 'webhook' are outbox platforms, not chat ones.
    chats: ports as unknown as ChatPort[],
    pacing: Object.fromEntries(ports.map((p) => [p.platform, DESTINATION_PACING[p.platform]])),
    close: () => email?.close(),
  };
}
