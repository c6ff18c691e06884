import { parse } from 'csv-parse/sync';
import { parseEvent, type IntakeEvent } from '../../src/domain/events.js';
import type { WorkflowDeps } from '../deps.js';
import { receiveEvent } from './receive-event.js';

/**
 * Orders from a CSV file with a header row. Columns (case-insensitive):
 *   order_id, buyer_name (required), paid_at (required, ISO 8601),
 *   buyer_email, buyer_id, items ("2 x Mug; 1 x Card"), total, currency, custom (yes/no),
 *   shipped_at, carrier, tracking, delivered_at, insured (yes/no)
 * Each row becomes order.paid (and order.shipped / order.delivered when given) events with
 * ids derived from the shop and order, so re-importing the same file changes nothing.
 */

export interface ImportReport {
  imported: number;
  unchanged: number;
  errors: Array<{ line: number; reason: string }>;
}

const yes = (v: string | undefined) => /^(y|yes|true|1)$/i.test((v ?? '').trim());

function parseItems(v: string | undefined): Array<{ title: string; quantity: number }> {
  if (!v?.trim()) return [];
  return v.split(';').map((part) => {
    const m = /^\s*(\d+)\s*[x×]\s*(.+?)\s*$/i.exec(part);
    return m ? { quantity: Number(m[1]), title: m[2]! } : { quantity: 1, title: part.trim() };
  });
}

function rowEvents(shopId: string, r: Record<string, string>): IntakeEvent[] | string {
  const orderId = r.order_id?.trim();
  if (!orderId) return 'order_id is empty';
  if (!r.paid_at?.trim()) return 'paid_at is empty (ISO 8601, e.g. 2026-11-20T15:04:00Z)';
  const total = r.total?.trim() ? Number(r.total) : undefined;
  if (total !== undefined && !Number.isFinite(total)) return `total "${r.total}" is not a number`;
  const raw: unknown[] = [
    {
      id: `csv:${shopId}:${orderId}:paid`,
      type: 'order.paid',
      occurredAt: r.paid_at.trim(),
      shopId,
      data: {
        orderId,
        buyer: {
          name: r.buyer_name?.trim() ?? '',
          ...(r.buyer_email?.trim() ? { email: r.buyer_email.trim() } : {}),
          ...(r.buyer_id?.trim() ? { id: r.buyer_id.trim() } : {}),
        },
        items: parseItems(r.items),
        ...(total !== undefined ? { total: { amount: total, currency: (r.currency?.trim() || 'USD').toUpperCase() } } : {}),
        custom: yes(r.custom),
        insured: yes(r.insured),
      },
    },
  ];
  if (r.shipped_at?.trim())
    raw.push({
      id: `csv:${shopId}:${orderId}:shipped`,
      type: 'order.shipped',
      occurredAt: r.shipped_at.trim(),
      shopId,
      data: {
        orderId,
        ...(r.carrier?.trim() ? { carrier: r.carrier.trim() } : {}),
        ...(r.tracking?.trim() ? { tracking: r.tracking.trim() } : {}),
      },
    });
  if (r.delivered_at?.trim())
    raw.push({
      id: `csv:${shopId}:${orderId}:delivered`,
      type: 'order.delivered',
      occurredAt: r.delivered_at.trim(),
      shopId,
      data: { orderId },
    });
  const events: IntakeEvent[] = [];
  for (const e of raw) {
    const p = parseEvent(e);
    if (!p.ok) return p.error.replace(/^data\./, '').replace(/^buyer\.name/, 'buyer_name');
    events.push(p.event);
  }
  return events;
}

export async function importOrdersCsv(deps: WorkflowDeps, csv: Buffer | string, shopId: string): Promise<ImportReport> {
  const send = (e: IntakeEvent) => receiveEvent(deps, 'csv', e);
  const report: ImportReport = { imported: 0, unchanged: 0, errors: [] };
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
      skip_empty_lines: true,
      trim: false,
      bom: true,
      info: true,
      relax_column_count: true,
    });
  } catch (e) {
    const err = e as Error & { lines?: number };
    report.errors.push({ line: err.lines ?? 1, reason: `not valid CSV: ${err.message}` });
    return report;
  }
  for (const { record, info } of records) {
    const events = rowEvents(shopId, record);
    if (typeof events === 'string') {
      report.errors.push({ line: info.lines, reason: events });
      continue;
    }
    let changed = false;
    for (const ev of events) {
      const res = await send(ev);
      if (!res.duplicate) changed = true;
    }
    if (changed) report.imported++;
    else report.unchanged++;
  }
  return report;
}
