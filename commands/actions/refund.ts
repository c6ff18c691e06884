import { z } from 'zod';
import { encodeActionId } from '../../src/ui/action-id.js';
import { formatMoney, refundableCents, refundCase } from '../../workflows/resolution.js';
import { defineAction } from '../define.js';
import { activeCase, actorRef, caseIdArg, done, moneyInput } from './shared.js';

export const refundAction = defineAction({
  name: 'case.refund',
  permission: 'refund',
  async click(ctx, arg) {
    const c = await activeCase(ctx, arg, { lockedWhileEscalated: true });
    const { remaining, currency } = await refundableCents(ctx.deps, c);
    return {
      type: 'modal',
      view: {
        kind: 'modal',
        submitActionId: encodeActionId('case.refund', c.id),
        title: `Refund case #${c.id}`,
        submitLabel: 'Refund',
        intro: remaining !== undefined ? `Refundable on order ${c.orderExternalId}: ${formatMoney(remaining, currency)}.` : 'The order value is unknown; enter the amount for a partial refund.',
        inputs: [
          { type: 'select', id: 'mode', label: 'Full or partial', options: [{ value: 'full', label: 'Full refund' }, { value: 'partial', label: 'Partial refund' }], initial: 'full' },
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
      const c = await refundCase(ctx.deps, caseIdArg(arg), actorRef(ctx), { mode: v.mode, amountCents: v.amount, reason: v.reason });
      const amount = c.resolution?.amountCents;
      return done('Refund recorded', `Case #${c.id}: ${v.mode} refund${amount ? ` of ${formatMoney(amount)}` : ''} recorded. The card and its thread show the steps.`);
    },
  },
});
