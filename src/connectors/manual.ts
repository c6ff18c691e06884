import { formatMoney } from '../ui/format.js';
import type { Connector, ConnectorResult, RefundRequest, ReplyResult, ReshipRequest } from './connector.js';

/**
 * The manual connector: nothing is sent anywhere. The decision is recorded by the workflow and
 * the result says what to do by hand in the marketplace dashboard.
 */
export function createManualConnector(): Connector {
  return {
    type: 'manual',
    async refund(r: RefundRequest): Promise<ConnectorResult> {
      const what = r.amountCents !== undefined ? formatMoney(r.amountCents, r.currency) : 'the full amount';
      return {
        ok: true,
        ref: `manual:${r.idempotencyKey}`,
        manual: {
          title: `Refund ${what} in the marketplace dashboard`,
          checklist: [
            `Issue the refund of ${what}${r.order ? ` on order ${r.order.externalId}` : ''} in the marketplace dashboard (this shop uses the manual connector).`,
            'Reply to the buyer so they know it is on its way.',
          ],
        },
      };
    },
    async reship(r: ReshipRequest): Promise<ConnectorResult> {
      return {
        ok: true,
        ref: `manual:${r.idempotencyKey}`,
        manual: {
          title: 'Create the replacement in the marketplace dashboard',
          checklist: ['Create the replacement order in the marketplace dashboard.', 'Ship it and send the buyer the new tracking number.'],
        },
      };
    },
    async replyToBuyer(r): Promise<ReplyResult> {
      return {
        ok: true,
        sent: false,
        ref: `manual:${r.idempotencyKey}`,
        manual: { title: 'Send the reply by hand', checklist: ['Paste it into the marketplace conversation.'] },
      };
    },
    async fetchTracking() {
      return undefined;
    },
  };
}
