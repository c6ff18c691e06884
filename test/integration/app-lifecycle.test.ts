import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config.js';
import { alive } from '../../src/db/embedded/postmaster.js';
import { cases, orders, outbox } from '../../src/db/schema.js';
import { startApp } from '../../src/main.js';
import { silentLogger } from '../../src/ports.js';
import { signedHeaders } from '../fakes/sign.js';

const run = promisify(execFile);

describe('the app on the embedded database', () => {
  it('keeps cases across a restart and prints the card to the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-app-'));
    const env = loadEnv({ PORT: '0', DATA_DIR: dir, SCHEDULER_ENABLED: 'false' });
    const printed: string[] = [];
    const { createConsoleChat } = await import('../../src/platforms/console/chat.js');
    const adapters = [{ chat: createConsoleChat((t) => printed.push(t)), start: async () => {}, stop: async () => {} }];
    let app = await startApp(env, { log: silentLogger, adapters, manualDelivery: true });
    const body = readFileSync('examples/buyer-message.json', 'utf8');
    const res = await fetch(`${app.url}/webhooks/events`, { method: 'POST', headers: signedHeaders(app.webhookSecret, body), body });
    expect(res.status).toBe(202);
    await app.worker.drain();
    expect(printed.join('')).toContain('Buyer message #1 · Dana');
    expect(printed.join('')).toContain('[Refund] [Reship] [Postal claim help] [Reply] [Escalate] [Resolve]');
    const secret = app.webhookSecret;
    await app.stop();

    app = await startApp(env, { log: silentLogger, adapters, manualDelivery: true });
    try {
      expect(app.webhookSecret).toBe(secret);
      expect(await app.database.db.select().from(cases)).toHaveLength(1);
      expect((await app.database.db.select().from(outbox))[0]!.state).toBe('sent');
      const again = await fetch(`${app.url}/webhooks/events`, { method: 'POST', headers: signedHeaders(app.webhookSecret, body), body });
      expect(again.status).toBe(200);
      expect((await app.database.db.select().from(cases)).length).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it('lets migrate, run-job, import, doctor and send-event work beside the running bot, on its server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-app-'));
    const env = loadEnv({ PORT: '0', DATA_DIR: dir, SCHEDULER_ENABLED: 'false' });
    const app = await startApp(env, { log: silentLogger, adapters: [], manualDelivery: true });
    const serverPid = app.database.embedded!.pid;
    // The CLI keeps this process's clock (under faketime, too): send-event signs with it.
    const clockEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k === 'LD_PRELOAD' || k.startsWith('FAKETIME')));
    const cli = (args: string[]) =>
      run(process.execPath, ['bin/sellerdesk.mjs', ...args], {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, LOG_LEVEL: 'warn', ...clockEnv },
      });
    try {
      expect((await cli(['migrate'])).stdout).toContain(`migrations applied (embedded:`);
      const csv = join(dir, 'orders.csv');
      writeFileSync(csv, 'order_id,buyer_name,paid_at,total\nB-1,Dana,2026-11-20T10:00:00Z,12.50\n');
      expect((await cli(['import', 'orders', csv, '--shop', 'acme'])).stdout).toContain('1 imported');
      expect((await cli(['run-job', 'overdue-scan', '--dry-run'])).stdout).toContain('overdue-scan:');
      const doctor = await cli(['doctor']);
      expect(doctor.stdout).toContain(`server pid ${serverPid}, used by bot (pid ${process.pid})`);
      // send-event finds the bot through DATA_DIR/bot.json, though its PORT is a random one.
      const sent = await cli(['send-event', 'examples/buyer-message.json']);
      expect(sent.stdout).toMatch(/^202 /);
      // The rows the CLI wrote are in the bot's database, and the bot's server is the one still running.
      expect(await app.database.db.select().from(orders)).toHaveLength(1);
      expect(await app.database.db.select().from(cases)).toHaveLength(1);
      expect(app.database.embedded!.pid).toBe(serverPid);
      process.kill(serverPid, 0);
    } finally {
      await app.stop();
    }
    // The last user out stopped the server (it was our child: exited, perhaps not yet reaped).
    expect(alive(serverPid)).toBe(false);
  });
});

describe('the CLI', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['bin/sellerdesk.mjs', ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('stops on a bad variable with one line naming it, and no stack trace', async () => {
    const r = await cli(['start'], { PORT: 'eighty' });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sellerdesk: configuration error: PORT: /);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('prints usage for unknown commands', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/Usage: sellerdesk <command>/);
  });

  it('imports a CSV, reports bad lines by number, and changes nothing on re-import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-cli-'));
    const { writeFileSync } = await import('node:fs');
    const csv = join(dir, 'orders.csv');
    writeFileSync(
      csv,
      'order_id,buyer_name,paid_at,total\nA-1,Dana,2026-11-20T10:00:00Z,12.50\nA-2,,2026-11-20T10:00:00Z,3\nA-3,Sam,yesterday,4\nA-4,Lee,2026-11-21T10:00:00Z,abc\n',
    );
    // DATA_DIR is the temporary directory itself: as root its server's user can reach it (a 0700
    // parent would send the cluster to /var/lib/sellerdesk, outside the temporary directory).
    const first = await cli(['import', 'orders', csv, '--shop', 'acme'], { DATA_DIR: dir });
    expect(first.stdout).toContain('line 3: buyer_name: ');
    expect(first.stdout).toContain('line 4: occurredAt: an ISO 8601 date-time');
    expect(first.stdout).toContain('line 5: total "abc" is not a number');
    expect(first.stdout).toContain('1 imported, 0 already imported, 3 rejected');
    const second = await cli(['import', 'orders', csv, '--shop', 'acme'], { DATA_DIR: dir });
    expect(second.stdout).toContain('0 imported, 1 already imported, 3 rejected');
  });
});
