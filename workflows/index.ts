import type { Job } from './jobs.js';

/** The schedule table: every job the scheduler runs and `sellerdesk run-job` knows. */
export const jobs: Job[] = [];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
