import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, canTransition, transition } from '../../src/domain/case-lifecycle.js';

describe('case lifecycle', () => {
  it('walks the happy path open → acknowledged → waiting → acknowledged → resolved → closed', () => {
    expect(transition('open', { type: 'acknowledge' })).toEqual({ to: 'acknowledged', respondsToBuyer: true });
    expect(transition('acknowledged', { type: 'reply' }).to).toBe('waiting_on_buyer');
    expect(transition('waiting_on_buyer', { type: 'buyer_replied' }).to).toBe('acknowledged');
    expect(transition('acknowledged', { type: 'resolve', resolution: { type: 'reship' } }).to).toBe('resolved');
    expect(transition('resolved', { type: 'close' }).to).toBe('closed');
  });

  it('rejects illegal transitions with a typed error', () => {
    expect(() => transition('closed', { type: 'reopen' })).toThrow(IllegalTransitionError);
    expect(() => transition('resolved', { type: 'resolve', resolution: { type: 'refund_full' } })).toThrow(
      /cannot resolve a case that is resolved/,
    );
    expect(() => transition('open', { type: 'support_answered', outcome: 'upheld' })).toThrow(IllegalTransitionError);
    try {
      transition('closed', { type: 'escalate' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect((e as IllegalTransitionError).code).toBe('illegal_transition');
      expect((e as IllegalTransitionError).from).toBe('closed');
    }
  });

  it('locks refunds and reships while escalated, but allows other resolutions', () => {
    expect(canTransition('escalated', { type: 'resolve', resolution: { type: 'refund_full' } })).toBe(false);
    expect(canTransition('escalated', { type: 'resolve', resolution: { type: 'reship' } })).toBe(false);
    expect(canTransition('escalated', { type: 'resolve', resolution: { type: 'no_action' } })).toBe(true);
    expect(transition('escalated', { type: 'support_answered', outcome: 'denied' }).to).toBe('acknowledged');
    expect(canTransition('acknowledged', { type: 'resolve', resolution: { type: 'refund_full' } })).toBe(true);
  });

  it('needs an amount for a partial refund', () => {
    expect(() => transition('open', { type: 'resolve', resolution: { type: 'refund_partial' } })).toThrow(/amount/);
    expect(transition('open', { type: 'resolve', resolution: { type: 'refund_partial', amountCents: 500 } }).to).toBe('resolved');
  });

  it('counts replies and resolutions as first responses, not escalations', () => {
    expect(transition('open', { type: 'reply' }).respondsToBuyer).toBe(true);
    expect(transition('open', { type: 'escalate' }).respondsToBuyer).toBe(false);
    expect(transition('resolved', { type: 'reopen' }).to).toBe('open');
  });
});
