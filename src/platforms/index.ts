import type { Env } from '../config.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import type { PlatformAdapter } from './adapter.js';
import { createConsoleChat } from './console/chat.js';

/** The adapters the environment asks for; the console when no chat platform is configured. */
export async function createPlatformAdapters(env: Env, _deps: WorkflowDeps): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (adapters.length === 0 || (!env.SLACK_BOT_TOKEN && !env.DISCORD_TOKEN)) {
    adapters.push({ chat: createConsoleChat(), start: async () => {}, stop: async () => {} });
  }
  return adapters;
}
