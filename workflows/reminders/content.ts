import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../src/config.js';
import type { MonthKey } from '../../src/domain/reminder-schedule.js';

/**
 * What the monthly seller-success reminder says: this month's webinar and the knowledge-base
 * tips, from a JSON file the team edits (REMINDERS_FILE; default ./reminders.json if present,
 * else the bundled examples/reminders.json). Read on every run, so an edit needs no restart.
 * Sizes are capped so the webinar, the tips and the note fit one Discord embed (4096 characters).
 */

export const TIP_TOPICS = ['managing-orders', 'shipping-orders', 'bulk-editing', 'other'] as const;
export type TipTopic = (typeof TIP_TOPICS)[number];

const link = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const text = (max: number) => z.string().trim().min(1).max(max);

export const webinarSchema = z.object({
  title: text(200),
  /** Local date of the session, YYYY-MM-DD. */
  date: z.iso.date({ error: 'a date as YYYY-MM-DD' }),
  /** Free text shown after the date, e.g. "14:00 ET". */
  time: text(40).optional(),
  link,
});
export type Webinar = z.infer<typeof webinarSchema>;

export const tipSchema = z.object({
  /** Lets the standing watch pick the tip that fits a problem (e.g. shipping-orders for late shipping). */
  topic: z.enum(TIP_TOPICS).default('other'),
  title: text(100),
  text: text(280),
  link,
});
export type Tip = z.infer<typeof tipSchema>;

const monthOverride = z.object({
  webinar: webinarSchema.optional(),
  tips: z.array(tipSchema).min(1).max(5).optional(),
  /** One extra line for that month (a holiday-season note, a policy change). */
  note: text(500).optional(),
});

export const reminderContentSchema = z.object({
  /** The landing page of the webinar series, shown when no webinar is known for the month. */
  webinarSeriesLink: link.optional(),
  webinar: webinarSchema.optional(),
  tips: z.array(tipSchema).min(1).max(5),
  months: z
    .record(z.string(), monthOverride)
    .superRefine((m, ctx) => {
      for (const k of Object.keys(m))
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: 'month keys are YYYY-MM' });
    })
    .default({}),
});
export type ReminderContent = z.infer<typeof reminderContentSchema>;

/** The content for one month, overrides applied. */
export interface MonthContent {
  month: MonthKey;
  /** Absent when none is configured, or the configured one is before this month (stale). */
  webinar?: Webinar;
  webinarSeriesLink?: string;
  tips: Tip[];
  note?: string;
  /** Why the webinar was left out, for the log. */
  warning?: string;
}

export function contentForMonth(c: ReminderContent, month: MonthKey): MonthContent {
  const o = c.months[month];
  const webinar = o?.webinar ?? c.webinar;
  const stale = webinar && webinar.date.slice(0, 7) < month;
  return {
    month,
    ...(webinar && !stale ? { webinar } : {}),
    ...(c.webinarSeriesLink ? { webinarSeriesLink: c.webinarSeriesLink } : {}),
    tips: o?.tips ?? c.tips,
    ...(o?.note ? { note: o.note } : {}),
    ...(stale
      ? {
          warning: `the webinar "${webinar.title}" (${webinar.date}) is before ${month}: add one under months["${month}"] or update "webinar"`,
        }
      : {}),
  };
}

/** The tip for a topic, if the file has one. */
export const tipFor = (c: MonthContent, topic: TipTopic): Tip | undefined => c.tips.find((t) => t.topic === topic);

export const BUNDLED_REMINDERS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/reminders.json');

/** REMINDERS_FILE if set, else ./reminders.json if present, else the bundled example. */
export function remindersFilePath(configured?: string): string {
  if (configured) return configured;
  return existsSync('reminders.json') ? 'reminders.json' : BUNDLED_REMINDERS_FILE;
}

/** Parses the content; errors name the file and the JSON path of the first problem. */
export function parseReminderContent(raw: unknown, file: string): ReminderContent {
  const parsed = reminderContentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new ConfigError('REMINDERS_FILE', `${file}: ${path || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadReminderContent(configured?: string): { path: string; content: ReminderContent } {
  const file = remindersFilePath(configured);
  if (!existsSync(file)) throw new ConfigError('REMINDERS_FILE', `${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError('REMINDERS_FILE', `${file} is not valid JSON (${(e as Error).message})`);
  }
  return { path: file, content: parseReminderContent(raw, file) };
}
