import type { CaseStatus, Resolution, ResolutionType } from './types.js';

/**
 * The case lifecycle as an explicit state machine. Every change of status goes
 * through `transition`, which rejects illegal moves with a typed error.
 *
 *   open ──acknowledge──► acknowledged ──reply──► waiting_on_buyer
 *    │  ╲                     │   ▲                  │
 *    │   ╲──reply─────────────┼───┼──────────────────┤
 *    │                        │   └──buyer_replied───┘
 *    ├──escalate──► escalated ──support_answered──► acknowledged
 *    └──resolve──► resolved ──close──► closed
 *                      └──reopen──► open
 */

export type CaseAction =
  | { type: 'acknowledge' }
  | { type: 'reply' }
  | { type: 'buyer_replied' }
  | { type: 'escalate' }
  | { type: 'support_answered'; outcome: 'upheld' | 'denied' | 'need_info' }
  | { type: 'resolve'; resolution: Resolution }
  | { type: 'reopen' }
  | { type: 'close' };

export type CaseActionType = CaseAction['type'];

const ACTIVE: CaseStatus[] = ['open', 'acknowledged', 'waiting_on_buyer'];

const allowedFrom: Record<CaseActionType, readonly CaseStatus[]> = {
  acknowledge: ['open'],
  reply: ACTIVE,
  buyer_replied: ['acknowledged', 'waiting_on_buyer'],
  escalate: ACTIVE,
  support_answered: ['escalated'],
  resolve: [...ACTIVE, 'escalated'],
  reopen: ['resolved'],
  close: ['resolved'],
};

/** Money-moving resolutions are locked while platform support reviews an escalated case. */
export const LOCKED_WHILE_ESCALATED: readonly ResolutionType[] = ['refund_full', 'refund_partial', 'reship', 'replacement'];

export class IllegalTransitionError extends Error {
  readonly code = 'illegal_transition';
  constructor(
    readonly from: CaseStatus,
    readonly action: CaseActionType,
    readonly reason: string,
  ) {
    super(`cannot ${action.replace('_', ' ')} a case that is ${from.replace(/_/g, ' ')}: ${reason}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface Transition {
  to: CaseStatus;
  /** The action counts as the seller's first response (stops the response clocks). */
  respondsToBuyer: boolean;
}

export function transition(from: CaseStatus, action: CaseAction): Transition {
  if (!allowedFrom[action.type].includes(from)) {
    throw new IllegalTransitionError(from, action.type, `allowed only when ${allowedFrom[action.type].join(', ').replace(/_/g, ' ')}`);
  }
  switch (action.type) {
    case 'acknowledge':
      return { to: 'acknowledged', respondsToBuyer: true };
    case 'reply':
      return { to: 'waiting_on_buyer', respondsToBuyer: true };
    case 'buyer_replied':
      return { to: 'acknowledged', respondsToBuyer: false };
    case 'escalate':
      return { to: 'escalated', respondsToBuyer: false };
    case 'support_answered':
      return { to: 'acknowledged', respondsToBuyer: false };
    case 'resolve':
      if (from === 'escalated' && LOCKED_WHILE_ESCALATED.includes(action.resolution.type)) {
        throw new IllegalTransitionError(from, 'resolve', 'refunds and reships wait until platform support answers the escalation');
      }
      if (action.resolution.type === 'refund_partial' && !(action.resolution.amountCents && action.resolution.amountCents > 0)) {
        throw new IllegalTransitionError(from, 'resolve', 'a partial refund needs an amount above zero');
      }
      return { to: 'resolved', respondsToBuyer: true };
    case 'reopen':
      return { to: 'open', respondsToBuyer: false };
    case 'close':
      return { to: 'closed', respondsToBuyer: false };
  }
}

export function canTransition(from: CaseStatus, action: CaseAction): boolean {
  try {
    transition(from, action);
    return true;
  } catch {
    return false;
  }
}

export const isActive = (s: CaseStatus): boolean => s !== 'resolved' && s !== 'closed';
