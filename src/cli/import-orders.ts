import { readFileSync } from 'node:fs';
import type { Env } from '../config.js';
import { migrate, openDatabase } from '../db/client.js';
import { dataDirHolder } from '../db/data-dir-lock.js';
import { createLogger } from '../log.js';
import { systemClock } from '../ports.js';
import { importOrdersCsv, type EventSink } from '../../workflows/intake/index.js';
import { postSignedEvent } from './send-event.js';
import { workflowDeps } from '../deps.js';

/**
 * Imports orders. With the embedded database already open by a running bot, the rows
 * go in as signed events through its intake server (same dedupe, same validation).
 */
export async function importOrdersCommand(env: Env, file: string, shopId: string): Promise<number> {
  const csv = readFileSync(file);
  const viaServer = !env.DATABASE_URL && dataDirHolder(env.DATA_DIR) !== undefined;
  const database = viaServer ? undefined : await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    if (database) await migrate(database);
    const sink: EventSink | undefined = viaServer
      ? async (event) => {
          const res = await postSignedEvent(env, JSON.stringify(event));
          if (!res.ok) throw new Error(`the running bot refused ${event.id}: ${res.status} ${await res.text()}`);
          return { duplicate: res.status === 200, effect: {} };
        }
      : undefined;
    const log = createLogger({ level: 'warn', format: env.LOG_FORMAT });
    const deps = workflowDeps(env, database?.db as NonNullable<typeof database>['db'], systemClock, log);
    const report = await importOrdersCsv(deps, csv, shopId, sink);
    for (const e of report.errors) process.stdout.write(`line ${e.line}: ${e.reason}\n`);
    process.stdout.write(`${report.imported} imported, ${report.unchanged} already imported, ${report.errors.length} rejected (${file})\n`);
    return report.errors.length ? 1 : 0;
  } finally {
    await database?.close();
  }
}
