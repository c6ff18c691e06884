import type { Db } from '../../src/db/client.js';
import type { DestinationPayload, EscalationMeta } from '../../src/db/repos/outbox.js';
import type { CaseRow } from '../../src/db/rows.js';
import { outbox } from '../../src/db/schema.js';
import { escalationDestinationSettingsSchema, type EscalationDestinationSettings } from '../../src/domain/escalation-settings.js';
import type { DestinationPlatform, EscalationReason } from '../../src/domain/types.js';
import type { CardView } from '../../src/ui/view.js';

/**
 * What the deployment can send (src/delivery/destinations builds the senders from the same
 * settings): a destination kind is absent when its transport is not configured. `to` and `url`
 * are the defaults for teams that set none.
 */
export interface DestinationDefaults {
  email?: { to?: string[] | undefined } | undefined;
  webhook?: { url?: string | undefined } | undefined;
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
export function destinationSettingsFor(teamSettings: unknown, config: DestinationDefaults): EscalationDestinationSettings {
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
        op: 'post' as const,
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
