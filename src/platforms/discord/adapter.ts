/**
 * The Discord platform adapter: a discord.js gateway client for interactions (Guilds
 * intent only, nothing privileged) and a REST ChatPort for the delivery worker.
 * Interactions are routed by ./router.ts; replies are built by ./context.ts.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { AdapterOptions } from '../adapter-options.js';
import type { PlatformAdapter } from '../adapter.js';
import { createDiscordChat, createDiscordRest } from './chat.js';
import { createInteractionRouter, safeError } from './router.js';

export interface DiscordAdapterTuning {
  /** Defer an interaction whose reply is not ready after this long (default 1500 ms). */
  deferAfterMs?: number;
  /** How long start() waits for the gateway's ready (default 30 s). */
  readyTimeoutMs?: number;
}

export class DiscordStartError extends Error {
  override name = 'DiscordStartError';
}

export function createDiscordAdapter(o: AdapterOptions, tuning: DiscordAdapterTuning = {}): PlatformAdapter {
  const token = o.env.DISCORD_TOKEN;
  if (!token) throw new DiscordStartError('DISCORD_TOKEN is not set');
  const apiUrl = o.env.DISCORD_API_URL;
  const log = o.log;
  const chat = createDiscordChat({ rest: createDiscordRest({ token, ...(apiUrl ? { apiUrl } : {}) }), logger: log });

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot sends may ping unless a message lists its mentions explicitly.
    allowedMentions: { parse: [] },
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
  });
  const route = createInteractionRouter({ dispatcher: o.dispatcher, log, deferAfterMs: tuning.deferAfterMs, secrets: [token] });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => log.error({ err: safeError(err, [token]) }, 'discord client error'));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ code: ev.code, shard }, 'discord gateway disconnected; reconnecting'));

  return {
    chat,

    async start() {
      const readyTimeoutMs = tuning.readyTimeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, () => resolve());
        timer = setTimeout(
          () =>
            reject(
              new DiscordStartError(`Discord did not become ready within ${readyTimeoutMs} ms (gateway at ${apiUrl ?? 'discord.com'})`),
            ),
          readyTimeoutMs,
        );
      });
      ready.catch(() => undefined);
      try {
        await client.login(token);
        await ready;
      } catch (err) {
        await client.destroy().catch(() => undefined);
        const code = (err as { code?: unknown }).code;
        if (code === 'TokenInvalid') {
          throw new DiscordStartError(
            'Discord refused the login: DISCORD_TOKEN is not a valid bot token (Developer Portal > your app > Bot > Reset Token)',
          );
        }
        if (err instanceof DiscordStartError) throw err;
        throw new DiscordStartError(`could not connect to Discord: ${String(safeError(err, [token]).message)}`);
      } finally {
        clearTimeout(timer);
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
    },

    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      await client.destroy();
    },
  };
}
