import type { Env } from '../config.js';
import { slackManifestJson } from '../platforms/slack/manifest.js';
import { commands } from '../../commands/index.js';

export interface SlackManifestCommandOptions {
  /** HTTP mode: the public URL Slack posts to (https://host/slack/events). */
  requestUrl?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/**
 * `sellerdesk slack manifest`: prints the Slack app manifest for SLACK_MODE (paste it at
 * api.slack.com/apps → Create New App → From a manifest).
 */
export function slackManifestCommand(env: Env, o: SlackManifestCommandOptions = {}): number {
  const out = o.out ?? ((s: string) => void process.stdout.write(s));
  const err = o.err ?? ((s: string) => void process.stderr.write(s));
  let requestUrl = o.requestUrl;
  if (env.SLACK_MODE === 'http' && !requestUrl) {
    requestUrl = 'https://YOUR-PUBLIC-HOST/slack/events';
    err(
      'sellerdesk: SLACK_MODE=http: replace YOUR-PUBLIC-HOST in the manifest with the address Slack can reach (it posts to /slack/events on PORT)\n',
    );
  }
  out(slackManifestJson(commands, { mode: env.SLACK_MODE, ...(requestUrl ? { requestUrl } : {}) }));
  return 0;
}
