import { z } from 'zod';
import { ESCALATION_REASONS } from '../../src/domain/types.js';
import { encodeActionId } from '../../src/ui/action-id.js';
import { escalateCase } from '../../workflows/escalation/index.js';
import { defineAction } from '../define.js';
import { activeCase, actorRef, caseIdArg, done } from './shared.js';
import { REASON_LABEL } from '../../src/ui/format.js';

export const escalateAction = defineAction({
  name: 'case.escalate',
  permission: 'escalate',
  async click(ctx, arg) {
    const c = await activeCase(ctx, arg, { lockedWhileEscalated: true });
    return {
      type: 'modal',
      view: {
        kind: 'modal',
        submitActionId: encodeActionId('case.escalate', c.id),
        title: `Escalate case #${c.id}`,
        submitLabel: 'Escalate',
        intro: 'Platform support gets the transcript, the order, tracking and the buyer’s other cases.',
        inputs: [
          { type: 'select', id: 'reason', label: 'Why', options: ESCALATION_REASONS.map((r) => ({ value: r, label: REASON_LABEL[r] })) },
          { type: 'text', id: 'note', label: 'Note for support', multiline: true, optional: true, maxLength: 2000 },
        ],
      },
    };
  },
  submit: {
    input: z.object({
      reason: z.enum(ESCALATION_REASONS, { message: `one of ${ESCALATION_REASONS.join(', ')}` }),
      note: z.string().trim().max(2000).optional(),
    }),
    async run(ctx, arg, v) {
      const c = await escalateCase(ctx.deps, caseIdArg(arg), actorRef(ctx), { reason: v.reason, note: v.note || undefined });
      return done('Escalated', `Case #${c.id} went to platform support. Refund and reship are locked until they answer.`);
    },
  },
});
