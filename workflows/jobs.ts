import type { WorkflowDeps } from './deps.js';

/** A scheduled job: run by the scheduler on its cron, or once by `sellerdesk run-job NAME`. */
export interface Job {
  name: string;
  description: string;
  /** Cron expression (UTC) when scheduled; absent for jobs that schedule themselves per team. */
  cron?: string;
  run(deps: WorkflowDeps, opts: JobOptions): Promise<JobReport>;
}

export interface JobOptions {
  team?: string | undefined;
  dryRun: boolean;
}

export interface JobReport {
  /** One line for the log and the CLI. */
  summary: string;
  /** With --dry-run: what would be sent. */
  preview?: string[];
}
