import { readFileSync } from 'node:fs';
import type { Env } from '../config.js';
import { migrate, openDatabase } from '../db/client.js';
import { createLogger } from '../log.js';
import { systemClock } from '../ports.js';
import { importOrdersCsv } from '../../workflows/intake/index.js';
import { workflowDeps } from '../deps.js';

/** Imports orders into the database; with the bot running, into the embedded server it runs. */
export async function importOrdersCommand(env: Env, file: string, shopId: string): Promise<number> {
  const csv = readFileSync(file);
  const log = createLogger({ level: 'warn', format: env.LOG_FORMAT });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, role: 'import', log });
  try {
    await migrate(database);
    const deps = workflowDeps(env, database.db, systemClock, log);
    const report = await importOrdersCsv(deps, csv, shopId);
    for (const e of report.errors) process.stdout.write(`line ${e.line}: ${e.reason}\n`);
    process.stdout.write(`${report.imported} imported, ${report.unchanged} already imported, ${report.errors.length} rejected (${file})\n`);
    return report.errors.length ? 1 : 0;
  } finally {
    await database.close();
  }
}
