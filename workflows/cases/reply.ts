import { appendCaseEvent } from '../../src/db/repos/cases.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { getShop } from '../../src/db/repos/shops.js';
import type { CaseRow } from '../../src/db/rows.js';
import { renderTemplate, templateFor } from '../../src/domain/reply-templates.js';
import { firstName } from '../../src/ui/format.js';
import type { WorkflowDeps } from '../deps.js';
import { queueCaseUpdate } from './case-messages.js';
import { changeCase, readCase, threadView } from './change-case.js';
import { actionContext, callConnector } from './connector-call.js';
import { type ActorRef } from '../../src/domain/actor.js';

/** The approved reply for a case, filled in: what the Reply modal starts with. */
export async function draftReply(deps: WorkflowDeps, caseId: number): Promise<{ c: CaseRow; text: string }> {
  const c = await readCase(deps, caseId);
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  const shop = await getShop(deps.db, c.shopId);
  const template = renderTemplate(templateFor(c.kind, c.flags), {
    firstName: firstName(c.buyerName),
    orderId: c.orderExternalId ?? undefined,
    trackingLink: order?.tracking ? `${order.carrier ?? ''} ${order.tracking}`.trim() : undefined,
    shopName: shop?.name,
  });
  if (!deps.drafter) return { c, text: template };
  // The Reply modal must open within Slack's 3-second trigger window: the AI gets a short
  // slice of it, and the approved template answers when the draft is not back in time.
  const draft = deps.drafter.draft({ buyerFirstName: firstName(c.buyerName), kind: c.kind, buyerText: c.body ?? '', template });
  const timeout = new Promise<{ text: string }>((resolve) => setTimeout(() => resolve({ text: template }), DRAFT_BUDGET_MS).unref());
  const { text } = await Promise.race([draft.catch(() => ({ text: template })), timeout]);
  return { c, text };
}

/** How long the Reply button waits for an AI draft before showing the template. */
export const DRAFT_BUDGET_MS = 1200;

export interface ReplyOutcome {
  c: CaseRow;
  /** True when the connector delivered it to the buyer. */
  sent: boolean;
  error?: string;
}

/**
 * A reply to the buyer counts as the first response; the text is kept in the case log and thread.
 * Then (outside the transaction) the connector is asked to deliver it; the outcome is logged.
 */
export async function replyToCase(deps: WorkflowDeps, caseId: number, actor: ActorRef, text: string): Promise<ReplyOutcome> {
  const c = await changeCase(deps, caseId, actor, {
    action: { type: 'reply' },
    event: { type: 'reply', data: { text } },
    thread: { title: 'Reply to the buyer', nodes: [{ type: 'quote', text }] },
  });
  const ctx = await actionContext(deps, c);
  const result = await callConnector(deps, ctx, 'reply', (k) =>
    k.replyToBuyer({
      shop: ctx.shop,
      order: ctx.order,
      buyer: { id: c.buyerId, name: c.buyerName ?? 'Buyer', email: ctx.order?.buyerEmail },
      text,
      idempotencyKey: `case-${c.id}-reply-${c.version}`,
    }),
  );
  const sent = result.ok && result.sent;
  const now = deps.clock.now();
  const steps = result.ok ? (result.manual?.checklist ?? []) : [result.error, 'Send it by hand.'];
  await deps.db.transaction(async (tx) => {
    const type = sent ? 'reply_sent' : result.ok ? 'reply_not_sent' : 'reply_failed';
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      at: now,
      actor: actor.name,
      platform: actor.platform,
      type,
      data: { userId: actor.userId, connector: ctx.connector?.type, ...(result.ok ? { ref: result.ref } : { error: result.error }) },
    });
    if (!sent)
      await queueCaseUpdate(
        tx,
        c,
        String(ev.id),
        now,
        threadView(
          result.ok ? 'The reply was not sent automatically' : 'The reply could not be sent',
          [{ type: 'list', items: steps }],
          actor,
          now,
        ),
      );
  });
  return { c, sent, ...(result.ok ? {} : { error: result.error }) };
}
