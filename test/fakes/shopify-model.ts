/**
 * The state behind the fake Shopify Admin API: orders (shop and presentment currency, line items,
 * fulfilments with tracking), the refunds and draft orders it created, disputes with their
 * evidence, and webhook subscriptions. Orders not set up by a test are made on first use, from
 * the documented sample order (one line item, USD).
 */

export interface FakeLineItem {
  /** Numeric id; the API shows gid://shopify/LineItem/<id>. */
  id: string;
  title: string;
  quantity: number;
  sku?: string;
  variantId?: string;
  /** Unit price in the presentment currency, as a decimal string. */
  price: string;
  /** Unit price in the shop currency (defaults to price). */
  shopPrice?: string;
}

export interface FakeFulfillment {
  id: string;
  /** FulfillmentStatus: SUCCESS, PENDING, OPEN, CANCELLED, ERROR, FAILURE. */
  status: string;
  displayStatus: string | null;
  createdAt?: string;
  deliveredAt: string | null;
  tracking?: Array<{ number: string; url?: string | null; company?: string | null }>;
  lineItems?: Array<{ lineItemId: string; quantity: number }>;
}

export interface FakeOrder {
  /** Shop currency. */
  currency: string;
  /** What the buyer paid in; defaults to the shop currency. */
  presentmentCurrency?: string;
  gateway: string;
  name?: string;
  email?: string | null;
  customer?: { id: string; firstName: string | null; lastName: string | null; email: string | null } | null;
  createdAt?: string;
  processedAt?: string;
  cancelledAt?: string | null;
  cancelReason?: string | null;
  lineItems: Array<Omit<FakeLineItem, 'id' | 'price'> & Partial<Pick<FakeLineItem, 'id' | 'price'>>>;
  fulfillments: FakeFulfillment[];
  /** Order total in the presentment currency; defaults to the sum of the line items. */
  total?: string;
  /** Order total in the shop currency; defaults to total. */
  shopTotal?: string;
}

export interface FakeRefund {
  id: string;
  orderId: string;
  amount: string;
  currency?: string;
  note: string;
  notify?: boolean;
  key?: string;
  lineItems: Array<{ lineItemId: string; quantity: number; restockType: string; locationId?: string }>;
  createdAt: string;
}

export interface FakeDispute {
  status: string;
  type: 'CHARGEBACK' | 'INQUIRY';
  orderId?: string;
  amount: string;
  currency: string;
  evidenceDueBy: string | null;
  evidenceSentOn: string | null;
  finalizedOn?: string | null;
  evidenceId: string;
  evidence: Record<string, unknown>;
  updates: Array<Record<string, unknown>>;
}

export interface FakeSubscription {
  id: string;
  topic: string;
  uri: string;
  format: string;
  createdAt: string;
}

export const ORDER_GID = /^gid:\/\/shopify\/Order\/(\d+)$/;
export const MONEY = /^\d+\.\d{2}$/;
export const tail = (gid: string): string => gid.slice(gid.lastIndexOf('/') + 1);
export const cents = (s: string | number): number => Math.round(Number(s) * 100);
export const decimal = (c: number): string => (c / 100).toFixed(2);

/** The documented sample order (orders/create sample payload): five line items, $404.95 after discount and shipping. */
export const defaultOrder = (): FakeOrder => ({
  currency: 'USD',
  gateway: 'bogus',
  total: '404.95',
  lineItems: [
    {
      id: '487817672276298554',
      title: 'Aviator sunglasses',
      quantity: 1,
      sku: 'SKU2006-001',
      variantId: '642667041472713922',
      price: '89.99',
    },
    { id: '789012345678901234', title: 'Lens Protection Plan (2 Year)', quantity: 1, sku: 'LENS-PROTECT-2YR', price: '19.99' },
    { id: '890123456789012345', title: 'Premium Leather Case', quantity: 1, sku: 'CASE-LEATHER-PREM', price: '24.99' },
    { id: '976318377106520349', title: 'Mid-century lounger', quantity: 1, sku: 'SKU2006-020', price: '159.99' },
    { id: '315789986012684393', title: 'Coffee table', quantity: 1, sku: 'SKU2006-035', price: '119.99' },
  ],
  fulfillments: [],
});

/** Line items with their ids and prices filled in (stable across calls). */
export function lineItemsOf(o: FakeOrder): FakeLineItem[] {
  return o.lineItems.map((l, i) => {
    l.id ??= String(900_000_000_000 + i);
    l.price ??= '0.00';
    return l as FakeLineItem;
  });
}

export const presentmentOf = (o: FakeOrder): string => o.presentmentCurrency ?? o.currency;
export const totalOf = (o: FakeOrder): number =>
  o.total !== undefined ? cents(o.total) : lineItemsOf(o).reduce((s, l) => s + cents(l.price) * l.quantity, 0);

const set = (presentment: string, presentmentCurrency: string, shop: string, shopCurrency: string) => ({
  shopMoney: { amount: shop, currencyCode: shopCurrency },
  presentmentMoney: { amount: presentment, currencyCode: presentmentCurrency },
});

/** The order as the Admin GraphQL API shows it (a superset of what the desk selects). */
export function orderJson(id: string, o: FakeOrder, refunds: FakeRefund[]) {
  const pc = presentmentOf(o);
  const items = lineItemsOf(o);
  const total = totalOf(o);
  const refunded = refunds.reduce((s, r) => s + cents(r.amount), 0);
  return {
    id: `gid://shopify/Order/${id}`,
    name: o.name ?? '#9999',
    email: o.email === undefined ? 'jon@example.com' : o.email,
    createdAt: o.createdAt ?? '2021-12-31T19:00:00-05:00',
    processedAt: o.processedAt ?? '2021-12-31T19:00:00-05:00',
    cancelledAt: o.cancelledAt ?? null,
    cancelReason: o.cancelReason ?? null,
    currencyCode: o.currency,
    presentmentCurrencyCode: pc,
    displayFinancialStatus: refunded >= total && total > 0 ? 'REFUNDED' : refunded > 0 ? 'PARTIALLY_REFUNDED' : 'PAID',
    displayFulfillmentStatus: o.fulfillments.some((f) => f.status === 'SUCCESS') ? 'FULFILLED' : 'UNFULFILLED',
    customer:
      o.customer === undefined
        ? {
            id: 'gid://shopify/Customer/115310627314723954',
            firstName: 'John',
            lastName: 'Smith',
            defaultEmailAddress: { emailAddress: 'john@example.com' },
          }
        : o.customer && {
            id: `gid://shopify/Customer/${o.customer.id}`,
            firstName: o.customer.firstName,
            lastName: o.customer.lastName,
            defaultEmailAddress: o.customer.email ? { emailAddress: o.customer.email } : null,
          },
    billingAddress: { name: 'Steve Shipper' },
    shippingAddress: { name: 'Steve Shipper' },
    totalPriceSet: set(decimal(total), pc, o.shopTotal ?? decimal(total), o.currency),
    totalRefundedSet: set(decimal(refunded), pc, decimal(refunded), o.currency),
    lineItems: {
      nodes: items.map((l) => ({
        id: `gid://shopify/LineItem/${l.id}`,
        title: l.title,
        name: l.title,
        sku: l.sku ?? null,
        quantity: l.quantity,
        variant: l.variantId ? { id: `gid://shopify/ProductVariant/${l.variantId}` } : null,
        originalUnitPriceSet: set(l.price, pc, l.shopPrice ?? l.price, o.currency),
      })),
    },
    fulfillments: o.fulfillments.map((f) => ({
      id: `gid://shopify/Fulfillment/${f.id}`,
      status: f.status,
      displayStatus: f.displayStatus,
      createdAt: f.createdAt ?? '2022-01-02T10:00:00Z',
      updatedAt: f.deliveredAt ?? f.createdAt ?? '2022-01-02T10:00:00Z',
      deliveredAt: f.deliveredAt,
      trackingInfo: (f.tracking ?? []).map((t) => ({ number: t.number, url: t.url ?? null, company: t.company ?? null })),
      fulfillmentLineItems: {
        nodes: (f.lineItems ?? []).map((l) => ({ quantity: l.quantity, lineItem: { id: `gid://shopify/LineItem/${l.lineItemId}` } })),
      },
    })),
    refunds: refunds.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      note: r.note,
      totalRefundedSet: set(r.amount, r.currency ?? pc, r.amount, o.currency),
      refundLineItems: {
        nodes: r.lineItems.map((l) => ({ quantity: l.quantity, restockType: l.restockType, lineItem: { id: l.lineItemId } })),
      },
    })),
  };
}

/** How many of a line item are still refundable after the refunds so far. */
export function refundableQuantity(o: FakeOrder, lineItemId: string, refunds: FakeRefund[]): number {
  const item = lineItemsOf(o).find((l) => `gid://shopify/LineItem/${l.id}` === lineItemId);
  if (!item) return 0;
  const done = refunds.flatMap((r) => r.lineItems).filter((l) => l.lineItemId === lineItemId);
  return item.quantity - done.reduce((s, l) => s + l.quantity, 0);
}
