import { approveRefund } from '../../workflows/money/index.js';
import { defineAction } from '../define.js';
import { refundReply } from './refund.js';
import { actorRef, caseIdArg } from './shared.js';

/**
 * "Approve refund" on a case card: a refund over the team's refundApprovalOverCents goes through
 * only when a second person (not the one who asked) with the approve permission presses it.
 */
export const approveAction = defineAction({
  name: 'case.approve',
  permission: 'approve',
  async click(ctx, arg) {
    const outcome = await approveRefund(ctx.deps, caseIdArg(arg), actorRef(ctx));
    return refundReply(outcome, 'Refund approved');
  },
});
