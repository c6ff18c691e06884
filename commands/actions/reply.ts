import { z } from 'zod';
import { encodeActionId } from '../../src/ui/action-id.js';
import { draftReply, replyToCase } from '../../workflows/cases/index.js';
import { defineAction } from '../define.js';
import { activeCase, actorRef, caseIdArg, done } from './shared.js';

export const replyAction = defineAction({
  name: 'case.reply',
  async click(ctx, arg) {
    const c = await activeCase(ctx, arg);
    const { text } = await draftReply(ctx.deps, c.id);
    return {
      type: 'modal',
      view: {
        kind: 'modal',
        submitActionId: encodeActionId('case.reply', c.id),
        title: `Reply on case #${c.id}`,
        submitLabel: 'Send reply',
        intro: 'Approved template for this kind of case: be polite, use their name, offer a solution.',
        inputs: [{ type: 'text', id: 'text', label: 'Reply to the buyer', multiline: true, initial: text, maxLength: 3000 }],
      },
    };
  },
  submit: {
    input: z.object({ text: z.string().trim().min(5, 'write a reply').max(3000) }),
    async run(ctx, arg, v) {
      const { c, sent, error } = await replyToCase(ctx.deps, caseIdArg(arg), actorRef(ctx), v.text);
      const delivery = sent
        ? 'It was sent to the buyer.'
        : error
          ? `It could not be sent (${error}); send it by hand.`
          : 'Send it to the buyer in the marketplace conversation (the thread says how).';
      return done('Reply recorded', `Case #${c.id}: reply recorded; the response clock is stopped. ${delivery}`);
    },
  },
});
