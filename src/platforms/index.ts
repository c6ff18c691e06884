import type { Env } from '../config.js';
import { Dispatcher } from '../interactions/dispatch.js';
import { actions, commands } from '../../commands/index.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import type { PlatformAdapter } from './adapter.js';
import { createConsoleChat } from './console/chat.js';

export function createDispatcher(deps: WorkflowDeps): Dispatcher {
  return new Dispatcher(deps, commands, actions);
}

/** The adapters the environment asks for; the console when no chat platform is configured. */
export async function createPlatformAdapters(env: Env, deps: WorkflowDeps): Promise<PlatformAdapter[]> {
  const dispatcher = createDispatcher(deps);
  const adapters: PlatformAdapter[] = [];
  if (env.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('./slack/adapter.js');
    adapters.push(createSlackAdapter({ env, clock: deps.clock, dispatcher, log: deps.log.child({ platform: 'slack' }) }));
  }
  if (env.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./discord/adapter.js');
    adapters.push(createDiscordAdapter({ env, clock: deps.clock, dispatcher, log: deps.log.child({ platform: 'discord' }) }));
  }
  if (adapters.length === 0) adapters.push({ chat: createConsoleChat(), start: async () => {}, stop: async () => {} });
  return adapters;
}
