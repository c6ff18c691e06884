import type { Env } from '../src/config.js';
import type { Job } from './jobs.js';
import { overdueScanJob } from './overdue/index.js';
import { monthlyRemindersJob } from './reminders/index.js';
import { standingWatchJob } from './standing/index.js';
import { disputeWatchJob } from './escalation/index.js';

export type JobSettings = Pick<
  Env,
  | 'OVERDUE_SCAN_CRON'
  | 'OVERDUE_DIGEST_THRESHOLD'
  | 'REMINDERS_FILE'
  | 'DISCORD_COMMUNITY_CHANNEL'
  | 'DEFAULT_TIME_ZONE'
  | 'DISPUTE_WATCH_DAYS'
  | 'DISPUTE_WATCH_CRON'
>;

/** The schedule table: every job the scheduler runs and `sellerdesk run-job` knows. */
export function buildJobs(env: JobSettings): Job[] {
  return [
    overdueScanJob({ digestThreshold: env.OVERDUE_DIGEST_THRESHOLD, batch: 5000 }, env.OVERDUE_SCAN_CRON),
    monthlyRemindersJob({
      ...(env.REMINDERS_FILE ? { contentFile: env.REMINDERS_FILE } : {}),
      ...(env.DISCORD_COMMUNITY_CHANNEL ? { communityChannel: env.DISCORD_COMMUNITY_CHANNEL } : {}),
      communityTimeZone: env.DEFAULT_TIME_ZONE,
    }),
    standingWatchJob({ ...(env.REMINDERS_FILE ? { contentFile: env.REMINDERS_FILE } : {}) }),
    disputeWatchJob({ afterDays: env.DISPUTE_WATCH_DAYS, batch: 200 }, env.DISPUTE_WATCH_CRON),
  ];
}
