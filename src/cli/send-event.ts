import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config.js';
import { signedJsonHeaders } from '../http/signature.js';

export function localUrl(env: Env): string {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;
}

export function webhookSecretFor(env: Env): string {
  if (env.WEBHOOK_SECRET) return env.WEBHOOK_SECRET;
  const file = join(env.DATA_DIR, 'webhook-secret');
  if (!existsSync(file)) throw new Error(`no webhook secret yet: start the bot once (it writes ${file}) or set WEBHOOK_SECRET`);
  return readFileSync(file, 'utf8').trim();
}

/** Signs an event file with the configured secret and posts it, printing the answer. */
export async function sendEvent(env: Env, file: string, opts: { fresh?: boolean | undefined; url?: string | undefined }): Promise<number> {
  let body = readFileSync(file, 'utf8');
  if (opts.fresh) {
    const event = JSON.parse(body) as Record<string, unknown>;
    event.id = `${String(event.id ?? 'evt')}-${randomUUID().slice(0, 8)}`;
    event.occurredAt = new Date().toISOString();
    body = JSON.stringify(event);
  }
  const res = await postSignedEvent(env, body, opts.url);
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  return res.ok ? 0 : 1;
}

/** Posts a raw event body to the intake server, signed with the configured secret. */
export async function postSignedEvent(env: Env, body: string, baseUrl?: string): Promise<Response> {
  const url = `${baseUrl ?? localUrl(env)}/webhooks/events`;
  const headers = signedJsonHeaders(webhookSecretFor(env), body, new Date());
  try {
    return await fetch(url, { method: 'POST', headers, body });
  } catch (e) {
    throw new Error(`could not reach ${url} (${(e as Error).message}); is the bot running? (npm start)`);
  }
}
