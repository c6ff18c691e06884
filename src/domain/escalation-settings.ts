import { z } from 'zod';

/**
 * Escalation settings per team (teams.settings.escalationRules / .escalationDestinations): zod only,
 * so src/domain/team-settings.ts can embed them without pulling in the database or nodemailer.
 */

const toggle = z.object({ enabled: z.boolean().default(true) });

export const escalationRuleSettingsSchema = z.object({
  /** Triage found the buyer's text abusive. */
  abusive: toggle.prefault({}),
  /** The same buyer with `threshold` or more refund / not-received / chargeback cases in `windowDays`, across the team's shops. */
  repeatClaims: toggle
    .extend({ threshold: z.number().int().min(2).default(3), windowDays: z.number().int().positive().default(90) })
    .prefault({}),
  /** Buyer says the order never arrived while tracking says it was delivered. */
  deliveredNotReceived: toggle.prefault({}),
  /** A not-received dispute before the order could have arrived: shipped + `transitDays`, or before ship-by when unshipped. */
  claimBeforeExpected: toggle.extend({ transitDays: z.number().int().min(0).default(7) }).prefault({}),
  /** A chargeback on an order that tracking shows delivered. */
  chargebackAfterDelivery: toggle.prefault({}),
});
export type EscalationRuleSettings = z.infer<typeof escalationRuleSettingsSchema>;

export const DEFAULT_ESCALATION_RULES: EscalationRuleSettings = escalationRuleSettingsSchema.parse({});

/**
 * Settings from raw JSON (e.g. teams.settings.escalationRules), each group laid over `base`.
 * Invalid input falls back to `base` so a bad setting never stops triage.
 */
export function parseEscalationRuleSettings(raw: unknown, base: EscalationRuleSettings = DEFAULT_ESCALATION_RULES): EscalationRuleSettings {
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const merged = Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, { ...v, ...(given[k] && typeof given[k] === 'object' ? (given[k] as object) : {}) }]),
  );
  const parsed = escalationRuleSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : base;
}

/**
 * Where an escalation goes besides the team's 'escalations' chat route (which escalateCase
 * always queues): an email over SMTP and/or a signed webhook. Per team in
 * teams.settings.escalationDestinations; deployment-wide defaults come from the environment.
 */
export const escalationDestinationSettingsSchema = z.object({
  email: z.object({ enabled: z.boolean().default(true), to: z.array(z.email()).min(1).max(20) }).optional(),
  webhook: z.object({ enabled: z.boolean().default(true), url: z.url({ protocol: /^https?$/ }) }).optional(),
});
export type EscalationDestinationSettings = z.infer<typeof escalationDestinationSettingsSchema>;
