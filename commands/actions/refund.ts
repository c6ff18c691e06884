import { connectorName } from '../../src/ui/format.js';
import { z } from 'zod';
import { encodeActionId } from '../../src/ui/action-id.js';
import { ephemeral, notice, type Reply } from '../../src/ui/view.js';
import { refundableCents, refundCase, type RefundOutcome } from '../../workflows/money/index.js';
import { defineAction } from '../define.js';
import { activeCase, actorRef, caseIdArg, done, moneyInput } from './shared.js';
import { formatMoney } from '../../src/ui/format.js';

/** What the person who pressed Refund (or Approve) is told. */
export function refundReply(o: RefundOutcome, title = 'Refund recorded'): Reply {
  const mode = o.mode;
  const what = o.amountCents !== undefined ? ` of ${formatMoney(o.amountCents, o.currency)}` : '';
  switch (o.status) {
    case 'refunded': {
      const how = o.manual
        ? 'The card and its thread show the steps.'
        : `Issued through ${connectorName(o.connector)} (reference ${o.ref}).`;
      return done(title, `Case #${o.c.id}: ${mode} refund${what} recorded. ${how}`);
    }
    case 'awaiting_approval':
      return ephemeral(
        notice(
          'Refund awaiting approval',
          `Case #${o.c.id}: the ${mode} refund${what} is over the team's approval limit of ${formatMoney(o.thresholdCents, o.currency)}. Someone else with the approve permission has to press Approve on the card; nothing is refunded until then.`,
          'info',
        ),
      );
    case 'failed':
      return ephemeral(
        notice(
          'Refund failed',
          `Case #${o.c.id}: the ${mode} refund${what} was not made: ${o.error}. ${o.retryable ? 'Press Refund again to retry.' : 'Fix the problem, then press Refund again.'} The case stays open.`,
          'danger',
        ),
      );
  }
}

export const refundAction = defineAction({
  name: 'case.refund',
  permission: 'refund',
  async click(ctx, arg) {
    const c = await activeCase(ctx, arg, { lockedWhileEscalated: true });
    const { remaining, currency } = await refundableCents(ctx.deps, c);
    const p = c.pendingAction;
    const last = p?.type === 'refund' && p.state === 'failed' ? ` The last attempt failed: ${p.error ?? 'unknown error'}.` : '';
    return {
      type: 'modal',
      view: {
        kind: 'modal',
        submitActionId: encodeActionId('case.refund', c.id),
        title: `Refund case #${c.id}`,
        submitLabel: 'Refund',
        intro:
          (remaining !== undefined
            ? `Refundable on order ${c.orderExternalId}: ${formatMoney(remaining, currency)}.`
            : 'The order value is unknown; enter the amount for a partial refund.') + last,
        inputs: [
          {
            type: 'select',
            id: 'mode',
            label: 'Full or partial',
            options: [
              { value: 'full', label: 'Full refund' },
              { value: 'partial', label: 'Partial refund' },
            ],
            initial: 'full',
          },
          { type: 'number', id: 'amount', label: 'Amount (partial refunds)', optional: true, min: 0 },
          { type: 'text', id: 'reason', label: 'Reason', multiline: true, maxLength: 500 },
        ],
      },
    };
  },
  submit: {
    input: z.object({
      mode: z.enum(['full', 'partial'], { message: 'choose full or partial' }),
      amount: moneyInput.optional(),
      reason: z.string().trim().min(3, 'say why, in a few words').max(500),
    }),
    async run(ctx, arg, v) {
      const outcome = await refundCase(ctx.deps, caseIdArg(arg), actorRef(ctx), { mode: v.mode, amountCents: v.amount, reason: v.reason });
      return refundReply(outcome);
    },
  },
});
