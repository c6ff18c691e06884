import { schedule, type ScheduledTask } from 'node-cron';
import { errorCode } from './errors.js';
import type { Logger } from './ports.js';
import type { Job } from '../workflows/jobs.js';
import type { WorkflowDeps } from '../workflows/deps.js';

/**
 * Runs jobs on their cron in every replica. Jobs are written to be safe when several
 * replicas fire at once (row locks and claims in the database), so no leader is needed
 * and no timer state lives only in this process: a restart loses nothing.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: WorkflowDeps,
    private readonly log: Logger,
  ) {}

  add(job: Job, expression = job.cron, timezone = 'UTC'): void {
    if (!expression) return;
    const task = schedule(
      expression,
      () => {
        const p = this.runNow(job).finally(() => this.running.delete(p));
        this.running.add(p);
      },
      { timezone, noOverlap: true, name: job.name },
    );
    this.tasks.push(task);
  }

  async runNow(job: Job): Promise<void> {
    try {
      const r = await job.run(this.deps, { dryRun: false });
      this.log.debug({ job: job.name }, r.summary);
    } catch (err) {
      this.log.error({ err, code: errorCode(err), job: job.name }, 'scheduled job failed; it runs again on its next tick');
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    await Promise.all(this.running);
  }
}
