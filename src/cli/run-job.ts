import type { Env } from '../config.js';
import { migrate, openDatabase } from '../db/client.js';
import { createLogger } from '../log.js';
import { systemClock } from '../ports.js';
import { buildJobs } from '../../workflows/index.js';
import { workflowDeps } from '../deps.js';

export async function runJobCommand(
  env: Env,
  name: string | undefined,
  opts: { team?: string | undefined; dryRun: boolean; list: boolean },
): Promise<number> {
  const jobs = buildJobs(env);
  const list = () => jobs.map((j) => `  ${j.name.padEnd(20)} ${j.description}`).join('\n') || '  (none)';
  if (opts.list || !name) {
    process.stdout.write(`Jobs:\n${list()}\n`);
    return name || opts.list ? 0 : 2;
  }
  const job = jobs.find((j) => j.name === name);
  if (!job) {
    process.stderr.write(`sellerdesk: unknown job "${name}". Jobs:\n${list()}\n`);
    return 2;
  }
  const log = createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, role: 'run-job', log });
  try {
    await migrate(database);
    const deps = workflowDeps(env, database.db, systemClock, log);
    const report = await job.run(deps, { team: opts.team, dryRun: opts.dryRun });
    for (const line of report.preview ?? []) process.stdout.write(`${line}\n`);
    process.stdout.write(`${job.name}: ${report.summary}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
