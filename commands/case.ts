import { z } from 'zod';
import { getCase } from '../src/db/repos/cases.js';
import { getOrderById } from '../src/db/repos/orders.js';
import { getShop } from '../src/db/repos/shops.js';
import { caseCard } from '../src/ui/cards/case-card.js';
import { ephemeral } from '../src/ui/view.js';
import { defineCommand } from './define.js';
import { UserError } from '../src/errors.js';

/** "12" or "#12" → 12. */
export const caseIdSchema = z
  .string({ message: 'a case number such as 12' })
  .regex(/^#?\d{1,9}$/, 'a case number such as 12')
  .transform((s) => Number(s.replace('#', '')));

export const caseCommand = defineCommand({
  name: 'case',
  description: 'Show one case with its buttons',
  options: [{ name: 'id', description: 'Case number, e.g. 12', required: true }],
  usage: '/case <id>',
  input: z.object({ id: caseIdSchema }),
  async run(ctx, { id }) {
    const c = await getCase(ctx.deps.db, id);
    if (!c) throw new UserError('case.unknown', `There is no case #${id}. Use /cases to list open ones.`, 'Unknown case');
    const shop = await getShop(ctx.deps.db, c.shopId);
    const order = c.orderId ? await getOrderById(ctx.deps.db, c.orderId) : undefined;
    return ephemeral(caseCard({ c, shop: shop ?? { id: c.shopId, name: c.shopId, timeZone: 'UTC' }, order, now: ctx.deps.clock.now() }));
  },
});
