import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, queryRows } from '../../src/db/client.js';
import { clusterPaths } from '../../src/db/embedded/cluster.js';
import { alive, runningPostmaster } from '../../src/db/embedded/postmaster.js';
import { attachEmbeddedServer, embeddedServerUsers, stopEmbeddedServer } from '../../src/db/embedded/shared-server.js';
import { BotProcess } from '../faults/bot-process.js';

/**
 * The embedded PostgreSQL of a data directory, shared by the processes that use it: one
 * server for all, stopped by the last one out; after a kill -9 the orphan of that directory
 * (and only that directory's) is stopped cleanly and started again.
 */
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sd-emb-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await stopEmbeddedServer(d);
});

describe('the embedded server of a data directory', () => {
  it('is one server for every user of the directory, stopped when the last one detaches', async () => {
    const dir = dataDir();
    const [a, b] = await Promise.all([
      attachEmbeddedServer(dir, { role: 'a', sync: false }),
      attachEmbeddedServer(dir, { role: 'b', sync: false }),
    ]);
    expect(a.pid).toBe(b.pid);
    expect([a.found, b.found].sort()).toEqual(['running', 'started']);
    expect(
      embeddedServerUsers(dir)
        .map((u) => u.role)
        .sort(),
    ).toEqual(['a', 'b']);
    await a.detach();
    expect(alive(a.pid)).toBe(true);
    await b.detach();
    expect(alive(a.pid)).toBe(false);
  });

  it('applies migrations once when two processes start together', async () => {
    const dir = dataDir();
    const [x, y] = await Promise.all([openDatabase({ dataDir: dir, role: 'x' }), openDatabase({ dataDir: dir, role: 'y' })]);
    try {
      await Promise.all([migrate(x), migrate(y)]);
      const applied = await queryRows<{ n: number }>(x.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      expect(applied[0]!.n).toBeGreaterThan(0);
      await migrate(y);
      expect((await queryRows<{ n: number }>(y.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]!.n).toBe(
        applied[0]!.n,
      );
    } finally {
      await x.close();
      await y.close();
    }
  });

  it('listens on no TCP port, and keeps its generated password in a file only its owner reads', async () => {
    const dir = dataDir();
    const s = await attachEmbeddedServer(dir, { role: 't', sync: false });
    try {
      const db = await openDatabase({ url: s.url, dataDir: dir });
      const rows = await queryRows<{ l: string; a: string }>(
        db.db,
        sql`SELECT current_setting('listen_addresses') AS l, current_setting('password_encryption') AS a`,
      );
      await db.close();
      expect(rows[0]).toEqual({ l: '', a: 'scram-sha-256' });
      const { statSync } = await import('node:fs');
      expect(statSync(clusterPaths(dir).passwordFile).mode & 0o077).toBe(0);
      expect(statSync(join(dir, 'database-url')).mode & 0o077).toBe(0);
    } finally {
      await s.detach();
    }
  });

  it('after a kill -9 of the bot, stops the orphaned server of its own directory and starts again, leaving another directory alone', async () => {
    const dir = dataDir();
    const other = await attachEmbeddedServer(dataDir(), { role: 'other', sync: false });
    const bot = new BotProcess(
      { DATA_DIR: dir, WEBHOOK_SECRET: 'orphan-secret-0123456789', DELIVERY_ENABLED: 'false', SCHEDULER_ENABLED: 'false' },
      3490,
    );
    await bot.start();
    const users = embeddedServerUsers(dir);
    expect(users.map((u) => u.role)).toEqual(['bot']);
    const orphan = runningPostmaster(clusterPaths(dir))!;
    await bot.kill9();
    expect(alive(orphan)).toBe(true); // the server outlives its bot
    try {
      const again = await attachEmbeddedServer(dir, { role: 'next' });
      expect(again.found).toBe('orphan-restarted');
      expect(alive(orphan)).toBe(false);
      expect(again.pid).not.toBe(orphan);
      expect(alive(other.pid)).toBe(true);
      await again.detach();
    } finally {
      await other.detach();
    }
  });

  it('ignores a postmaster.pid naming a live process that is not its server (a reused pid)', async () => {
    const dir = dataDir();
    const s = await attachEmbeddedServer(dir, { role: 't', sync: false });
    await s.detach();
    writeFileSync(join(clusterPaths(dir).clusterDir, 'postmaster.pid'), `${process.pid}\n${clusterPaths(dir).clusterDir}\n`);
    const again = await attachEmbeddedServer(dir, { role: 't' });
    expect(again.found).toBe('started');
    expect(alive(process.pid)).toBe(true);
    await again.detach();
  });
});
