import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config-file.js';

const write = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sd-cfg-')), 'c.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('config file', () => {
  it('accepts the documented example', () => {
    const { config } = loadConfigFile('examples/sellerdesk.config.json');
    expect(config.shops[0]).toMatchObject({ id: 'acme-ceramics', holidayCountry: 'US' });
    expect(config.teams[0]!.permissions?.refund).toEqual(['S0REFUNDERS']);
  });

  it('names the file, the path and the problem', () => {
    expect(() => loadConfigFile(write('{oops'))).toThrow(/^CONFIG_FILE: .*c.json is not valid JSON/);
    expect(() => loadConfigFile(write({ shops: [{ id: 's', team: 'nope' }] }))).toThrow(/shops\.0\.team: unknown team "nope"/);
    expect(() => loadConfigFile(write({ teams: [], shops: [{ id: 's', team: 'default', timeZone: 'Mars/Base' }] }))).toThrow(
      /shops\.0\.timeZone: an IANA time zone/,
    );
    expect(() => loadConfigFile(write({ shops: [{ id: 's', team: 'default', businessHours: { mon: [['17:00', '09:00']] } }] }))).toThrow(
      /businessHours/,
    );
    expect(() => loadConfigFile(write({ shops: [{ id: 's', team: 'default', businessHours: { mon: [['9am', '17:00']] } }] }))).toThrow(
      /HH:MM/,
    );
    expect(() => loadConfigFile('/nonexistent/x.json')).toThrow(/^CONFIG_FILE: \/nonexistent\/x.json does not exist/);
  });

  it('is optional', () => {
    expect(loadConfigFile(undefined).config).toEqual({ teams: [], shops: [] });
  });
});

describe('connector settings in the config file', () => {
  it('are checked at start, naming the shop field', () => {
    expect(() =>
      loadConfigFile(write({ shops: [{ id: 's', team: 'default', connector: { type: 'webhook', url: 'ftp://x', secret: 'short' } }] })),
    ).toThrow(/shops\.0\.connector\.url: an http\(s\) URL/);
    expect(() => loadConfigFile(write({ shops: [{ id: 's', team: 'default', connector: { type: 'carrier-pigeon' } }] }))).toThrow(
      /shops\.0\.connector\.type/,
    );
    expect(
      loadConfigFile(
        write({
          shops: [
            { id: 's', team: 'default', connector: { type: 'shopify', adminApiUrl: 'https://s.myshopify.com', accessToken: 'shpat_x' } },
          ],
        }),
      ).config.shops[0]!.connector,
    ).toMatchObject({ type: 'shopify' });
  });
});
