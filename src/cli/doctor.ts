import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config.js';
import { loadConfigFile } from '../config-file.js';
import { openDatabase } from '../db/client.js';
import { embeddedServerUsers } from '../db/embedded/shared-server.js';

type Check = { ok: boolean; what: string; fix?: string };

async function call(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

const failed = (what: string, e: unknown, fix: string): Check => ({ ok: false, what: `${what}: ${(e as Error).message}`, fix });

async function checkDatabase(env: Env): Promise<Check> {
  try {
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 1, role: 'doctor' });
    try {
      await database.ping();
    } finally {
      await database.close().catch(() => {});
    }
    const e = database.embedded;
    if (!e) return { ok: true, what: `database reachable (PostgreSQL at ${database.location})` };
    const others = embeddedServerUsers(env.DATA_DIR).filter((u) => u.pid !== process.pid);
    const users = others.length ? `, used by ${others.map((u) => `${u.role} (pid ${u.pid})`).join(', ')}` : ', started for this check';
    return { ok: true, what: `embedded PostgreSQL ${e.release} answers (data in ${e.clusterDir}, server pid ${e.pid}${users})` };
  } catch (e) {
    return failed(
      'database',
      e,
      env.DATABASE_URL ? 'check DATABASE_URL (host, port, user, password, database name)' : `check that ${env.DATA_DIR} is writable`,
    );
  }
}

async function checkSlack(env: Env): Promise<Check[]> {
  if (!env.SLACK_BOT_TOKEN) return [];
  const api = env.SLACK_API_URL ?? 'https://slack.com/api/';
  const out: Check[] = [];
  try {
    const r = await call(`${api}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${env.SLACK_BOT_TOKEN}` } });
    out.push(
      r.body.ok
        ? { ok: true, what: `Slack bot token works (team ${String(r.body.team)}, bot user ${String(r.body.user)})` }
        : {
            ok: false,
            what: `Slack bot token refused: ${String(r.body.error)}`,
            fix: 'reinstall the app and copy the Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN',
          },
    );
  } catch (e) {
    out.push(failed('Slack API', e, 'check the network or SLACK_API_URL'));
  }
  if (env.SLACK_MODE === 'socket' && env.SLACK_APP_TOKEN) {
    try {
      const r = await call(`${api}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${env.SLACK_APP_TOKEN}` } });
      out.push(
        r.body.ok
          ? { ok: true, what: 'Slack app-level token can open a Socket Mode connection' }
          : {
              ok: false,
              what: `Slack app-level token refused: ${String(r.body.error)}`,
              fix: 'Basic Information > App-Level Tokens: create one with connections:write; enable Socket Mode',
            },
      );
    } catch (e) {
      out.push(failed('Slack Socket Mode', e, 'check the network'));
    }
  }
  if (!env.SLACK_DEFAULT_CHANNEL)
    out.push({
      ok: false,
      what: 'no SLACK_DEFAULT_CHANNEL and routes come only from the config file',
      fix: 'set SLACK_DEFAULT_CHANNEL to a channel id and invite the bot there (/invite @SellerDesk)',
    });
  return out;
}

async function checkDiscord(env: Env): Promise<Check[]> {
  if (!env.DISCORD_TOKEN) return [];
  const api = env.DISCORD_API_URL ?? 'https://discord.com/api';
  try {
    const r = await call(`${api}/v10/users/@me`, { headers: { authorization: `Bot ${env.DISCORD_TOKEN}` } });
    if (r.status !== 200)
      return [
        {
          ok: false,
          what: `Discord bot token refused (HTTP ${r.status})`,
          fix: 'Developer Portal > Bot > Reset Token, then paste it into DISCORD_TOKEN',
        },
      ];
    return [{ ok: true, what: `Discord bot token works (${String(r.body.username)})` }];
  } catch (e) {
    return [failed('Discord API', e, 'check the network or DISCORD_API_URL')];
  }
}

async function checkOpenAi(env: Env): Promise<Check[]> {
  if (!env.OPENAI_API_KEY) return [{ ok: true, what: 'AI off (no OPENAI_API_KEY): the rules classifier triages cases' }];
  const base = env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  try {
    const r = await call(`${base}/models`, { headers: { authorization: `Bearer ${env.OPENAI_API_KEY}` } });
    return [
      r.status === 200
        ? { ok: true, what: `AI endpoint answers (${base})` }
        : { ok: false, what: `AI endpoint refused the key (HTTP ${r.status})`, fix: 'check OPENAI_API_KEY and OPENAI_BASE_URL' },
    ];
  } catch (e) {
    return [failed('AI endpoint', e, 'check OPENAI_BASE_URL')];
  }
}

/** Checks configuration, database and each configured platform; prints what is wrong and how to fix it. */
export async function doctor(env: Env): Promise<number> {
  const checks: Check[] = [{ ok: true, what: 'environment parsed' }];
  try {
    const { path, config } = loadConfigFile(env.CONFIG_FILE);
    checks.push({
      ok: true,
      what: path
        ? `config file ${path}: ${config.teams.length} teams, ${config.shops.length} shops`
        : 'no config file (shops get default settings)',
    });
  } catch (e) {
    checks.push(failed('config file', e, 'fix the file named above'));
  }
  checks.push(await checkDatabase(env));
  const secretFile = join(env.DATA_DIR, 'webhook-secret');
  checks.push({
    ok: true,
    what: env.WEBHOOK_SECRET
      ? 'webhook secret from WEBHOOK_SECRET'
      : existsSync(secretFile)
        ? `webhook secret in ${secretFile}`
        : 'webhook secret will be generated on first start',
  });
  if (!env.SLACK_BOT_TOKEN && !env.DISCORD_TOKEN)
    checks.push({ ok: true, what: 'no chat platform configured: cards print to the console' });
  checks.push(...(await checkSlack(env)), ...(await checkDiscord(env)), ...(await checkOpenAi(env)));
  for (const c of checks) process.stdout.write(`${c.ok ? '✔' : '✘'} ${c.what}${c.fix ? `\n    fix: ${c.fix}` : ''}\n`);
  const bad = checks.filter((c) => !c.ok).length;
  process.stdout.write(bad ? `\n${bad} problem(s) found\n` : '\nall good\n');
  return bad ? 1 : 0;
}
