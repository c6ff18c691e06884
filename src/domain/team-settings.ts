import { z } from 'zod';
import { ROUTE_KINDS } from './types.js';
import { reminderScheduleSchema } from './reminder-schedule.js';
import { escalationDestinationSettingsSchema, escalationRuleSettingsSchema } from './escalation-settings.js';

/** Per-team settings kept in teams.settings (set from the config file or the /sellerdesk admin command). */
export const PERMISSION_ACTIONS = ['refund', 'reship', 'escalate', 'approve', 'admin', 'support'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

export const teamSettingsSchema = z.object({
  routes: z.partialRecord(z.enum(ROUTE_KINDS), z.string().min(1)).optional(),
  /** Who may do what: Slack user or user-group ids, Discord user or role ids. Absent = everyone. */
  permissions: z.partialRecord(z.enum(PERMISSION_ACTIONS), z.array(z.string().min(1))).optional(),
  /** Mentioned on breaches: a Slack user group (S…) or a Discord role id. */
  onCall: z.string().min(1).optional(),
  /** Refunds above this amount (in cents) need a second approver. */
  refundApprovalOverCents: z.number().int().nonnegative().optional(),
  /** Tell buyers their message arrived and when to expect an answer, through the shop's connector. */
  autoAcknowledge: z.boolean().optional(),
  /** When the monthly seller-success reminder goes out, in the team's time zone. */
  reminders: reminderScheduleSchema.optional(),
  /** Automatic escalation rules, each can be turned off or tuned. */
  escalationRules: escalationRuleSettingsSchema.partial().optional(),
  /** Extra escalation destinations: email recipients, a webhook URL. */
  escalationDestinations: escalationDestinationSettingsSchema.optional(),
});
export type TeamSettings = z.infer<typeof teamSettingsSchema>;

export function parseTeamSettings(raw: unknown): TeamSettings {
  const parsed = teamSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}
