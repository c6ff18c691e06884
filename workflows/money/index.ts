/**
 * Money: refund, reship and the second person's approval. Each is three steps so no row lock
 * is held across a network call (steps.ts): mark pending under the case lock, call the shop's
 * connector outside any transaction, record what it confirmed. A refund the marketplace
 * reports by itself (Shopify refunds/create) is counted once (marketplace-refund.ts).
 */
export { approveRefund, refundableCents, refundCase, type RefundOutcome } from './refund.js';
export { reshipCase } from './reship.js';
export { recordShopifyRefund } from './marketplace-refund.js';
