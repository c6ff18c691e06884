import { enabledPlatforms, type Env } from './config.js';
import type { Db } from './db/client.js';
import { RoutingCache } from './db/repos/read-cache.js';
import type { RoutingDefaults } from './domain/routing.js';
import type { DestinationConfig } from './delivery/destinations/index.js';
import type { Clock, Logger } from './ports.js';
import { createDrafter } from './ai/index.js';
import { createConnectors } from './connectors/connector.js';
import { Metrics } from './metrics.js';
import type { WorkflowDeps } from '../workflows/deps.js';

export function routingFromEnv(env: Env): RoutingDefaults {
  return {
    enabled: enabledPlatforms(env),
    defaultChannel: { slack: env.SLACK_DEFAULT_CHANNEL, discord: env.DISCORD_DEFAULT_CHANNEL, console: 'console' },
  };
}

/** Email and webhook destinations for escalations, from the environment. */
export function destinationsFromEnv(env: Env, clock: Clock): DestinationConfig {
  const to = env.ESCALATION_EMAIL_TO?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(env.ESCALATION_SMTP_URL && env.ESCALATION_EMAIL_FROM
      ? { email: { smtpUrl: env.ESCALATION_SMTP_URL, from: env.ESCALATION_EMAIL_FROM, ...(to ? { to } : {}) } }
      : {}),
    ...(env.ESCALATION_WEBHOOK_SECRET
      ? {
          webhook: {
            secret: env.ESCALATION_WEBHOOK_SECRET,
            timeoutMs: env.ESCALATION_WEBHOOK_TIMEOUT_MS,
            clock,
            ...(env.ESCALATION_WEBHOOK_URL ? { url: env.ESCALATION_WEBHOOK_URL } : {}),
          },
        }
      : {}),
  };
}

export function workflowDeps(env: Env, db: Db, clock: Clock, log: Logger): WorkflowDeps {
  return {
    db,
    clock,
    log,
    cache: new RoutingCache(clock),
    connectors: createConnectors(clock),
    metrics: new Metrics(),
    routing: routingFromEnv(env),
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    escalationDestinations: destinationsFromEnv(env, clock),
    ...(env.OPENAI_API_KEY ? { drafter: createDrafter(env, log.child({ part: 'ai' })) } : {}),
  };
}
