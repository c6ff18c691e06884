import { z } from 'zod';
import { getOrderById } from '../../src/db/repos/orders.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { reshipCase } from '../../workflows/resolution.js';
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
      const c = await reshipCase(ctx.deps, caseIdArg(arg), actorRef(ctx), { items: v.items, note: v.note || undefined });
      return done('Reship recorded', `Case #${c.id}: reship of ${v.items} recorded.`);
    },
  },
});
