/**
 * Reminders: the monthly seller-success reminder per team and for the community channel
 * (monthly.ts, claimed once per month), its cards (messages.ts) and the webinar and
 * knowledge-base content file (content.ts). The schedule maths is in src/domain/reminder-schedule.ts.
 */
export { monthlyRemindersJob, runMonthlyReminders, REMINDER_CLAIM_KIND } from './monthly.js';
export {
  BUNDLED_REMINDERS_FILE,
  contentForMonth,
  loadReminderContent,
  parseReminderContent,
  tipFor,
  type MonthContent,
  type ReminderContent,
  type TipTopic,
} from './content.js';
