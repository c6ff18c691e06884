import { errorCode } from '../../src/errors.js';
import { DateTime } from 'luxon';
import { appendCaseEvent } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { getShop, getTeam } from '../../src/db/repos/shops.js';
import type { CaseRow } from '../../src/db/rows.js';
import { parseTeamSettings } from '../../src/domain/team-settings.js';
import type { WorkflowDeps } from '../deps.js';
import { firstName } from '../../src/ui/format.js';

/** The acknowledgement text: thanks, and when a person will answer (the target clock, shop time). */
export function acknowledgementText(
  c: Pick<CaseRow, 'buyerName' | 'targetAt' | 'orderExternalId'>,
  timeZone: string,
  shopName: string,
): string {
  const by = DateTime.fromJSDate(c.targetAt, { zone: timeZone }).toFormat("ccc d LLL 'at' HH:mm ZZZZ");
  const about = c.orderExternalId ? ` about order ${c.orderExternalId}` : '';
  return `Hi ${firstName(c.buyerName)}, thank you for your message${about}. We have received it and will reply by ${by}. — ${shopName}`;
}

/**
 * Optional per team (`autoAcknowledge: true`): tells the buyer their message arrived and when to
 * expect an answer, through the shop's connector when it can send. It is not a reply: the
 * response clocks keep running until a person answers (the standards warn against automated
 * responses for everything). Runs from triage, after intake, once per case.
 */
export async function autoAcknowledge(deps: WorkflowDeps, c: CaseRow): Promise<'sent' | 'off' | 'cannot_send' | 'failed'> {
  if (c.status !== 'open' || c.firstResponseAt) return 'off';
  const shop = await getShop(deps.db, c.shopId);
  if (!shop) return 'off';
  const team = await getTeam(deps.db, shop.teamId);
  if (!parseTeamSettings(team?.settings).autoAcknowledge) return 'off';
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  const text = acknowledgementText(c, shop.timeZone, shop.name);
  try {
    const r = await deps.connectors.for(shop).replyToBuyer({
      shop,
      order,
      buyer: { id: c.buyerId, name: c.buyerName ?? 'Buyer', email: order?.buyerEmail },
      text,
      idempotencyKey: `case:${c.id}:auto-ack`,
    });
    const sent = r.ok && r.sent;
    await appendCaseEvent(deps.db, {
      caseId: c.id,
      at: deps.clock.now(),
      actor: 'SellerDesk (automatic)',
      platform: 'system',
      type: sent ? 'auto_acknowledged' : 'auto_ack_not_sent',
      data: { text, ...(r.ok ? {} : { error: r.error }) },
    });
    return sent ? 'sent' : r.ok ? 'cannot_send' : 'failed';
  } catch (err) {
    deps.log.warn({ err, code: errorCode(err), caseId: c.id }, 'auto-acknowledgement failed; the case is unaffected');
    return 'failed';
  }
}
