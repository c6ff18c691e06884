import type { StandingInput } from './standing.js';
import type { ClockChannel } from './types.js';

/** A shop's shipping and response figures over a window (src/db/repos/shop-stats.ts counts them). */
export interface ChannelStats {
  channel: ClockChannel;
  cases: number;
  answered: number;
  withinTarget: number;
  withinMax: number;
}

export interface ShopStats {
  shopId: string;
  from: Date;
  to: Date;
  orders: number;
  shippedOnTime: number;
  /** Orders whose ship-by fell in the window (the base of on-time %). */
  shipDue: number;
  lateUnshipped: number;
  channels: ChannelStats[];
  open: number;
  overdue: number;
  opened: number;
  resolved: number;
  escalated: number;
}

/** The standing formula's input from a shop's figures. */
export function standingInputOf(s: ShopStats): StandingInput {
  const t = s.channels.reduce((a, c) => ({ cases: a.cases + c.cases, max: a.max + c.withinMax, target: a.target + c.withinTarget }), {
    cases: 0,
    max: 0,
    target: 0,
  });
  return {
    shipDue: s.shipDue,
    shippedOnTime: s.shippedOnTime,
    cases: t.cases,
    answeredWithinMax: t.max,
    answeredWithinTarget: t.target,
    overdueOpen: s.overdue,
    lateUnshipped: s.lateUnshipped,
    escalations: s.escalated,
  };
}
