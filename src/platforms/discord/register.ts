/**
 * Discord slash-command registration from the command registry (commands/index.ts):
 * the same definitions that drive Slack's manifest. Reads what is registered and
 * bulk-overwrites (PUT) only when it differs, so running it twice changes nothing.
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { CommandDef } from '../../../commands/define.js';
import { clip, stripInvisible } from './text.js';

export const COMMAND_LIMITS = {
  commands: 100,
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

export interface DiscordCommandOption {
  type: 3;
  name: string;
  description: string;
  required: boolean;
  choices?: { name: string; value: string }[];
}

export interface DiscordCommand {
  type: 1;
  name: string;
  description: string;
  options: DiscordCommandOption[];
}

const text = (s: string, max: number): string => clip(stripInvisible(s).replace(/\s+/g, ' ').trim(), max) || '…';

function checkName(name: string, what: string): string {
  if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name))
    throw new Error(`${what} "${name}" is not a valid Discord name (lowercase, 1-32 letters, digits, - or _)`);
  return name;
}

/** The registry as Discord application commands (CHAT_INPUT, string options; required ones first). */
export function discordCommandPayload(commands: readonly CommandDef[]): DiscordCommand[] {
  if (commands.length > COMMAND_LIMITS.commands)
    throw new Error(`Discord allows ${COMMAND_LIMITS.commands} commands, the registry has ${commands.length}`);
  return commands.map((c) => {
    if (c.options.length > COMMAND_LIMITS.options) throw new Error(`/${c.name}: Discord allows ${COMMAND_LIMITS.options} options`);
    // Discord rejects a required option after an optional one; options are matched by name, so order is free.
    const ordered = [...c.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
    return {
      type: 1,
      name: checkName(c.name, 'command'),
      description: text(c.description, COMMAND_LIMITS.description),
      options: ordered.map((opt) => {
        const option: DiscordCommandOption = {
          type: 3,
          name: checkName(opt.name, `option of /${c.name}`),
          description: text(opt.description, COMMAND_LIMITS.description),
          required: Boolean(opt.required),
        };
        if (opt.choices?.length) {
          option.choices = opt.choices
            .slice(0, COMMAND_LIMITS.choices)
            .map((v) => ({ name: text(v, COMMAND_LIMITS.choiceName), value: v.slice(0, COMMAND_LIMITS.choiceValue) }));
        }
        return option;
      }),
    };
  });
}

interface RemoteOption {
  type?: number;
  name?: string;
  description?: string;
  required?: boolean;
  choices?: { name?: string; value?: unknown }[];
}
interface RemoteCommand {
  type?: number;
  name?: string;
  description?: string;
  options?: RemoteOption[];
}

/** The parts of a command we set, in a canonical form (Discord omits `required: false`). */
function canonical(c: RemoteCommand): string {
  return JSON.stringify({
    type: c.type ?? 1,
    name: c.name,
    description: c.description ?? '',
    options: (c.options ?? []).map((o) => ({
      type: o.type,
      name: o.name,
      description: o.description ?? '',
      required: o.required ?? false,
      choices: (o.choices ?? []).map((ch) => ({ name: ch.name, value: ch.value })),
    })),
  });
}

/** Whether the registered commands already match the wanted ones (order of commands ignored). */
export function sameCommands(current: readonly RemoteCommand[], wanted: readonly RemoteCommand[]): boolean {
  if (current.length !== wanted.length) return false;
  const a = current.map(canonical).sort();
  const b = wanted.map(canonical).sort();
  return a.every((x, i) => x === b[i]);
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  apiUrl?: string | undefined;
  /** Register for one server (instant) instead of globally (may take up to an hour to show). */
  guildId?: string | undefined;
  /** Defaults to the registry in commands/index.ts. */
  commands?: readonly CommandDef[];
}

function explain(err: unknown, o: RegisterOptions): Error {
  if (err instanceof DiscordAPIError) {
    if (err.status === 401)
      return new Error('Discord refused DISCORD_TOKEN (401): reset the bot token in the Developer Portal and update it');
    if (err.status === 403 || err.code === 50001) {
      return new Error(
        o.guildId
          ? `Discord denied access to server ${o.guildId} (${err.code}): invite the bot there with the applications.commands scope`
          : `Discord denied access (${err.code}): check that DISCORD_APPLICATION_ID belongs to DISCORD_TOKEN`,
      );
    }
    return new Error(`Discord rejected the commands: ${err.status} ${err.code} ${err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Registers the slash commands; returns one line saying what happened. */
export async function registerDiscordCommands(o: RegisterOptions): Promise<string> {
  const registry = o.commands ?? (await import('../../../commands/index.js')).commands;
  const wanted = discordCommandPayload(registry);
  const rest = new REST({ version: '10', timeout: 15_000, ...(o.apiUrl ? { api: o.apiUrl } : {}) }).setToken(o.token);
  const route = o.guildId ? Routes.applicationGuildCommands(o.applicationId, o.guildId) : Routes.applicationCommands(o.applicationId);
  const where = o.guildId ? `for guild ${o.guildId}` : 'globally (they can take up to an hour to appear)';
  try {
    const current = (await rest.get(route)) as RemoteCommand[];
    if (sameCommands(current, wanted)) return `commands already up to date (${wanted.length})`;
    await rest.put(route, { body: wanted });
    return `${wanted.length} commands registered ${where}`;
  } catch (err) {
    throw explain(err, o);
  }
}
