import type { Env } from '../config.js';

export async function discordRegister(env: Env, guild: string | undefined): Promise<number> {
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) {
    process.stderr.write('sellerdesk: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see README "Connect Discord")\n');
    return 2;
  }
  const { registerDiscordCommands } = await import('../platforms/discord/register.js');
  const result = await registerDiscordCommands({
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    apiUrl: env.DISCORD_API_URL,
    guildId: guild,
  });
  process.stdout.write(`${result}\n`);
  return 0;
}
