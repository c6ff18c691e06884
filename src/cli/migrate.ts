import type { Env } from '../config.js';
import { migrate, openDatabase } from '../db/client.js';

export async function migrateCommand(env: Env): Promise<number> {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrate(database);
    process.stdout.write(`migrations applied (${database.kind}: ${database.location})\n`);
    return 0;
  } finally {
    await database.close();
  }
}
