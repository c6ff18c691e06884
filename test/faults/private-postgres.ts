import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A throw-away PostgreSQL cluster on its own port, for tests that stop the database.
 * The machine's shared cluster is never touched. PostgreSQL refuses to run as root, so
 * as root the cluster belongs to the postgres user.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'sd-pg-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private async as(cmd: string, args: string[]): Promise<void> {
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args]);
    else await run(join(BIN, cmd), args);
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      const { uid, gid } = await run('id', ['-u', 'postgres']).then(async (u) => ({
        uid: Number(u.stdout),
        gid: Number((await run('id', ['-g', 'postgres'])).stdout),
      }));
      chownSync(this.dir, uid, gid);
      chmodSync(this.dir, 0o700);
    }
    await this.as('initdb', ['-D', this.dir, '-U', 'postgres', '--auth=trust', '-N']);
  }

  start(): Promise<void> {
    return this.as('pg_ctl', [
      '-D',
      this.dir,
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=on`,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    return this.as('pg_ctl', ['-D', this.dir, '-m', mode, '-w', 'stop']);
  }
}
