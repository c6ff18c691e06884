import { DateTime } from 'luxon';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import type { OpenCasesInput, ResponseTimesInput, ShippingInput, StandingTrendInput } from '../../src/ui/charts/index.js';

/**
 * One fixed dataset per chart: the golden SVGs, the PNG checks and docs/charts/ are made from
 * these. November 2026 in New York, across the end of daylight saving time (1 Nov).
 */

export const SHOP = { name: 'Maple & Thread', timeZone: 'America/New_York' };

/** A small deterministic generator, so the data looks real but never changes. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const localDay = (iso: string, plusDays = 0): Date =>
  DateTime.fromISO(iso, { zone: SHOP.timeZone }).plus({ days: plusDays }).startOf('day').toJSDate();

export function responseTimesDataset(): ResponseTimesInput {
  const r = noise(17);
  return {
    shop: SHOP,
    channel: 'message',
    clock: DEFAULT_CLOCKS.message,
    marketplaceDeadline: { mode: 'calendar', minutes: 48 * 60 },
    days: Array.from({ length: 30 }, (_, i) => {
      const weekend = [5, 6].includes(i % 7);
      const slow = i >= 18 && i <= 21; // a bad week: the team was short-handed
      const quiet = i === 9; // no buyer wrote that day
      return {
        day: localDay('2026-11-01', i),
        firstReplyMinutes: quiet ? null : Math.round((weekend ? 150 : 45) * (slow ? 6 : 1) * (0.6 + r())),
        nextReplyMinutes: quiet ? null : Math.round((weekend ? 240 : 70) * (slow ? 4 : 1) * (0.6 + r())),
        cases: quiet ? 0 : 4 + Math.round(r() * 8),
      };
    }),
  };
}

export function shippingDataset(): ShippingInput {
  const shipDue = [42, 38, 45, 51, 47, 39, 44, 58, 61, 49, 46, 52, 55];
  const late = [1, 2, 1, 3, 2, 2, 1, 6, 9, 5, 3, 2, 4];
  const untracked = [0, 1, 0, 1, 2, 0, 1, 3, 2, 1, 0, 1, 1];
  return {
    shop: SHOP,
    weeks: shipDue.map((due, i) => ({
      weekStart: localDay('2026-09-07', i * 7),
      shipDue: due,
      shippedOnTime: due - late[i]!,
      shipped: due - 1,
      validTracking: due - 1 - untracked[i]!,
    })),
    onTimeThresholds: [
      { label: 'At risk below 90%', value: 0.9 },
      { label: 'Under review below 75%', value: 0.75 },
    ],
    trackingThresholds: [{ label: 'Valid tracking 95%', value: 0.95 }],
  };
}

export function openCasesDataset(): OpenCasesInput {
  return {
    shop: SHOP,
    asOf: DateTime.fromISO('2026-11-30T16:00', { zone: SHOP.timeZone }).toJSDate(),
    counts: [
      { kind: 'message', band: 'under-2h', open: 6 },
      { kind: 'message', band: '2h-24h', open: 4 },
      { kind: 'message', band: '1d-2d', open: 2 },
      { kind: 'review', band: '2h-24h', open: 1 },
      { kind: 'review', band: '2d-7d', open: 2 },
      { kind: 'return', band: 'under-2h', open: 1 },
      { kind: 'return', band: '1d-2d', open: 3 },
      { kind: 'return', band: '2d-7d', open: 1 },
      { kind: 'dispute', band: '2d-7d', open: 1 },
      { kind: 'dispute', band: 'over-7d', open: 2 },
      { kind: 'chargeback', band: 'over-7d', open: 1 },
    ],
  };
}

export function standingTrendDataset(): StandingTrendInput {
  const history = [
    0.97, 0.97, 0.96, 0.97, 0.96, 0.96, 0.95, 0.95, 0.96, 0.95, 0.94, 0.95, 0.94, 0.94, 0.93, 0.94, 0.93, 0.93, 0.92, 0.93, 0.92, 0.92,
    0.91, 0.92, 0.91, 0.91, 0.905, 0.91, 0.9, 0.905,
  ];
  return {
    shop: SHOP,
    metric: 'On-time shipping (last 30 days)',
    unit: 'ratio',
    betterWhen: 'higher',
    history: history.map((value, i) => ({ day: localDay('2026-11-01', i), value })),
    forecast: Array.from({ length: 14 }, (_, i) => ({
      day: localDay('2026-12-01', i),
      value: Math.round((0.9 - 0.0024 * (i + 1)) * 1000) / 1000,
    })),
    thresholds: [
      { label: 'At risk below 90%', value: 0.9 },
      { label: 'Under review below 75%', value: 0.75 },
    ],
  };
}
