import { z } from 'zod';
import { listCases } from '../src/db/repos/cases.js';
import { describeCountdown } from '../src/domain/sla.js';
import { card, ephemeral, notice } from '../src/ui/view.js';
import { defineCommand } from './define.js';
import { kindLabel, firstName } from '../src/ui/format.js';

export const casesCommand = defineCommand({
  name: 'cases',
  description: 'List cases: open (default), overdue, or the ones you acted on last',
  options: [{ name: 'filter', description: 'open, overdue or mine', choices: ['open', 'overdue', 'mine'] }],
  usage: '/cases [open|overdue|mine]',
  input: z.object({ filter: z.enum(['open', 'overdue', 'mine'], { message: 'one of open, overdue, mine' }).default('open') }),
  async run(ctx, { filter }) {
    const now = ctx.deps.clock.now();
    const rows = await listCases(ctx.deps.db, {
      teamId: ctx.teamId === 'default' ? undefined : ctx.teamId,
      filter,
      now,
      actorId: ctx.actor.userId,
      limit: 15,
    });
    const what = (n: number) => (filter === 'mine' ? `open case${n === 1 ? '' : 's'} you acted on` : `${filter} case${n === 1 ? '' : 's'}`);
    if (rows.length === 0)
      return ephemeral(
        notice(`No ${what(0)}`, filter === 'overdue' ? 'Nothing is past its response target. Well done.' : 'Nothing to show.', 'success'),
      );
    const items = rows.map((c) => {
      const clock = c.firstResponseAt ? c.status.replace(/_/g, ' ') : describeCountdown(now, c.targetAt, 'UTC');
      return `#${c.id} ${kindLabel(c.kind)} · ${firstName(c.buyerName)} · ${c.shopId} · ${clock}`;
    });
    return ephemeral(
      card({
        title: `${rows.length} ${what(rows.length)}`,
        summary: `${rows.length} ${what(rows.length)}`,
        nodes: [
          { type: 'list', items },
          { type: 'context', text: 'Use /case <id> to open a case card with its buttons.' },
        ],
      }),
    );
  },
});
