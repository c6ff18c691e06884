import pino from 'pino';
import { createRequire } from 'node:module';
import type prettyType from 'pino-pretty';
import type { Logger } from './ports.js';

/** Paths whose values are never written to the log. */
export const REDACT_PATHS = [
  'token',
  'secret',
  'password',
  '*.token',
  '*.secret',
  '*.password',
  '*.apiKey',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers["x-sellerdesk-signature"]',
  '*.headers["x-slack-signature"]',
  '*.headers["x-shopify-hmac-sha256"]',
];

export function createLogger(opts: { level: string; format: 'auto' | 'pretty' | 'json' }): Logger {
  const usePretty = opts.format === 'pretty' || (opts.format === 'auto' && process.stdout.isTTY === true);
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (usePretty) {
    // Only a terminal needs the pretty printer.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof prettyType;
    return pino(base, pretty({ colorize: true, sync: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' })) as unknown as Logger;
  }
  return pino(base) as unknown as Logger;
}
