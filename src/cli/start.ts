import type { Env } from '../config.js';
import { startApp } from '../main.js';

/** Runs until SIGTERM/SIGINT, then stops intake, finishes in-flight work and closes the database. */
export async function start(env: Env): Promise<number> {
  const app = await startApp(env);
  const log = app.deps.log;
  if (!env.WEBHOOK_SECRET) log.info(`try it: npm run sellerdesk -- send-event examples/buyer-message.json`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: intake stops, in-flight work finishes');
      const force = setTimeout(() => {
        log.error('shutdown took too long; exiting');
        resolve(1);
      }, env.SHUTDOWN_TIMEOUT_MS);
      force.unref();
      app.stop().then(() => {
        clearTimeout(force);
        log.info('stopped');
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }).then((code) => {
    // Open handles (sockets of chat SDKs) must not keep a stopped bot alive.
    setTimeout(() => process.exit(code), 100).unref();
    return code;
  });
}
