import { reopenCase, resolveCase } from '../../workflows/cases/index.js';
import { defineAction } from '../define.js';
import { actorRef, caseIdArg, done } from './shared.js';

export const resolveAction = defineAction({
  name: 'case.resolve',
  async click(ctx, arg) {
    const c = await resolveCase(ctx.deps, caseIdArg(arg), actorRef(ctx));
    return done('Resolved', `Case #${c.id} is resolved.`);
  },
});

export const reopenAction = defineAction({
  name: 'case.reopen',
  async click(ctx, arg) {
    const c = await reopenCase(ctx.deps, caseIdArg(arg), actorRef(ctx));
    return done('Reopened', `Case #${c.id} is open again.`);
  },
});
