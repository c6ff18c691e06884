import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { slackManifestCommand } from '../../src/cli/slack-manifest.js';
import { loadEnv } from '../../src/config.js';
import { BOT_SCOPES, slackManifest, slackManifestJson } from '../../src/platforms/slack/manifest.js';

const committed = new URL('../../docs/slack-app-manifest.json', import.meta.url);

describe('Slack app manifest', () => {
  it('docs/slack-app-manifest.json is exactly what the generator produces (regenerate: sellerdesk slack manifest > docs/slack-app-manifest.json)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(slackManifestJson(commands, { mode: 'socket' }));
  });

  it('registers every command of the registry with its description and usage hint, in Socket Mode with interactivity', () => {
    const m = slackManifest(commands, { mode: 'socket' }) as {
      features: {
        slash_commands: Array<{ command: string; description: string; usage_hint?: string; url?: string }>;
        bot_user: { display_name: string };
      };
      settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
      oauth_config: { scopes: { bot: string[] } };
    };
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    for (const cmd of commands) {
      const entry = m.features.slash_commands.find((c) => c.command === `/${cmd.name}`);
      expect(entry?.description).toBe(cmd.description);
      expect(`/${cmd.name} ${entry?.usage_hint ?? ''}`.trim()).toBe(cmd.usage);
      expect(entry?.url).toBeUndefined();
    }
    expect(m.features.bot_user.display_name).toMatch(/^[a-z0-9._-]+$/);
    expect(m.settings).toMatchObject({ interactivity: { is_enabled: true }, socket_mode_enabled: true });
    expect(m.oauth_config.scopes.bot).toEqual([
      'chat:write',
      'commands',
      'channels:history',
      'groups:history',
      'channels:join',
      'usergroups:read',
    ]);
    expect(BOT_SCOPES.every((s) => s.why.length > 10)).toBe(true);
  });

  it('HTTP mode points commands and interactivity at the request URL, and needs one', () => {
    const url = 'https://desk.example.com/slack/events';
    const m = slackManifest(commands, { mode: 'http', requestUrl: url, name: 'Acme Desk' }) as {
      display_information: { name: string };
      features: { slash_commands: Array<{ url?: string }>; bot_user: { display_name: string } };
      settings: { interactivity: { request_url?: string }; socket_mode_enabled: boolean };
    };
    expect(m.features.slash_commands.every((c) => c.url === url)).toBe(true);
    expect(m.settings).toMatchObject({ interactivity: { request_url: url }, socket_mode_enabled: false });
    expect(m.display_information.name).toBe('Acme Desk');
    expect(m.features.bot_user.display_name).toBe('acme-desk');
    expect(() => slackManifest(commands, { mode: 'http' })).toThrow(/request URL/);
  });

  it('the CLI prints the manifest for SLACK_MODE', () => {
    let out = '';
    let err = '';
    expect(slackManifestCommand(loadEnv({}), { out: (s) => (out += s), err: (s) => (err += s) })).toBe(0);
    expect(out).toBe(slackManifestJson(commands, { mode: 'socket' }));
    expect(err).toBe('');
    out = '';
    slackManifestCommand(loadEnv({ SLACK_MODE: 'http' }), { out: (s) => (out += s), err: (s) => (err += s) });
    expect(JSON.parse(out).settings.socket_mode_enabled).toBe(false);
    expect(err).toMatch(/YOUR-PUBLIC-HOST/);
  });
});
