import { z } from 'zod';
import { getOrderById } from '../../src/db/repos/orders.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { ephemeral, notice } from '../../src/ui/view.js';
import { reshipCase } from '../../workflows/money/index.js';
import { defineAction } from '../define.js';
import { activeCase, actorRef, caseIdArg, done } from './shared.js';

export const reshipAction = defineAction({
  name: 'case.reship',
  permission: 'reship',
  async click(ctx, arg) {
    const c = await activeCase(ctx, arg, { lockedWhileEscalated: true });
    const order = c.orderId ? await getOrderById(ctx.deps.db, c.orderId) : undefined;
    const items = order?.items.map((i) => `${i.quantity} x ${i.title}`).join('; ') ?? '';
    return {
      type: 'modal',
      view: {
        kind: 'modal',
        submitActionId: encodeActionId('case.reship', c.id),
        title: `Reship case #${c.id}`,
        submitLabel: 'Reship',
        inputs: [
          { type: 'text', id: 'items', label: 'Items to send again', initial: items, maxLength: 1000 },
          { type: 'text', id: 'note', label: 'Note (optional)', multiline: true, optional: true, maxLength: 1000 },
        ],
      },
    };
  },
  submit: {
    input: z.object({ items: z.string().trim().min(1, 'list the items to send').max(1000), note: z.string().trim().max(1000).optional() }),
    async run(ctx, arg, v) {
      const o = await reshipCase(ctx.deps, caseIdArg(arg), actorRef(ctx), { items: v.items, note: v.note || undefined });
      if (o.status === 'failed')
        return ephemeral(
          notice(
            'Reship failed',
            `Case #${o.c.id}: the replacement was not created: ${o.error}. ${o.retryable ? 'Press Reship again to retry.' : 'Fix the problem, then press Reship again.'} The case stays open.`,
            'danger',
          ),
        );
      const how = o.manual ? 'The card and its thread show the steps.' : `Replacement order ${o.ref} created.`;
      return done('Reship recorded', `Case #${o.c.id}: reship of ${v.items} recorded. ${how}`);
    },
  },
});
