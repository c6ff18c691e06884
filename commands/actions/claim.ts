import { ephemeral } from '../../src/ui/view.js';
import { markClaimClosed, postalClaimHelp } from '../../workflows/postal-claims/index.js';
import { defineAction } from '../define.js';
import { actorRef, caseIdArg, done } from './shared.js';

/**
 * "Postal claim help" on a case card: the carrier's claim window for the order, the
 * steps and the evidence, shown to the person who clicked and posted in the case thread.
 * Works on resolved cases too: a claim often follows a refund.
 */
export const claimAction = defineAction({
  name: 'case.claim',
  async click(ctx, arg) {
    const view = await postalClaimHelp(ctx.deps, caseIdArg(arg), actorRef(ctx));
    return ephemeral(view);
  },
});

/** "Claim closed" on the advice card or a reminder: records it and stops the reminders. */
export const claimClosedAction = defineAction({
  name: 'claim.closed',
  async click(ctx, arg) {
    const { c, cancelled } = await markClaimClosed(ctx.deps, caseIdArg(arg), actorRef(ctx));
    const what = cancelled === 0 ? 'No reminders were waiting.' : `${cancelled} pending reminder${cancelled === 1 ? '' : 's'} cancelled.`;
    return done('Claim closed', `Case #${c.id}: the postal claim is marked closed. ${what}`);
  },
});
