import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retimeEvent } from '../../src/cli/send-event.js';
import { parseEvent } from '../../src/domain/events.js';

const NOW = new Date('2027-03-09T10:00:00Z');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

describe('send-event moves a sample to now unless --keep-time', () => {
  it('occurredAt becomes now; paidAt, shippedAt and deliveredAt keep their distance from it', () => {
    const e = retimeEvent(
      {
        id: 'x',
        type: 'order.paid',
        occurredAt: '2026-11-20T15:30:00Z',
        shopId: 's',
        data: { orderId: 'A', paidAt: '2026-11-20T13:30:00Z', deliveredAt: '2026-11-24T15:30:00Z', note: '2026-11-20T15:30:00Z' },
      },
      NOW,
    );
    expect(e.occurredAt).toBe('2027-03-09T10:00:00.000Z');
    expect(e.data).toEqual({
      orderId: 'A',
      paidAt: '2027-03-09T08:00:00.000Z',
      deliveredAt: '2027-03-13T10:00:00.000Z',
      note: '2026-11-20T15:30:00Z',
    });
  });

  it('leaves an event without a readable occurredAt as it is (intake will say what is wrong)', () => {
    const e = { id: 'x', occurredAt: 'yesterday', data: { paidAt: '2026-11-20T13:30:00Z' } };
    expect(retimeEvent(e, NOW)).toBe(e);
  });

  it('every example, moved to now, is still a valid event that happens now', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && !['reminders.json', 'sellerdesk.config.json'].includes(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const moved = retimeEvent(JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as Record<string, unknown>, NOW);
      const parsed = parseEvent(moved);
      expect(parsed.ok, f).toBe(true);
      expect(moved.occurredAt, f).toBe(NOW.toISOString());
    }
  });
});
