import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * DATA_DIR/bot.json: where the running bot listens, so the CLI beside it (send-event, import,
 * doctor) finds it whatever PORT the second terminal has. Written once the bot listens,
 * removed when it stops; a file left by a killed bot names a dead pid and is ignored.
 */
export interface RunningBot {
  pid: number;
  url: string;
}

const file = (dataDir: string) => join(dataDir, 'bot.json');

export function announceBot(dataDir: string, url: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file(dataDir), `${JSON.stringify({ pid: process.pid, url } satisfies RunningBot)}\n`, { mode: 0o600 });
  return () => {
    if (runningBot(dataDir)?.pid === process.pid) rmSync(file(dataDir), { force: true });
  };
}

export function runningBot(dataDir: string): RunningBot | undefined {
  try {
    const bot = JSON.parse(readFileSync(file(dataDir), 'utf8')) as RunningBot;
    process.kill(bot.pid, 0);
    return bot;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? (JSON.parse(readFileSync(file(dataDir), 'utf8')) as RunningBot) : undefined;
  }
}
