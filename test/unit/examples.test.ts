import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, parseEvent } from '../../src/domain/events.js';

describe('examples/', () => {
  // Every .json sample except the two config files is an event.
  const files = readdirSync('examples').filter((f) => f.endsWith('.json') && !['sellerdesk.config.json', 'reminders.json'].includes(f));

  it.each(files)('%s is a valid event', (f) => {
    const parsed = parseEvent(JSON.parse(readFileSync(`examples/${f}`, 'utf8')));
    expect(parsed.ok ? 'ok' : parsed.error).toBe('ok');
  });

  it('has one sample per event type', () => {
    const types = files.map((f) => (JSON.parse(readFileSync(`examples/${f}`, 'utf8')) as { type: string }).type).sort();
    expect(types).toEqual([...EVENT_TYPES].sort());
  });
});
