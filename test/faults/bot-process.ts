import { spawn, type ChildProcess } from 'node:child_process';

/** The bot as its own process (`sellerdesk start`), for tests that kill or starve it. */
export class BotProcess {
  child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly env: Record<string, string>,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['bin/sellerdesk.mjs', 'start'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}): ${this.output.slice(-2000)}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the bot did not become ready: ${this.output.slice(-2000)}`);
  }

  /** SIGKILL: no shutdown hooks, like a crash or an OOM kill. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
