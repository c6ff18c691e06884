import type { Db } from '../db/client.js';
import { getCase } from '../db/repos/cases.js';
import { getOrderById } from '../db/repos/orders.js';
import { getShop } from '../db/repos/shops.js';
import type { OutboxPayload } from '../db/repos/outbox.js';
import { caseCard } from '../ui/cards/case-card.js';
import type { CardView } from '../ui/view.js';

/** Turns an outbox payload into the view to send; case cards show the case as it is now. */
export async function renderPayload(db: Db, payload: OutboxPayload, now: Date): Promise<CardView | undefined> {
  switch (payload.kind) {
    case 'view':
      return payload.view;
    case 'case_card': {
      const c = await getCase(db, payload.caseId);
      if (!c) return undefined;
      const shop = await getShop(db, c.shopId);
      const order = c.orderId ? await getOrderById(db, c.orderId) : undefined;
      return caseCard({ c, shop: shop ?? { id: c.shopId, name: c.shopId, timeZone: 'UTC' }, order, now });
    }
  }
}
