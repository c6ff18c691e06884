import { appendCaseEvent, casesForOrder } from '../../src/db/repos/cases.js';
import { storeReceived } from '../../src/db/repos/inbox.js';
import { getOrder, upsertOrder } from '../../src/db/repos/orders.js';
import type { ShopRow } from '../../src/db/rows.js';
import { isActive } from '../../src/domain/case-lifecycle.js';
import { formatMoney } from '../../src/ui/format.js';
import { card } from '../../src/ui/view.js';
import { queueCaseUpdate } from '../cases/index.js';
import type { WorkflowDeps } from '../deps.js';
import type { IntakeResult } from '../intake/index.js';
import { addRefundToOrder } from './steps.js';

/** A refund made in the marketplace, as its webhook reports it. */
export interface MarketplaceRefund {
  orderId: string;
  /** The marketplace's id of the refund: the same id a refund SellerDesk issued got back. */
  refundId: string;
  amountCents: number;
  currency?: string | undefined;
  note?: string | undefined;
}

/**
 * A refund the marketplace reports (Shopify's refunds/create webhook): the order's refunded total grows (once per refund: a refund
 * SellerDesk issued itself is already counted) and open cases of the order get a case event
 * and a thread note. Stored in the inbox and applied in one transaction, like intake events.
 */
export async function recordShopifyRefund(
  deps: WorkflowDeps,
  shop: ShopRow,
  id: string,
  r: MarketplaceRefund,
  raw: unknown,
): Promise<IntakeResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const stored = await storeReceived(tx, {
      source: 'shopify',
      externalId: id,
      type: 'refund.created',
      shopId: shop.id,
      payload: raw,
      receivedAt: now,
    });
    if (!stored) return { duplicate: true, effect: {} };
    const order =
      (await getOrder(tx, shop.id, r.orderId)) ??
      (await upsertOrder(tx, shop.id, r.orderId, r.currency ? { currency: r.currency } : {}, now));
    const counted = r.amountCents > 0 && (await addRefundToOrder(tx, order.id, shop.id, r.refundId, r.amountCents, now));
    const amount = formatMoney(r.amountCents, r.currency ?? order.currency);
    if (counted) {
      for (const c of await casesForOrder(tx, order.id)) {
        if (!isActive(c.status)) continue;
        const ev = await appendCaseEvent(tx, {
          caseId: c.id,
          at: now,
          actor: 'Shopify',
          platform: 'intake',
          type: 'refund_recorded',
          data: { event: id, refundId: r.refundId, amountCents: r.amountCents, currency: r.currency ?? order.currency, note: r.note },
        });
        const title = `Shopify recorded a refund of ${amount}`;
        await queueCaseUpdate(
          tx,
          c,
          String(ev.id),
          now,
          card({
            title,
            summary: title,
            nodes: [{ type: 'text', text: r.note ? `Note: ${r.note}` : 'Refunded in Shopify (not through SellerDesk).' }],
          }),
        );
      }
    }
    return { duplicate: false, effect: { order: r.orderId, refund: r.refundId, amountCents: r.amountCents, counted } };
  });
}
