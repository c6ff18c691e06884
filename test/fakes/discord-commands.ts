/** Application command registration in the fake Discord (bulk overwrite, global and per guild). */
import type { Answer } from './discord-channels.js';
import { FormErrors } from './discord-wire.js';
import type { Snowflakes } from './discord-wire.js';

type Body = Record<string, unknown>;
export interface CommandRegistration {
  scope: 'global' | 'guild';
  guildId?: string;
  body: Body[];
}

export class CommandRegistry {
  readonly registrations: CommandRegistration[] = [];
  private readonly saved = new Map<string, Body[]>();

  constructor(
    private readonly appId: string,
    private readonly ids: Snowflakes,
  ) {}

  route(method: string, app: string, guildId: string | undefined, body: unknown): Answer {
    if (app !== this.appId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    const key = guildId ?? 'global';
    if (method === 'GET') return { status: 200, body: this.saved.get(key) ?? [] };
    if (!Array.isArray(body))
      return {
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] },
        },
      };
    const invalid = validateCommands(body as Body[]);
    if (invalid) return { status: 400, body: invalid };
    const saved = (body as Body[]).map((c) => ({
      id: this.ids.next(),
      application_id: this.appId,
      version: this.ids.next(),
      type: 1,
      default_member_permissions: null,
      nsfw: false,
      ...(guildId ? { guild_id: guildId } : {}),
      ...c,
    }));
    this.saved.set(key, saved);
    this.registrations.push({ scope: guildId ? 'guild' : 'global', ...(guildId ? { guildId } : {}), body: body as Body[] });
    return { status: 200, body: saved };
  }
}

/** Discord's rules for chat-input commands: lowercase names of 1-32, descriptions of 1-100. */
function validateCommands(commands: Body[]): Body | null {
  const errs = new FormErrors();
  if (commands.length > 100) errs.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const names = new Set<string>();
  commands.forEach((c, i) => {
    const name = typeof c.name === 'string' ? c.name : '';
    const chatInput = c.type === undefined || c.type === 1;
    if (!/^[-_'\p{L}\p{N}]{1,32}$/u.test(name) || (chatInput && name !== name.toLowerCase())) {
      errs.add([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    if (names.has(name)) errs.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    names.add(name);
    const description = typeof c.description === 'string' ? c.description : '';
    if (chatInput && (description.length < 1 || description.length > 100)) {
      errs.add([i, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    if (Array.isArray(c.options) && c.options.length > 25)
      errs.add([i, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  });
  return errs.count ? errs.body() : null;
}
