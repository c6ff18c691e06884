import { z } from 'zod';
import { AppError } from './errors.js';

/**
 * The environment, parsed once. A bad value stops start-up with one line naming
 * the variable (see ConfigError); nothing else reads process.env.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalUrl = z.url().optional();
const nonEmpty = z.string().trim().min(1);
const cronExpr = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'a cron expression like "*/5 * * * *"');

export const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  CONFIG_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  DEFAULT_TIME_ZONE: z.string().default('UTC'),

  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'a bot token starting with xoxb-')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'an app-level token starting with xapp-')
    .optional(),
  SLACK_SIGNING_SECRET: nonEmpty.optional(),
  SLACK_MODE: z.enum(['socket', 'http']).default('socket'),
  SLACK_API_URL: optionalUrl,
  SLACK_DEFAULT_CHANNEL: nonEmpty.optional(),

  DISCORD_TOKEN: nonEmpty.optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'a numeric application id')
    .optional(),
  DISCORD_API_URL: optionalUrl,
  DISCORD_DEFAULT_CHANNEL: z
    .string()
    .regex(/^\d{5,20}$/, 'a numeric channel id')
    .optional(),

  OPENAI_API_KEY: nonEmpty.optional(),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  AI_TIMEOUT_MS: positiveInt.default(3000),

  DELIVERY_ENABLED: bool.default(true),
  DELIVERY_MAX_ATTEMPTS: positiveInt.default(8),
  DELIVERY_CHANNEL_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  SCHEDULER_ENABLED: bool.default(true),
  OVERDUE_SCAN_CRON: cronExpr.default('*/5 * * * *'),
  OVERDUE_DIGEST_THRESHOLD: z.coerce.number().int().min(0).default(5),
  REMINDERS_FILE: z.string().optional(),
  ESCALATION_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  ESCALATION_EMAIL_FROM: nonEmpty.optional(),
  ESCALATION_EMAIL_TO: nonEmpty.optional(),
  ESCALATION_WEBHOOK_URL: optionalUrl,
  ESCALATION_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  ESCALATION_WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
  DISPUTE_WATCH_DAYS: positiveInt.default(5),
  DISPUTE_WATCH_CRON: cronExpr.default('7 * * * *'),
  DISCORD_COMMUNITY_CHANNEL: z
    .string()
    .regex(/^\d{5,20}$/, 'a numeric channel id')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
});

export type Env = z.infer<typeof envSchema>;

/** A bad setting: names the variable (or file) and says what is wrong. */
export class ConfigError extends AppError {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super('config.invalid', `${variable}: ${problem}`);
  }
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (FOO= in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const got = cleaned[variable];
    const shown = got === undefined ? 'missing' : /SECRET|TOKEN|KEY|URL/.test(variable) ? 'invalid value' : `got "${got}"`;
    throw new ConfigError(variable, `${issue.message} (${shown}); see .env.example`);
  }
  const env = parsed.data;
  if (env.SLACK_BOT_TOKEN && env.SLACK_MODE === 'socket' && !env.SLACK_APP_TOKEN)
    throw new ConfigError(
      'SLACK_APP_TOKEN',
      'needed for SLACK_MODE=socket (an xapp- token with connections:write); or set SLACK_MODE=http',
    );
  if (env.SLACK_BOT_TOKEN && env.SLACK_MODE === 'http' && !env.SLACK_SIGNING_SECRET)
    throw new ConfigError('SLACK_SIGNING_SECRET', 'needed for SLACK_MODE=http (Basic Information > Signing Secret)');
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID)
    throw new ConfigError('DISCORD_APPLICATION_ID', 'needed with DISCORD_TOKEN (General Information > Application ID)');
  if (env.ESCALATION_SMTP_URL && !env.ESCALATION_EMAIL_FROM)
    throw new ConfigError('ESCALATION_EMAIL_FROM', 'needed with ESCALATION_SMTP_URL (the From address of escalation emails)');
  if (!isValidTimeZone(env.DEFAULT_TIME_ZONE))
    throw new ConfigError('DEFAULT_TIME_ZONE', `unknown IANA time zone "${env.DEFAULT_TIME_ZONE}" (e.g. America/New_York)`);
  return env;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Which chat platforms are configured. Console when none is. */
export function enabledPlatforms(env: Env): Array<'slack' | 'discord' | 'console'> {
  const out: Array<'slack' | 'discord' | 'console'> = [];
  if (env.SLACK_BOT_TOKEN) out.push('slack');
  if (env.DISCORD_TOKEN) out.push('discord');
  if (out.length === 0) out.push('console');
  return out;
}
