import type { ActionDef, CommandDef } from './define.js';
import { refundAction } from './actions/refund.js';
import { approveAction } from './actions/approve.js';
import { reshipAction } from './actions/reship.js';
import { replyAction } from './actions/reply.js';
import { escalateAction } from './actions/escalate.js';
import { reopenAction, resolveAction } from './actions/resolve.js';
import { supportActions } from './actions/support-answer.js';
import { claimAction, claimClosedAction } from './actions/claim.js';
import { caseCommand } from './case.js';
import { casesCommand } from './cases.js';
import { escalateCommand } from './escalate.js';
import { sellerdeskCommand } from './sellerdesk.js';
import { shopStatus } from './shop-status.js';

/** Every slash command, registered on every platform from this list (Slack manifest, Discord registration). */
export const commands: CommandDef[] = [
  shopStatus,
  casesCommand,
  caseCommand,
  escalateCommand,
  sellerdeskCommand,
] as unknown as CommandDef[];

/** Every button and modal action. */
export const actions: ActionDef[] = [
  refundAction,
  approveAction,
  reshipAction,
  replyAction,
  escalateAction,
  resolveAction,
  reopenAction,
  claimAction,
  claimClosedAction,
  ...supportActions,
] as unknown as ActionDef[];
