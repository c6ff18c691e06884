/**
 * The config-file choice of a shop's marketplace, and the rule that a team may tighten a
 * marketplace's deadline but never loosen it. Pure: a profile and the team's overrides in, the
 * effective profile and a report of what was refused out.
 *
 * Intended config keys on a shop (the wiring adds `shopMarketplaceFields` to the shop schema):
 *   "marketplace": "amazon",
 *   "marketplaceOverrides": { "deadlines": { "message": { "mode": "calendar", "minutes": 720 } },
 *                             "starts": { "message": "each_buyer_message" },
 *                             "noResponseNeeded": false, "warningLead": 0.5 }
 */
import { z } from 'zod';
import { formatDuration } from '../sla.js';
import { CASE_KINDS, clockChannelFor, type CaseKind } from '../types.js';
import { marketplaceProfile } from './index.js';
import { CLOCK_STARTS, MARKETPLACE_IDS, type ClockStart, type DeadlineRule, type MarketplaceProfile, type ReplyRule } from './types.js';

/** Warn this share of the window before a marketplace deadline (25 %: 6 h before a 24 h deadline). */
export const DEFAULT_WARNING_LEAD = 0.25;

const deadlineOverrideSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('calendar'), minutes: z.number().int().positive() }).strict(),
  z.object({ mode: z.literal('business_days'), days: z.number().int().positive() }).strict(),
]);
export type DeadlineOverride = z.infer<typeof deadlineOverrideSchema>;

export const marketplaceOverridesSchema = z
  .object({
    /** Per case kind, a deadline no later than the marketplace's. */
    deadlines: z.partialRecord(z.enum(CASE_KINDS), deadlineOverrideSchema).optional(),
    /** Per case kind, a rule that starts at least as many clocks as the marketplace's. */
    starts: z.partialRecord(z.enum(CASE_KINDS), z.enum(CLOCK_STARTS)).optional(),
    /** false: a message marked "no response needed" keeps its clock even where the marketplace accepts the mark. */
    noResponseNeeded: z.boolean().optional(),
    /** Share of the window to warn before a marketplace deadline, between 0 and 1 (default 0.25). */
    warningLead: z.number().gt(0).lt(1).optional(),
  })
  .strict();
export type MarketplaceOverrides = z.infer<typeof marketplaceOverridesSchema>;

/** Fields for the shop entry of the config file. Absent `marketplace`: the seeds' Member Marketplace. */
export const shopMarketplaceFields = {
  marketplace: z.enum(MARKETPLACE_IDS).optional(),
  marketplaceOverrides: marketplaceOverridesSchema.optional(),
};
export const shopMarketplaceSchema = z.object(shopMarketplaceFields);
export type ShopMarketplaceConfig = z.infer<typeof shopMarketplaceSchema>;

export type OverrideField = 'deadline' | 'starts' | 'noResponseNeeded';

export interface OverrideReport {
  field: OverrideField;
  /** Absent for overrides that cover every kind. */
  kind?: CaseKind;
  asked: string;
  marketplace: string;
}
export interface RefusedOverride extends OverrideReport {
  reason: string;
}

export interface EffectiveMarketplace {
  profile: MarketplaceProfile;
  warningLead: number;
  accepted: OverrideReport[];
  refused: RefusedOverride[];
}

/** "24 h", "7 d", "3 business days", "the date in evidence_due_by", "none". Whole hours up to 72 read as hours, as the marketplaces write them. */
export function describeDeadlineRule(rule: DeadlineRule | null): string {
  if (!rule) return 'none';
  switch (rule.mode) {
    case 'calendar':
      return rule.minutes % 60 === 0 && rule.minutes <= 72 * 60 ? `${rule.minutes / 60} h` : formatDuration(rule.minutes);
    case 'business_days':
      return `${rule.days} business day${rule.days === 1 ? '' : 's'}`;
    case 'from_event':
      return `the date in ${rule.field}`;
  }
}

const MINUTES_PER_DAY = 24 * 60;

/** Why `asked` would loosen `current`; null when it is at least as tight. */
function loosens(asked: DeadlineOverride, current: DeadlineRule | null, name: string, kind: CaseKind): string | null {
  if (!current) return `${name} sets no ${kind} deadline; set clocks.${clockChannelFor(kind)}.maxMinutes for the team's own maximum`;
  if (current.mode === 'from_event')
    return `the ${kind} deadline comes with ${name}'s event (${current.field}); set warningLead to be told earlier`;
  if (asked.mode === 'calendar') {
    // N business days always span at least N × 24 h, so a calendar deadline that short is tighter.
    const limit = current.mode === 'calendar' ? current.minutes : current.days * MINUTES_PER_DAY;
    return asked.minutes <= limit ? null : `${describeDeadlineRule(asked)} would loosen ${name}'s ${describeDeadlineRule(current)}`;
  }
  if (current.mode === 'calendar') {
    return `business days can stretch over a weekend past ${name}'s ${describeDeadlineRule(current)}; give the deadline in calendar minutes`;
  }
  return asked.days <= current.days ? null : `${describeDeadlineRule(asked)} would loosen ${name}'s ${describeDeadlineRule(current)}`;
}

/**
 * The profile with the team's overrides applied where they tighten it; every override that would
 * loosen it is refused with the reason, and the marketplace's rule stays.
 */
export function mergeTeamOverrides(profile: MarketplaceProfile, overrides: MarketplaceOverrides = {}): EffectiveMarketplace {
  const accepted: OverrideReport[] = [];
  const refused: RefusedOverride[] = [];
  const replies = { ...profile.replies } as Record<CaseKind, ReplyRule>;

  for (const kind of CASE_KINDS) {
    const asked = overrides.deadlines?.[kind];
    if (!asked) continue;
    const current = replies[kind].deadline;
    const report = { field: 'deadline' as const, kind, asked: describeDeadlineRule(asked), marketplace: describeDeadlineRule(current) };
    const why = loosens(asked, current, profile.name, kind);
    if (why) refused.push({ ...report, reason: why });
    else {
      accepted.push(report);
      replies[kind] = { ...replies[kind], deadline: asked, tightenedFrom: current! };
    }
  }

  for (const kind of CASE_KINDS) {
    const asked: ClockStart | undefined = overrides.starts?.[kind];
    if (!asked) continue;
    const current = replies[kind].starts;
    const report = { field: 'starts' as const, kind, asked, marketplace: current };
    if (CLOCK_STARTS.indexOf(asked) <= CLOCK_STARTS.indexOf(current)) {
      accepted.push(report);
      replies[kind] = { ...replies[kind], starts: asked };
    } else refused.push({ ...report, reason: `${asked} would start fewer clocks than ${profile.name} counts (${current})` });
  }

  if (overrides.noResponseNeeded !== undefined) {
    const accepts = CASE_KINDS.some((k) => replies[k].noResponseNeededStops);
    const report = { field: 'noResponseNeeded' as const, asked: String(overrides.noResponseNeeded), marketplace: String(accepts) };
    if (overrides.noResponseNeeded && !accepts) {
      refused.push({ ...report, reason: `${profile.name} does not accept "no response needed": every buyer message needs an answer` });
    } else {
      accepted.push(report);
      if (!overrides.noResponseNeeded) for (const k of CASE_KINDS) replies[k] = { ...replies[k], noResponseNeededStops: false };
    }
  }

  return { profile: { ...profile, replies }, warningLead: overrides.warningLead ?? DEFAULT_WARNING_LEAD, accepted, refused };
}

/** A shop's effective marketplace from its config entry (already parsed with shopMarketplaceFields). */
export function resolveShopMarketplace(config: ShopMarketplaceConfig): EffectiveMarketplace {
  return mergeTeamOverrides(marketplaceProfile(config.marketplace), config.marketplaceOverrides);
}
