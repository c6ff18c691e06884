import { enabledPlatforms, type Env } from './config.js';
import type { Db } from './db/client.js';
import type { RoutingDefaults } from './domain/routing.js';
import type { Clock, Logger } from './ports.js';
import type { WorkflowDeps } from '../workflows/deps.js';

export function routingFromEnv(env: Env): RoutingDefaults {
  return {
    enabled: enabledPlatforms(env),
    defaultChannel: { slack: env.SLACK_DEFAULT_CHANNEL, discord: env.DISCORD_DEFAULT_CHANNEL, console: 'console' },
  };
}

export function workflowDeps(env: Env, db: Db, clock: Clock, log: Logger): WorkflowDeps {
  return { db, clock, log, routing: routingFromEnv(env), defaultTimeZone: env.DEFAULT_TIME_ZONE };
}
