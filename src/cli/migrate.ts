import type { Env } from '../config.js';
import { migrate, openDatabase } from '../db/client.js';
import { createLogger } from '../log.js';

export async function migrateCommand(env: Env): Promise<number> {
  const log = createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, role: 'migrate', log });
  try {
    await migrate(database);
    process.stdout.write(`migrations applied (${database.kind}: ${database.location})\n`);
    return 0;
  } finally {
    await database.close();
  }
}
