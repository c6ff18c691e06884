/** Core vocabulary of SellerDesk. Pure types, no I/O. */

export const CASE_KINDS = ['message', 'review', 'return', 'dispute', 'chargeback'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** The response-time channels of the standards' table. */
export const CLOCK_CHANNELS = ['message', 'review', 'return', 'issue'] as const;
export type ClockChannel = (typeof CLOCK_CHANNELS)[number];

export function clockChannelFor(kind: CaseKind): ClockChannel {
  switch (kind) {
    case 'message':
      return 'message';
    case 'review':
      return 'review';
    case 'return':
      return 'return';
    case 'dispute':
    case 'chargeback':
      return 'issue';
  }
}

export const CASE_STATUSES = ['open', 'acknowledged', 'waiting_on_buyer', 'escalated', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RESOLUTION_TYPES = [
  'refund_full',
  'refund_partial',
  'reship',
  'replacement',
  'return_label',
  'postal_claim',
  'no_action',
] as const;
export type ResolutionType = (typeof RESOLUTION_TYPES)[number];

export interface Resolution {
  type: ResolutionType;
  amountCents?: number;
  note?: string;
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ESCALATION_REASONS = ['abusive', 'fraudulent', 'unresolvable_dispute', 'policy_violation'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const PLATFORMS = ['slack', 'discord', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Escalation destinations beyond the team's chat: they ride the same outbox (durable, retried,
 * dead-lettered) under their own names in its `platform` column.
 */
export const DESTINATION_PLATFORMS = ['email', 'webhook'] as const;
export type DestinationPlatform = (typeof DESTINATION_PLATFORMS)[number];

/** What the outbox's platform column holds: a chat platform or an escalation destination. */
export const OUTBOX_PLATFORMS = [...PLATFORMS, ...DESTINATION_PLATFORMS] as const;
export type OutboxPlatform = (typeof OUTBOX_PLATFORMS)[number];

/** Where a case's messages go, per kind of message. */
export const ROUTE_KINDS = ['cases', 'overdue', 'escalations', 'reminders'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/** Weekly opening hours: per weekday a list of [open, close) local times, "HH:MM". Split shifts = several intervals. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface BusinessSchedule {
  /** IANA time zone, e.g. "America/New_York". */
  timeZone: string;
  /** When absent, clocks run on the wall clock. */
  hours?: WeeklyHours;
  /** date-holidays country (and optional state), e.g. "US" or "US-CA". Public holidays are closed. */
  holidayCountry?: string;
}

export interface ClockSpec {
  targetMinutes: number;
  maxMinutes: number;
}
export type ClockTable = Record<ClockChannel, ClockSpec>;

/** Response time goals from the standards (customer-service-best-practices.md). */
export const DEFAULT_CLOCKS: ClockTable = {
  message: { targetMinutes: 2 * 60, maxMinutes: 24 * 60 },
  review: { targetMinutes: 24 * 60, maxMinutes: 48 * 60 },
  return: { targetMinutes: 24 * 60, maxMinutes: 48 * 60 },
  issue: { targetMinutes: 4 * 60, maxMinutes: 24 * 60 },
};

export interface HandlingDays {
  readyMade: number;
  custom: number;
}
/** From the small shop's promises: ready-to-wear in 2 business days, custom in 7. */
export const DEFAULT_HANDLING: HandlingDays = { readyMade: 2, custom: 7 };
