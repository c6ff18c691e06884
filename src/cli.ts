import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadEnv, type Env } from './config.js';

const USAGE = `Usage: sellerdesk <command>

  start                          start the bot (intake server, delivery, schedules, chat platforms)
  migrate                        apply database migrations and exit
  send-event FILE.json [--fresh] [--keep-time] [--url URL]
                                 sign FILE with the webhook secret and post it to the intake server;
                                 the event happens now (its other times keep their distance) unless
                                 --keep-time; --fresh gives it a new id
  import orders FILE.csv --shop ID
                                 import orders from CSV (re-importing the same file changes nothing)
  run-job NAME [--team ID] [--dry-run]
                                 run a scheduled job once (see "sellerdesk run-job --list")
  doctor                         check configuration, database and platform credentials
  discord register [--guild ID]  register slash commands with Discord
  slack manifest                 print the Slack app manifest (create the app from it)
  shopify subscribe --shop ID --url URL [--dry-run]
                                 create the Shopify webhook subscriptions the desk needs (lists what
                                 exists, creates what is missing; URL is where Shopify reaches the desk)
  help                           this text

Configuration comes from the environment and .env (see .env.example).`;

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  const env = loadEnv();
  switch (command) {
    case 'start':
      return (await import('./cli/start.js')).start(env);
    case 'migrate':
      return (await import('./cli/migrate.js')).migrateCommand(env);
    case 'send-event': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { fresh: { type: 'boolean' }, 'keep-time': { type: 'boolean' }, url: { type: 'string' } },
      });
      if (!positionals[0]) return usage('send-event needs a FILE.json');
      return (await import('./cli/send-event.js')).sendEvent(env, positionals[0], {
        fresh: values.fresh,
        keepTime: values['keep-time'],
        url: values.url,
      });
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { shop: { type: 'string' } } });
      if (positionals[0] !== 'orders' || !positionals[1] || !values.shop) return usage('import orders FILE.csv --shop ID');
      return (await import('./cli/import-orders.js')).importOrdersCommand(env, positionals[1], values.shop);
    }
    case 'run-job': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { team: { type: 'string' }, 'dry-run': { type: 'boolean' }, list: { type: 'boolean' } },
      });
      return (await import('./cli/run-job.js')).runJobCommand(env, positionals[0], {
        team: values.team,
        dryRun: values['dry-run'] ?? false,
        list: values.list ?? false,
      });
    }
    case 'doctor':
      return (await import('./cli/doctor.js')).doctor(env);
    case 'slack': {
      if (rest[0] !== 'manifest') return usage('slack manifest');
      return (await import('./cli/slack-manifest.js')).slackManifestCommand(env);
    }
    case 'discord': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { guild: { type: 'string' } } });
      if (positionals[0] !== 'register') return usage('discord register [--guild ID]');
      return (await import('./cli/discord-register.js')).discordRegister(env, values.guild);
    }
    case 'shopify': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { shop: { type: 'string' }, url: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      });
      if (positionals[0] !== 'subscribe' || !values.shop || !values.url) return usage('shopify subscribe --shop ID --url URL [--dry-run]');
      return (await import('./cli/shopify-subscribe.js')).shopifySubscribe(env, {
        shop: values.shop,
        url: values.url,
        dryRun: values['dry-run'] ?? false,
      });
    }
    default:
      return usage(`unknown command "${command}"`);
  }
}

function usage(problem: string): number {
  process.stderr.write(`sellerdesk: ${problem}\n\n${USAGE}\n`);
  return 2;
}

export type { Env };

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined && code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`sellerdesk: configuration error: ${err.message}\n`);
      process.exitCode = 78;
      return;
    }
    const e = err as Error & { code?: string };
    process.stderr.write(`sellerdesk: ${e.message ?? String(err)}${process.env.LOG_LEVEL === 'debug' ? `\n${e.stack}` : ''}\n`);
    process.exitCode = 1;
  },
);
