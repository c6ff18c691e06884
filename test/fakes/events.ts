import { parseEvent, type IntakeEvent } from '../../src/domain/events.js';

let seq = 0;

/** Builds a valid event of `type` (checked by the real schema), with overrides. */
export function makeEvent(
  type: string,
  data: Record<string, unknown>,
  over: Partial<{ id: string; shopId: string; occurredAt: string }> = {},
): IntakeEvent {
  const raw = {
    id: over.id ?? `evt-${++seq}`,
    type,
    occurredAt: over.occurredAt ?? '2026-11-23T15:00:00Z',
    shopId: over.shopId ?? 'shop-1',
    data,
  };
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`test event invalid: ${parsed.error}`);
  return parsed.event;
}

export const buyerMessage = (message = 'Where is my order?', over: Parameters<typeof makeEvent>[2] = {}, orderId?: string) =>
  makeEvent('buyer.message', { buyer: { id: 'b-1', name: 'Dana Smith' }, message, ...(orderId ? { orderId } : {}) }, over);

export const orderPaid = (
  orderId: string,
  paidAt: string,
  over: Parameters<typeof makeEvent>[2] = {},
  extra: Record<string, unknown> = {},
) =>
  makeEvent(
    'order.paid',
    {
      orderId,
      buyer: { id: 'b-1', name: 'Dana Smith' },
      items: [{ title: 'Mug', quantity: 1 }],
      total: { amount: 24.5, currency: 'USD' },
      paidAt,
      ...extra,
    },
    { occurredAt: paidAt, ...over },
  );
