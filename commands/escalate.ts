import { z } from 'zod';
import { ESCALATION_REASONS } from '../src/domain/types.js';
import { escalateCase } from '../workflows/escalation/index.js';
import { caseIdSchema } from './case.js';
import { defineCommand } from './define.js';
import { actorRef, done } from './actions/shared.js';

export const escalateCommand = defineCommand({
  name: 'escalate',
  description: 'Send a case to platform support with its evidence',
  options: [
    { name: 'case', description: 'Case number', required: true },
    { name: 'reason', description: ESCALATION_REASONS.join(', '), required: true, choices: [...ESCALATION_REASONS] },
    { name: 'note', description: 'Note for support' },
  ],
  usage: `/escalate <case> <${ESCALATION_REASONS.join('|')}> [note]`,
  permission: 'escalate',
  input: z.object({
    case: caseIdSchema,
    reason: z.enum(ESCALATION_REASONS, { message: `one of ${ESCALATION_REASONS.join(', ')}` }),
    note: z.string().max(2000).optional(),
  }),
  async run(ctx, v) {
    const c = await escalateCase(ctx.deps, v.case, actorRef(ctx), { reason: v.reason, note: v.note });
    return done('Escalated', `Case #${c.id} went to platform support. Refund and reship are locked until they answer.`);
  },
});
