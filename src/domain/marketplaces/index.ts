/**
 * Marketplace profiles as data: each marketplace's reply deadlines and how they count, the
 * deadlines single cases carry, ship-by rules and standing metrics, every figure with its
 * sources. One file per marketplace; this index is the table.
 */
import { AMAZON } from './amazon.js';
import { EBAY } from './ebay.js';
import { ETSY } from './etsy.js';
import { MEMBER_MARKETPLACE } from './member-marketplace.js';
import { SHOPIFY } from './shopify.js';
import { TIKTOK_SHOP } from './tiktok-shop.js';
import type { MarketplaceId, MarketplaceProfile } from './types.js';
import { DEFAULT_MARKETPLACE } from './types.js';
import { WALMART } from './walmart.js';

export * from './types.js';

export const MARKETPLACE_PROFILES: Readonly<Record<MarketplaceId, MarketplaceProfile>> = {
  member_marketplace: MEMBER_MARKETPLACE,
  amazon: AMAZON,
  ebay: EBAY,
  etsy: ETSY,
  walmart: WALMART,
  tiktok_shop: TIKTOK_SHOP,
  shopify: SHOPIFY,
};

/** The profile of a marketplace; without one, the seeds' Member Marketplace. */
export function marketplaceProfile(id: MarketplaceId = DEFAULT_MARKETPLACE): MarketplaceProfile {
  return MARKETPLACE_PROFILES[id];
}
