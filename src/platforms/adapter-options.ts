import type { Env } from '../config.js';
import type { Dispatcher } from '../interactions/dispatch.js';
import type { Clock, Logger } from '../ports.js';

/** What main.ts gives a platform adapter factory. */
export interface AdapterOptions {
  env: Env;
  /** The app's Clock (caches of user-group members expire on it). */
  clock: Clock;
  dispatcher: Dispatcher;
  log: Logger;
}
