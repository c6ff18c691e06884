import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A private Dovecot IMAP server for tests (Debian `dovecot-imapd`): its own configuration,
 * run and mail directories under a temporary directory, a passwd-file user, plain-text
 * LOGIN on a loopback port. Nothing touches the machine's own Dovecot.
 */

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

/** The Dovecot binary (DOVECOT_BINARY overrides the search), or undefined when the package is not installed. */
export function dovecotBinary(): string | undefined {
  const candidates = process.env.DOVECOT_BINARY ? [process.env.DOVECOT_BINARY] : CANDIDATES;
  return candidates.find((p) => existsSync(p));
}

/** The one line a run without Dovecot prints. */
export const DOVECOT_MISSING =
  'IMAP tests skipped: Dovecot is not installed. Run them with: apt-get install -y dovecot-imapd (then npm test)';

export interface DovecotOptions {
  /** Replaces the capabilities announced after login, e.g. to offer no IDLE (polling tests). */
  capabilities?: string;
}

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** imap://user@127.0.0.1:port, the form the config file takes. */
  url: string;
  dir: string;
  /** APPENDs a raw message to `folder` (created when missing); resolves with its UID. */
  append(raw: string | Buffer, folder?: string, flags?: string[]): Promise<number>;
  /** A logged-in client for test set-up (create/delete folders, read flags); log it out after use. */
  client(): Promise<ImapFlow>;
  /** The capabilities a client sees after login. */
  capabilities(): Promise<string[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the server greets on `port`; rejects after `timeoutMs` (a real server event, not a sleep). */
async function waitForGreeting(port: number, child: ChildProcess, log: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${readLog(log)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.setTimeout(1000, () => (s.destroy(), resolve(false)));
      s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('* OK'))));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on ${port} within ${timeoutMs} ms: ${readLog(log)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const readLog = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').slice(-2000) : '(no log)');

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotServer> {
  const binary = dovecotBinary();
  if (!binary) throw new Error(DOVECOT_MISSING);
  const root = process.getuid?.() === 0;
  // Dovecot's mail processes run as the mail user: `nobody` when we are root, else ourselves.
  const me = userInfo();
  const [uid, gid, internal] = root ? [65534, 65534, 'nobody'] : [me.uid, me.gid, me.username];
  const dir = mkdtempSync(join(tmpdir(), 'sd-dovecot-'));
  chmodSync(dir, 0o755); // mkdtemp makes it 0700; the mail user must traverse it
  const run = join(dir, 'run');
  const home = join(dir, 'home', 'desk');
  mkdirSync(run, { recursive: true });
  mkdirSync(home, { recursive: true });
  if (root) chownSync(home, uid, gid);
  const user = 'desk@shop.test';
  const password = 'dovecot-test-password';
  const port = await freePort();
  const log = join(dir, 'dovecot.log');
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${home}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${run}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${log}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_internal_user = ${internal}`,
      `default_login_user = ${internal}`,
      ...(root ? [] : [`default_internal_group = ${userInfo().username}`]),
      'first_valid_uid = 0',
      'mail_location = maildir:~/Maildir',
      ...(opts.capabilities ? [`imap_capability = ${opts.capabilities}`] : []),
      `passdb {\n  driver = passwd-file\n  args = ${join(dir, 'passwd')}\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${join(dir, 'passwd')}\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n  chroot =\n}`,
      'service anvil {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'state'), { recursive: true });
  // The server keeps the true time, like PostgreSQL under `faketime`: Dovecot's master would be
  // shifted but not the processes it starts (it clears their environment), and its timeouts break.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LD_PRELOAD|FAKETIME.*|DYLD_INSERT_LIBRARIES)$/.test(k)));
  const child = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore', env });
  try {
    await waitForGreeting(port, child, log);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const connect = async (): Promise<ImapFlow> => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false });
    await c.connect();
    return c;
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: `imap://${encodeURIComponent(user)}@127.0.0.1:${port}`,
    dir,
    async append(raw, folder = 'INBOX', flags = []) {
      const c = await connect();
      try {
        if (folder !== 'INBOX' && !(await c.list()).some((m) => m.path === folder)) await c.mailboxCreate(folder);
        const res = await c.append(folder, raw, flags);
        if (!res || !res.uid) throw new Error('APPEND returned no UID');
        return res.uid;
      } finally {
        await c.logout();
      }
    },
    client: connect,
    async capabilities() {
      const c = await connect();
      try {
        return [...c.capabilities.keys()];
      } finally {
        await c.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
