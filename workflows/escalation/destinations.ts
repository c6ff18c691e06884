import type { Db } from '../../src/db/client.js';
import type { CaseRow } from '../../src/db/rows.js';
import { outbox } from '../../src/db/schema.js';
import type { PlatformPacing } from '../../src/delivery/worker.js';
import type { EscalationReason } from '../../src/domain/types.js';
import type { ChatPort } from '../../src/ports.js';
import type { CardView } from '../../src/ui/view.js';
import { EmailPort, type EmailConfig } from '../../src/delivery/destinations/email.js';
import type { DestinationPayload, DestinationPlatform, DestinationPort, EscalationMeta } from '../../src/delivery/destinations/types.js';
import { escalationDestinationSettingsSchema, type EscalationDestinationSettings } from '../../src/domain/escalation-settings.js';
import { WebhookPort, type WebhookConfig } from '../../src/delivery/destinations/webhook.js';

export { escalationDestinationSettingsSchema, type EscalationDestinationSettings } from '../../src/domain/escalation-settings.js';
export type { DestinationPlatform, DestinationPort, EscalationMeta } from '../../src/delivery/destinations/types.js';

/** The deployment's transports (from the environment): without them a destination cannot be sent. */
export interface DestinationConfig {
  /** SMTP transport; `to` is the default recipient list for teams that set none. */
  email?: (EmailConfig & { to?: string[] | undefined }) | undefined;
  /** Signing secret and timeout; `url` is the default endpoint for teams that set none. */
  webhook?: (WebhookConfig & { url?: string | undefined }) | undefined;
}

export interface EscalationTarget {
  platform: DestinationPlatform;
  /** email: comma-separated recipients; webhook: the URL. */
  channel: string;
}

/** The extra destinations a team's escalations go to (none when nothing is configured or all are off). */
export function escalationTargets(settings: EscalationDestinationSettings): EscalationTarget[] {
  const targets: EscalationTarget[] = [];
  if (settings.email?.enabled && settings.email.to.length) targets.push({ platform: 'email', channel: settings.email.to.join(',') });
  if (settings.webhook?.enabled && settings.webhook.url) targets.push({ platform: 'webhook', channel: settings.webhook.url });
  return targets;
}

/**
 * A team's destination settings: its own (teams.settings.escalationDestinations) or the
 * deployment defaults, each kept only when the deployment can send it (SMTP configured,
 * webhook secret set), so no row waits for a sender that does not exist.
 */
export function destinationSettingsFor(teamSettings: unknown, config: DestinationConfig): EscalationDestinationSettings {
  const raw =
    teamSettings && typeof teamSettings === 'object' ? (teamSettings as Record<string, unknown>).escalationDestinations : undefined;
  const parsed = escalationDestinationSettingsSchema.safeParse(raw ?? {});
  const team = parsed.success ? parsed.data : {};
  const email = team.email ?? (config.email?.to?.length ? { enabled: true, to: config.email.to } : undefined);
  const webhook = team.webhook ?? (config.webhook?.url ? { enabled: true, url: config.webhook.url } : undefined);
  return {
    ...(config.email && email ? { email } : {}),
    ...(config.webhook && webhook ? { webhook } : {}),
  };
}

export interface EscalationFacts {
  reason: EscalationReason;
  /** The automatic rule's why (EscalationInput.rule). */
  rule?: string | undefined;
  note?: string | undefined;
}

/**
 * Queues the evidence pack to the team's extra destinations, in the caller's transaction (call
 * it from escalateCase next to the chat evidence post). Once per escalation: the key follows the
 * chat pack's, `case:<id>:escalation:<version>:<platform>`. Returns the number of rows queued.
 */
export async function queueExtraDestinations(
  tx: Db,
  c: CaseRow,
  view: CardView,
  settings: EscalationDestinationSettings,
  input: EscalationFacts,
  now: Date,
): Promise<number> {
  const targets = escalationTargets(settings);
  if (!targets.length) return 0;
  const escalation: EscalationMeta = {
    caseId: c.id,
    shopId: c.shopId,
    reason: input.reason,
    why: input.rule,
    note: input.note,
    escalatedAt: (c.escalatedAt ?? now).toISOString(),
    orderExternalId: c.orderExternalId ?? undefined,
    buyer: { name: c.buyerName ?? undefined, id: c.buyerId ?? undefined },
  };
  const payload: DestinationPayload = { kind: 'view', view, escalation };
  const rows = await tx
    .insert(outbox)
    .values(
      targets.map((t) => ({
        idempotencyKey: `case:${c.id}:escalation:${c.version}:${t.platform}`,
        platform: t.platform,
        channel: t.channel,
        op: 'post',
        payload,
        caseId: c.id,
        createdAt: now,
        nextAttemptAt: now,
      })),
    )
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return rows.length;
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
