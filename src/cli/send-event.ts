import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config.js';
import { signedJsonHeaders } from '../signature.js';
import { systemClock, type Clock } from '../ports.js';
import { runningBot } from '../running-bot.js';

/** The running bot's address (DATA_DIR/bot.json), else HOST and PORT. */
export function localUrl(env: Env): string {
  const bot = runningBot(env.DATA_DIR);
  if (bot) return bot.url;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;
}

export function webhookSecretFor(env: Env): string {
  if (env.WEBHOOK_SECRET) return env.WEBHOOK_SECRET;
  const file = join(env.DATA_DIR, 'webhook-secret');
  if (!existsSync(file)) throw new Error(`no webhook secret yet: start the bot once (it writes ${file}) or set WEBHOOK_SECRET`);
  return readFileSync(file, 'utf8').trim();
}

/**
 * The event moved in time so that it happens `now`: occurredAt becomes now, and every other
 * instant in `data` named like paidAt/shippedAt/deliveredAt keeps its distance from occurredAt.
 * The samples in examples/ then read as fresh (a card "due in 2 h", not "overdue by 7 d").
 */
export function retimeEvent(event: Record<string, unknown>, now: Date): Record<string, unknown> {
  const occurred = Date.parse(String(event.occurredAt));
  if (Number.isNaN(occurred)) return event;
  const shift = (iso: unknown) => {
    const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
    return Number.isNaN(t) ? iso : new Date(t - occurred + now.getTime()).toISOString();
  };
  const data =
    event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? (event.data as Record<string, unknown>) : undefined;
  const shifted = data ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, /At$/.test(k) ? shift(v) : v])) : event.data;
  return { ...event, occurredAt: now.toISOString(), ...(data ? { data: shifted } : {}) };
}

export interface SendEventOptions {
  /** A new event id, so it is not a duplicate of the last send. */
  fresh?: boolean | undefined;
  /** Keep the file's own times instead of moving the event to now. */
  keepTime?: boolean | undefined;
  url?: string | undefined;
}

/** Signs an event file with the configured secret and posts it, printing the answer. */
export async function sendEvent(env: Env, file: string, opts: SendEventOptions, clock: Clock = systemClock): Promise<number> {
  let body = readFileSync(file, 'utf8');
  if (opts.fresh || !opts.keepTime) {
    let event = JSON.parse(body) as Record<string, unknown>;
    if (opts.fresh) event.id = `${String(event.id ?? 'evt')}-${randomUUID().slice(0, 8)}`;
    if (!opts.keepTime) event = retimeEvent(event, clock.now());
    body = JSON.stringify(event);
  }
  const res = await postSignedEvent(env, body, opts.url, clock);
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  return res.ok ? 0 : 1;
}

/** Posts a raw event body to the intake server, signed with the configured secret. */
export async function postSignedEvent(env: Env, body: string, baseUrl?: string, clock: Clock = systemClock): Promise<Response> {
  const url = `${baseUrl ?? localUrl(env)}/webhooks/events`;
  const headers = signedJsonHeaders(webhookSecretFor(env), body, clock.now());
  try {
    return await fetch(url, { method: 'POST', headers, body });
  } catch (e) {
    throw new Error(`could not reach ${url} (${(e as Error).message}); is the bot running? (npm start)`);
  }
}
