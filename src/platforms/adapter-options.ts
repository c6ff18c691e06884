import type { Env } from '../config.js';
import type { Dispatcher } from '../interactions/dispatch.js';
import type { Logger } from '../ports.js';
import type { WorkflowDeps } from '../../workflows/deps.js';

/** What main.ts gives a platform adapter factory. */
export interface AdapterOptions {
  env: Env;
  deps: WorkflowDeps;
  dispatcher: Dispatcher;
  log: Logger;
}
