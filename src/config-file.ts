import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, isValidTimeZone } from './config.js';
import { validateWeeklyHours } from './domain/business-time.js';
import { teamSettingsSchema } from './domain/team-settings.js';
import { mailboxesSchema, mailboxShopRefs } from './mail/mailbox-config.js';
import { CLOCK_CHANNELS, PLATFORMS, ROUTE_KINDS, WEEKDAYS } from './domain/types.js';
import { connectorConfigSchema } from './domain/connector-config.js';

/**
 * The optional config file (CONFIG_FILE, default ./sellerdesk.config.json): teams,
 * shops, routes, permissions and clocks, kept in one reviewable place.
 */

const timeZone = z.string().refine(isValidTimeZone, 'an IANA time zone such as America/New_York');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const weeklyHours = z.partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([hhmm, hhmm]))).superRefine((h, ctx) => {
  for (const problem of validateWeeklyHours(h)) ctx.addIssue({ code: 'custom', message: problem });
});
const clockSpec = z.object({ targetMinutes: z.number().int().positive(), maxMinutes: z.number().int().positive() });
const routes = z.partialRecord(z.enum(ROUTE_KINDS), z.string().min(1));

export const teamConfigSchema = teamSettingsSchema.extend({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  name: z.string().min(1).optional(),
  platform: z.enum(PLATFORMS),
  /** Slack team id (T…) or Discord guild id. */
  externalId: z.string().min(1).optional(),
  timeZone: timeZone.optional(),
  clocks: z.partialRecord(z.enum(CLOCK_CHANNELS), clockSpec).optional(),
});

export const shopConfigSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  team: z.string().min(1),
  name: z.string().min(1).optional(),
  timeZone: timeZone.optional(),
  businessHours: weeklyHours.optional(),
  holidayCountry: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Za-z0-9]+){0,2}$/, 'a country code like US or US-CA')
    .optional(),
  handling: z.object({ readyMade: z.number().int().min(0).max(60), custom: z.number().int().min(0).max(120) }).optional(),
  routes: routes.optional(),
  connector: connectorConfigSchema.optional(),
});

export const configFileSchema = z
  .object({
    teams: z.array(teamConfigSchema).default([]),
    shops: z.array(shopConfigSchema).default([]),
    /** IMAP mailboxes whose mail becomes cases (docs/email.md). */
    mailboxes: mailboxesSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const ids = new Set(c.teams.map((t) => t.id));
    c.shops.forEach((s, i) => {
      if (!ids.has(s.team) && s.team !== 'default')
        ctx.addIssue({ code: 'custom', path: ['shops', i, 'team'], message: `unknown team "${s.team}"; add it under "teams"` });
    });
    const shops = new Set(c.shops.map((s) => s.id));
    c.mailboxes?.forEach((box, i) => {
      for (const ref of mailboxShopRefs(box))
        if (!shops.has(ref.shop))
          ctx.addIssue({
            code: 'custom',
            path: ['mailboxes', i, ...ref.path],
            message: `unknown shop "${ref.shop}"; add it under "shops"`,
          });
    });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;

export function loadConfigFile(path: string | undefined): { path: string | undefined; config: ConfigFile } {
  const file = path ?? (existsSync('sellerdesk.config.json') ? 'sellerdesk.config.json' : undefined);
  if (!file) return { path: undefined, config: { teams: [], shops: [] } };
  if (!existsSync(file)) throw new ConfigError('CONFIG_FILE', `${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError('CONFIG_FILE', `${file} is not valid JSON (${(e as Error).message})`);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError('CONFIG_FILE', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { path: file, config: parsed.data };
}
