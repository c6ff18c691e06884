import { supportAnswer, type SupportOutcome } from '../../workflows/escalation/index.js';
import { defineAction, type ActionDef } from '../define.js';
import { actorRef, caseIdArg, done } from './shared.js';

const answer = (name: string, outcome: SupportOutcome, said: string): ActionDef =>
  defineAction({
    name,
    permission: 'support',
    async click(ctx, arg) {
      const c = await supportAnswer(ctx.deps, caseIdArg(arg), actorRef(ctx), outcome);
      return done('Answer sent to the seller', `Case #${c.id}: ${said}.`);
    },
  });

export const supportActions = [
  answer('support.uphold', 'upheld', 'upheld; the seller can act again'),
  answer('support.deny', 'denied', 'denied; the seller can act again'),
  answer('support.info', 'need_info', 'the seller was asked for more information'),
];
