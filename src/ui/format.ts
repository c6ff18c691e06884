/**
 * Shared formatting: money, dates and the labels people read on cards, in one place so every
 * card, reply and message says a thing the same way. Pure functions without I/O (luxon only),
 * so every layer may use them, the domain's advice texts included.
 */
import { DateTime } from 'luxon';
import type { CaseKind, CaseStatus, ClockChannel, EscalationReason } from '../domain/types.js';

/** "$24.50" (en-US currency format); "24.50 XYZ" for a currency code Intl does not know. */
export function formatMoney(cents: number, currency = 'USD'): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** "12.5%", or "n/a" of nothing. */
export const percent = (part: number, whole: number): string => (whole === 0 ? 'n/a' : `${Math.round((part / whole) * 1000) / 10}%`);

/** "2026-12-01" (UTC). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** "2026-12-01 14:05 UTC" */
export const utcMinute = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** "14:05" (UTC). */
export const utcTime = (d: Date): string => d.toISOString().slice(11, 16);

/** "Tue 8 Dec 2026" in `timeZone`. */
export const formatDay = (d: Date, timeZone: string): string =>
  DateTime.fromJSDate(d, { zone: timeZone }).setLocale('en-GB').toFormat('ccc d LLL yyyy');

/** "Tue 1 Dec" in `timeZone`. */
export const shortDay = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).setLocale('en-GB').toFormat('ccc d LLL');

/** "Tue 1 Dec 2026 10:00 America/New_York" */
export const describeInstant = (at: Date, timeZone: string): string =>
  `${DateTime.fromJSDate(at, { zone: timeZone }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm')} ${timeZone}`;

/** "December 2026" for "2026-12". */
export const monthLabel = (key: string): string => {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return DateTime.utc(year, month, 1).setLocale('en-GB').toFormat('LLLL yyyy');
};

/** "Jane" of "Jane Doe"; "Buyer" when there is no name. */
export const firstName = (name: string | null | undefined): string => (name ?? '').trim().split(/\s+/)[0] || 'Buyer';

/** "waiting on buyer" of "waiting_on_buyer". */
export const words = (code: string): string => code.replace(/_/g, ' ');

export const KIND_LABEL: Record<CaseKind, string> = {
  message: 'Buyer message',
  review: 'Negative review',
  return: 'Return request',
  dispute: 'Dispute',
  chargeback: 'Chargeback',
};

/** The label of a case kind; the code itself for one this version does not know. */
export const kindLabel = (kind: string): string => KIND_LABEL[kind as CaseKind] ?? kind;

export const STATUS_LABEL: Record<CaseStatus, string> = {
  open: 'Open: waiting for our first reply',
  acknowledged: 'Acknowledged',
  waiting_on_buyer: 'Waiting on the buyer',
  escalated: 'Escalated to platform support',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The standards' response-time channels, as table rows say them. */
export const CHANNEL_LABEL: Record<ClockChannel, string> = { message: 'Messages', review: 'Reviews', return: 'Returns', issue: 'Issues' };

export const channelLabel = (channel: string): string => CHANNEL_LABEL[channel as ClockChannel] ?? channel;

export const REASON_LABEL: Record<EscalationReason, string> = {
  abusive: 'Abusive buyer',
  fraudulent: 'Fraudulent claim',
  unresolvable_dispute: 'Dispute we cannot resolve',
  policy_violation: 'Policy violation by the buyer',
};

/** Where a connector sends a decision, in a sentence: "issued through Shopify". */
const CONNECTOR_NAME: Record<string, string> = { shopify: 'Shopify', webhook: 'your webhook endpoint', manual: 'the manual connector' };

export const connectorName = (type: string): string => CONNECTOR_NAME[type] ?? type;
