import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadEnv } from '../../src/config.js';

describe('environment config', () => {
  it('starts with nothing set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './.data', SLACK_MODE: 'socket', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the problem in one line', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/^PORT: .*got "eighty"/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: a postgres:\/\/ or postgresql:\/\/ URL \(invalid value\)/);
    expect(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxp-1' })).toThrow(/^SLACK_BOT_TOKEN: a bot token starting with xoxb-/);
    expect(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^SLACK_APP_TOKEN: needed for SLACK_MODE=socket/);
    expect(() => loadEnv({ DEFAULT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/^DEFAULT_TIME_ZONE: unknown IANA time zone/);
    expect(() => loadEnv({ WEBHOOK_SECRET: 'short' })).toThrow(/^WEBHOOK_SECRET: at least 16 characters \(invalid value\)/);
  });

  it('never echoes a secret value in the error', () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: 'not-a-token-but-secret' });
    } catch (e) {
      expect((e as Error).message).not.toContain('not-a-token-but-secret');
    }
  });

  it('treats empty values as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('documents every variable in .env.example with a comment', () => {
    const example = readFileSync('.env.example', 'utf8').split('\n');
    for (const key of Object.keys(envSchema.shape)) {
      const at = example.findIndex((l) => l.startsWith(`${key}=`));
      expect(at, `${key} missing from .env.example`).toBeGreaterThan(0);
      expect(example[at - 1], `${key} needs a comment line above it`).toMatch(/^# /);
    }
    const documented = example.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});

describe('database availability', () => {
  it('recognises an outage through wrapped errors', async () => {
    const { isDatabaseUnavailable } = await import('../../src/db/client.js');
    const wrapped = Object.assign(new Error('Failed query: rollback\nparams: '), {
      cause: new Error('Connection terminated unexpectedly'),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { cause: Object.assign(new Error('y'), { code: '57P01' }) }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });
});
