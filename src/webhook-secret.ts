import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * WEBHOOK_SECRET, or the one generated into the data directory on first start
 * (mode 0600). Returns where it came from so start-up can say so.
 */
export function resolveWebhookSecret(
  envSecret: string | undefined,
  dataDir: string,
): { secret: string; source: string; generated: boolean } {
  if (envSecret) return { secret: envSecret, source: 'WEBHOOK_SECRET', generated: false };
  const file = resolve(join(dataDir, 'webhook-secret'));
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, source: file, generated: true };
}
