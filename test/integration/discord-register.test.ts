/** Slash-command registration from the registry, against FakeDiscord's command endpoints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CommandDef } from '../../commands/define.js';
import { discordCommandPayload, registerDiscordCommands, sameCommands } from '../../src/platforms/discord/register.js';
import { DEFAULT_GUILD, FakeDiscord } from '../fakes/discord-server.js';

describe('discordCommandPayload', () => {
  it('turns every registry command into a CHAT_INPUT command with string options, required first', () => {
    const payload = discordCommandPayload(commands);
    expect(payload.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of payload) {
      expect(c.type).toBe(1);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      const required = c.options.map((o) => o.required);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of c.options) expect(o.type).toBe(3);
    }
    const cases = payload.find((c) => c.name === 'cases');
    expect(cases?.options).toEqual([
      {
        type: 3,
        name: 'filter',
        description: 'open, overdue or mine',
        required: false,
        choices: ['open', 'overdue', 'mine'].map((v) => ({ name: v, value: v })),
      },
    ]);
    const escalate = payload.find((c) => c.name === 'escalate');
    expect(escalate?.options.map((o) => [o.name, o.required])).toEqual([
      ['case', true],
      ['reason', true],
      ['note', false],
    ]);
  });

  it('clips long descriptions and refuses names Discord would reject', () => {
    const long = { ...commands[0]!, description: 'x'.repeat(300) } as CommandDef;
    expect(discordCommandPayload([long])[0]?.description).toHaveLength(100);
    expect(() => discordCommandPayload([{ ...commands[0]!, name: 'Shop Status' } as CommandDef])).toThrow(/not a valid Discord name/);
  });

  it('compares ignoring command order and the defaults Discord adds', () => {
    const wanted = discordCommandPayload(commands);
    const remote = [...wanted]
      .reverse()
      .map((c) => ({ ...c, id: '1', version: '2', options: c.options.map(({ required, ...o }) => (required ? { ...o, required } : o)) }));
    expect(sameCommands(remote, wanted)).toBe(true);
    expect(sameCommands(remote.slice(1), wanted)).toBe(false);
    expect(sameCommands([{ ...remote[0]!, description: 'changed' }, ...remote.slice(1)], wanted)).toBe(false);
  });
});

describe('registerDiscordCommands against FakeDiscord', () => {
  const discord = new FakeDiscord();
  const guildId = DEFAULT_GUILD.id;
  beforeAll(() => discord.start());
  afterAll(() => discord.stop());
  const opts = () => ({ token: discord.token, applicationId: discord.appId, apiUrl: discord.apiUrl });

  it('registers the guild commands once; a second run says they are up to date and PUTs nothing', async () => {
    expect(await registerDiscordCommands({ ...opts(), guildId })).toBe(`${commands.length} commands registered for guild ${guildId}`);
    expect(discord.commandRegistrations).toHaveLength(1);
    expect(discord.commandRegistrations[0]).toMatchObject({ scope: 'guild', guildId });
    expect(discord.commandRegistrations[0]?.body.map((c) => c.name)).toEqual(['shop-status', 'cases', 'case', 'escalate', 'sellerdesk']);

    expect(await registerDiscordCommands({ ...opts(), guildId })).toBe(`commands already up to date (${commands.length})`);
    expect(discord.commandRegistrations).toHaveLength(1);
    expect(discord.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('registers globally separately, and overwrites again when a definition changes', async () => {
    expect(await registerDiscordCommands(opts())).toMatch(new RegExp(`^${commands.length} commands registered globally`));
    expect(discord.commandRegistrations.at(-1)?.scope).toBe('global');
    const changed = commands.map((c) => (c.name === 'cases' ? { ...c, description: 'List cases' } : c));
    expect(await registerDiscordCommands({ ...opts(), commands: changed })).toMatch(/commands registered globally/);
    expect(discord.commandRegistrations).toHaveLength(3);
    expect(await registerDiscordCommands({ ...opts(), commands: changed })).toBe(`commands already up to date (${commands.length})`);
  });

  it('explains a refused token without printing it', async () => {
    const err = await registerDiscordCommands({ ...opts(), token: 'wrong-token', guildId }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/DISCORD_TOKEN/);
    expect((err as Error).message).not.toContain('wrong-token');
  });
});
