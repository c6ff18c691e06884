import type { FastifyInstance } from 'fastify';
import type { Env } from './config.js';
import { loadConfigFile } from './config-file.js';
import { migrate, openDatabase, type Database } from './db/client.js';
import { syncConfig } from './db/repos/config-sync.js';
import { DeliveryWorker, pacingWithInterval } from './delivery/worker.js';
import { destinationsFromEnv, workflowDeps } from './deps.js';
import { adoptDefaultTeam } from './db/repos/shops.js';
import { outboxCounts } from './db/repos/outbox.js';
import { buildServer } from './http/server.js';
import { createLogger } from './log.js';
import type { PlatformAdapter } from './platforms/adapter.js';
import { createConsoleChat } from './platforms/console/chat.js';
import { systemClock, type Clock, type Logger } from './ports.js';
import { resolveWebhookSecret } from './webhook-secret.js';
import { announceBot } from './running-bot.js';
import { receiveEvent } from '../workflows/intake/index.js';
import type { WorkflowDeps } from '../workflows/deps.js';
import { createPlatformAdapters } from './platforms/index.js';
import { Scheduler } from './scheduler.js';
import { shopifyWebhooks } from './connectors/shopify/webhooks.js';
import { destinationSenders } from './delivery/destinations/index.js';
import { createClassifier } from './ai/index.js';
import { TriageWorker } from '../workflows/triage/index.js';
import { teamEscalationRules } from '../workflows/escalation/index.js';
import { buildJobs } from '../workflows/index.js';
import { recordShopifyRefund } from '../workflows/money/index.js';

export interface App {
  database: Database;
  server: FastifyInstance;
  worker: DeliveryWorker;
  deps: WorkflowDeps;
  url: string;
  webhookSecret: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** Replace the platform adapters built from the environment (tests). */
  adapters?: PlatformAdapter[];
  /** Do not run the delivery worker loop (tests drive it by hand). */
  manualDelivery?: boolean;
}

/** Composition root: config → database → workflows → adapters → delivery → HTTP. */
export async function startApp(env: Env, o: StartOptions = {}): Promise<App> {
  const clock = o.clock ?? systemClock;
  const log = o.log ?? createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const { path: configPath, config } = loadConfigFile(env.CONFIG_FILE);

  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    role: 'bot',
    log: log.child({ part: 'db' }),
  });
  const cleanup: Array<() => Promise<void>> = [() => database.close()];
  try {
    await migrate(database);
    if (configPath) {
      const n = await syncConfig(database.db, config, env.DEFAULT_TIME_ZONE, clock.now());
      log.info({ file: configPath, ...n }, 'config file applied');
    }
    const secret = resolveWebhookSecret(env.WEBHOOK_SECRET, env.DATA_DIR);
    if (secret.generated)
      log.info({ file: secret.source }, 'generated a webhook secret; senders sign events with it (or set WEBHOOK_SECRET)');

    const deps = workflowDeps(env, database.db, clock, log);
    const platforms = deps.routing.enabled;
    await adoptDefaultTeam(database.db, platforms[0] ?? 'console');

    const adapters = o.adapters ?? (await createPlatformAdapters(env, deps));
    const chats = adapters.map((a) => a.chat);
    if (!chats.some((c) => c.platform === 'console')) chats.push(createConsoleChat());
    const senders = destinationSenders(database.db, destinationsFromEnv(env, clock));
    cleanup.push(async () => senders.close());
    const worker = new DeliveryWorker({
      db: database.db,
      chats: [...chats, ...senders.chats],
      clock,
      metrics: deps.metrics,
      log: log.child({ part: 'delivery' }),
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      pacing: {
        ...senders.pacing,
        ...(env.DELIVERY_CHANNEL_INTERVAL_MS !== undefined ? pacingWithInterval(env.DELIVERY_CHANNEL_INTERVAL_MS) : {}),
      },
    });
    const triage = new TriageWorker(deps, { classifier: createClassifier(env, log.child({ part: 'ai' })), rules: teamEscalationRules() });

    let closing = false;
    const server = buildServer({
      clock,
      log: log.child({ part: 'http' }),
      webhookSecret: secret.secret,
      intake: (source, event, raw) => receiveEvent(deps, source, event, raw),
      ready: async () => !closing && (await database.ping().then(() => true)),
      rawRoutes: adapters.flatMap((a) => a.rawRoutes ?? []),
      metrics: deps.metrics,
      plugins: [
        shopifyWebhooks({
          ...deps,
          intake: (source, event, raw) => receiveEvent(deps, source, event, raw),
          recordRefund: (shop, id, refund, raw) => recordShopifyRefund(deps, shop, id, refund, raw),
        }),
      ],
      gauges: async () => {
        const counts = await outboxCounts(database.db);
        return Object.fromEntries(['pending', 'sending', 'sent', 'dead'].map((s) => [`outbox_messages{state="${s}"}`, counts[s] ?? 0]));
      },
    });
    for (const a of adapters) {
      await a.start();
      cleanup.unshift(() => a.stop());
    }
    const scheduler = new Scheduler(deps, log.child({ part: 'scheduler' }));
    if (env.SCHEDULER_ENABLED && !o.manualDelivery) {
      for (const job of buildJobs(env)) scheduler.add(job);
      cleanup.unshift(() => scheduler.stop());
    }
    if (!o.manualDelivery) {
      triage.start();
      cleanup.unshift(() => triage.stop());
    }
    if (env.DELIVERY_ENABLED && !o.manualDelivery) {
      worker.start();
      cleanup.unshift(() => worker.stop());
    }
    const url = await server.listen({ port: env.PORT, host: env.HOST });
    cleanup.unshift(async () => {
      closing = true;
      await server.close();
    });
    const unannounce = announceBot(env.DATA_DIR, url);
    cleanup.unshift(async () => unannounce());
    log.info({ url, database: database.location, platforms }, 'SellerDesk is ready');
    return {
      database,
      server,
      worker,
      deps,
      url,
      webhookSecret: secret.secret,
      async stop() {
        for (const fn of cleanup.splice(0)) {
          await fn().catch((err) => log.error({ err }, 'error while stopping'));
        }
      },
    };
  } catch (err) {
    for (const fn of cleanup) await fn().catch(() => {});
    throw err;
  }
}
