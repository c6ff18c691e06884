import type { Db } from '../src/db/client.js';
import type { RoutingCache } from '../src/db/repos/read-cache.js';
import type { RoutingDefaults } from '../src/domain/routing.js';
import type { Connectors } from '../src/connectors/connector.js';
import type { Metrics } from '../src/metrics.js';
import type { Clock, Logger } from '../src/ports.js';
import type { DestinationDefaults } from './escalation/index.js';
import type { ReplyDrafter } from '../src/ai/index.js';

/** What every workflow is given. No chat platform appears here: messages go through the outbox. */
export interface WorkflowDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The shop/team rows intake reads per event, cached on the Clock. */
  cache: RoutingCache;
  /** The connector of a shop (refund, reship, reply to the buyer); tests hand in fakes. */
  connectors: Connectors;
  /** The app's counters, shown at /metrics. */
  metrics: Metrics;
  routing: RoutingDefaults;
  /** Time zone for shops created on first sight. */
  defaultTimeZone: string;
  /** Email and webhook destinations for escalations, when the deployment has them. */
  escalationDestinations?: DestinationDefaults;
  /** Drafts replies with AI when configured; the approved templates otherwise. */
  drafter?: ReplyDrafter;
}
