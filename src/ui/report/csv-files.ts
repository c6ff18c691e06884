import { DateTime } from 'luxon';
import type { CaseKind, ResolutionType } from '../../domain/types.js';
import { kindLabel } from '../format.js';
import { toCsv, type CsvColumn } from './csv.js';

/**
 * The report's three CSV files. Rows are plain figures (one source of numbers: the caller reads
 * them from the database once and hands the same rows to the text, the charts and these files).
 * Times are written in the shop's zone with their offset (ISO 8601: sortable and unambiguous).
 */

export type ClockBreach = 'target' | 'maximum' | 'marketplace deadline';

export interface CaseReportRow {
  id: number | string;
  kind: CaseKind;
  marketplace: string;
  orderExternalId?: string | null;
  /** Buyer text: neutralised like every text cell. */
  subject?: string | null;
  openedAt: Date;
  firstReplyAt: Date | null;
  resolvedAt: Date | null;
  resolution: ResolutionType | null;
  refundedCents: number | null;
  currency: string;
  /** Which clocks the first reply missed (or, unanswered, has passed). */
  breached: ClockBreach[];
}

export interface OrderReportRow {
  externalId: string;
  marketplace: string;
  paidAt: Date | null;
  shipBy: Date | null;
  shippedAt: Date | null;
  cancelledAt: Date | null;
  carrier: string | null;
  tracking: string | null;
  /** Whether the carrier recognised the tracking number; null when unknown. */
  trackingValid: boolean | null;
  valueCents: number | null;
  currency: string;
}

export interface MetricReportRow {
  metric: string;
  /** A ratio (0..1), a count or minutes, as `unit` says; null when there was nothing to measure. */
  value: number | null;
  unit: 'ratio' | 'count' | 'minutes';
  /** The figure as the text shows it, e.g. "92.7% of 55". */
  shown: string;
  threshold?: number | null;
}

const at = (d: Date | null | undefined, zone: string): string =>
  d ? (DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) ?? d.toISOString()) : '';

const amount = (cents: number | null | undefined): string => (cents == null ? '' : (cents / 100).toFixed(2));

const minutesBetween = (a: Date, b: Date | null): number | null => (b ? Math.round((b.getTime() - a.getTime()) / 60_000) : null);

const onTime = (o: OrderReportRow): boolean | null => (o.shipBy && o.shippedAt ? o.shippedAt <= o.shipBy : null);

export function casesCsv(rows: readonly CaseReportRow[], timeZone: string): string {
  const columns: CsvColumn<CaseReportRow>[] = [
    { header: 'Case', value: (r) => String(r.id) },
    { header: 'Kind', value: (r) => kindLabel(r.kind) },
    { header: 'Marketplace', value: (r) => r.marketplace },
    { header: 'Order', value: (r) => r.orderExternalId },
    { header: 'Subject', value: (r) => r.subject },
    { header: 'Opened', value: (r) => at(r.openedAt, timeZone) },
    { header: 'First reply', value: (r) => at(r.firstReplyAt, timeZone) },
    { header: 'First reply after (minutes)', value: (r) => minutesBetween(r.openedAt, r.firstReplyAt) },
    { header: 'Resolved', value: (r) => at(r.resolvedAt, timeZone) },
    { header: 'Resolution', value: (r) => r.resolution?.replace(/_/g, ' ') },
    { header: 'Refunded', value: (r) => amount(r.refundedCents) },
    { header: 'Currency', value: (r) => (r.refundedCents == null ? '' : r.currency) },
    { header: 'Breached', value: (r) => r.breached.join('; ') },
  ];
  return toCsv(columns, rows);
}

export function ordersCsv(rows: readonly OrderReportRow[], timeZone: string): string {
  const columns: CsvColumn<OrderReportRow>[] = [
    { header: 'Order', value: (r) => r.externalId },
    { header: 'Marketplace', value: (r) => r.marketplace },
    { header: 'Paid', value: (r) => at(r.paidAt, timeZone) },
    { header: 'Ship by', value: (r) => at(r.shipBy, timeZone) },
    { header: 'Shipped', value: (r) => at(r.shippedAt, timeZone) },
    { header: 'Shipped on time', value: onTime },
    { header: 'Cancelled', value: (r) => at(r.cancelledAt, timeZone) },
    { header: 'Carrier', value: (r) => r.carrier },
    { header: 'Tracking', value: (r) => r.tracking },
    { header: 'Tracking valid', value: (r) => r.trackingValid },
    { header: 'Value', value: (r) => amount(r.valueCents) },
    { header: 'Currency', value: (r) => r.currency },
  ];
  return toCsv(columns, rows);
}

export function metricsCsv(rows: readonly MetricReportRow[]): string {
  const columns: CsvColumn<MetricReportRow>[] = [
    { header: 'Metric', value: (r) => r.metric },
    { header: 'Value', value: (r) => r.value },
    { header: 'Unit', value: (r) => r.unit },
    { header: 'Shown as', value: (r) => r.shown },
    { header: 'Threshold', value: (r) => r.threshold },
  ];
  return toCsv(columns, rows);
}
