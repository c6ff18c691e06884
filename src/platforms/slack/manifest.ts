/**
 * The Slack app manifest, generated from the command registry so the slash commands
 * Slack knows are exactly the ones SellerDesk answers. docs/slack-app-manifest.json is
 * this output for Socket Mode (a test keeps it from drifting).
 */
import type { CommandDef } from '../../../commands/define.js';

export interface ManifestOptions {
  /** Display name (max 35 characters); default "SellerDesk". */
  name?: string;
  mode: 'socket' | 'http';
  /** HTTP mode: the public https URL of POST /slack/events (commands and interactivity). */
  requestUrl?: string;
}

/**
 * Every bot scope SellerDesk uses, and why. Nothing else is asked for: no users:read
 * (the acting user's id and name come in every command, click and submission payload),
 * no chat:write.public (the bot must be a member of the channels it posts to anyway,
 * because re-checking a post after a timeout reads the channel's history).
 */
export const BOT_SCOPES: ReadonlyArray<{ scope: string; why: string }> = [
  {
    scope: 'chat:write',
    why: 'post case cards and thread replies (chat.postMessage), update cards in place (chat.update), answer users privately (chat.postEphemeral)',
  },
  { scope: 'commands', why: 'the slash commands' },
  {
    scope: 'channels:history',
    why: 'after a failed or timed-out post, look for the earlier attempt in a public channel (conversations.history/replies) before posting again',
  },
  { scope: 'groups:history', why: 'the same in private channels' },
  {
    scope: 'channels:join',
    why: 'join a public channel a route names when the bot was not invited yet (conversations.join), instead of dropping its cards',
  },
  { scope: 'usergroups:read', why: 'team permissions may name user groups (S…): usergroups.users.list' },
];

export const APP_DESCRIPTION = 'Customer-service desk for marketplace seller teams: case cards, response clocks, refunds and reships.';

/** "/shop-status [shop]" → "[shop]". */
function usageHint(cmd: CommandDef): string | undefined {
  const hint = cmd.usage.startsWith(`/${cmd.name}`) ? cmd.usage.slice(cmd.name.length + 1).trim() : cmd.usage.trim();
  return hint ? hint.slice(0, 1000) : undefined;
}

/** Bot display names allow a-z 0-9 - _ . only. */
function botName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'sellerdesk'
  );
}

export function slackManifest(commands: readonly CommandDef[], opts: ManifestOptions): Record<string, unknown> {
  const name = (opts.name ?? 'SellerDesk').trim().slice(0, 35) || 'SellerDesk';
  if (opts.mode === 'http' && !opts.requestUrl)
    throw new Error('an HTTP-mode manifest needs the public request URL (https://…/slack/events)');
  const url = opts.mode === 'http' ? opts.requestUrl : undefined;
  const seen = new Set<string>();
  const slashCommands = commands.map((cmd) => {
    const command = `/${cmd.name}`;
    if (command.length > 32) throw new Error(`slash command ${command} is longer than Slack's 32 characters`);
    if (seen.has(command)) throw new Error(`slash command ${command} is registered twice`);
    seen.add(command);
    const hint = usageHint(cmd);
    return {
      command,
      ...(url ? { url } : {}),
      description: cmd.description.slice(0, 2000),
      ...(hint ? { usage_hint: hint } : {}),
      should_escape: false,
    };
  });
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: { name, description: APP_DESCRIPTION },
    features: {
      bot_user: { display_name: botName(name), always_online: true },
      slash_commands: slashCommands,
    },
    oauth_config: { scopes: { bot: BOT_SCOPES.map((s) => s.scope) } },
    settings: {
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: opts.mode === 'socket',
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as written to docs/slack-app-manifest.json. */
export function slackManifestJson(commands: readonly CommandDef[], opts: ManifestOptions): string {
  return `${JSON.stringify(slackManifest(commands, opts), null, 2)}\n`;
}
