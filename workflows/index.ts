import type { Job } from './jobs.js';
import { overdueScanJob } from './overdue.js';

export interface JobSettings {
  overdueScanCron: string;
  overdueDigestThreshold: number;
}

/** The schedule table: every job the scheduler runs and `sellerdesk run-job` knows. */
export function buildJobs(s: JobSettings): Job[] {
  return [overdueScanJob({ digestThreshold: s.overdueDigestThreshold, batch: 5000 }, s.overdueScanCron)];
}
