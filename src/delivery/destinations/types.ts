import type { EscalationReason } from '../../domain/types.js';
import type { ChatPort } from '../../ports.js';
import type { CardView } from '../../ui/view.js';

/**
 * Escalation destinations beyond the team's chat: they ride the same outbox (durable, retried,
 * dead-lettered) under their own names in its text `platform` column.
 */
export const DESTINATION_PLATFORMS = ['email', 'webhook'] as const;
export type DestinationPlatform = (typeof DESTINATION_PLATFORMS)[number];

/**
 * A sender the DeliveryWorker drives like a chat: post() sends, findPosted() cannot look
 * (null: a retry after a crash may send again, receivers dedupe on the delivery id),
 * update() is not supported (a permanent DeliveryError).
 */
export interface DestinationPort extends Omit<ChatPort, 'platform'> {
  readonly platform: DestinationPlatform;
}

/** What a destination needs to know about the escalation beside the evidence view. */
export interface EscalationMeta {
  caseId: number;
  shopId: string;
  reason: EscalationReason;
  /** The automatic rule's why, when a rule fired. */
  why?: string | undefined;
  /** The seller's note, when a person escalated. */
  note?: string | undefined;
  escalatedAt: string;
  orderExternalId?: string | undefined;
  buyer?: { name?: string | undefined; id?: string | undefined } | undefined;
}

/** The outbox payload of an extra destination: a plain view payload (renderPayload shows the view) plus the meta. */
export interface DestinationPayload {
  kind: 'view';
  view: CardView;
  escalation: EscalationMeta;
}

export function isDestinationPayload(p: unknown): p is DestinationPayload {
  const o = p as Partial<DestinationPayload> | null;
  return !!o && o.kind === 'view' && !!o.view && typeof o.escalation?.caseId === 'number';
}
