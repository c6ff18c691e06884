import { and, eq, like } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimAction, claimClosedAction } from '../../commands/actions/claim.js';
import type { InteractionContext } from '../../commands/define.js';
import { caseEvents, orders, outbox } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import type { CardView } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { markClaimClosed, postalClaimHelp } from '../../workflows/postal-claims/index.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';
import { CaseStateError } from '../../src/errors.js';
import { type ActorRef } from '../../src/domain/actor.js';

const actor: ActorRef = { name: 'Ana', userId: 'U1', platform: 'console' };
/** Ten days after mailing (Monday 23 Nov 2026, 11:00 New York). */
const TEN_DAYS = '2026-12-03T15:00:00Z';

describe.each(dbKinds)('postal claim help on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'America/New_York',
    });
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T15:00:00Z'));
    await receiveEvent(
      deps,
      'webhook',
      makeEvent(
        'order.shipped',
        { orderId: 'A-1', carrier: 'USPS Priority Mail', tracking: '9400111', insured: true },
        { occurredAt: '2026-11-23T16:00:00Z' },
      ),
    );
    clock.set(TEN_DAYS);
    await receiveEvent(deps, 'webhook', buyerMessage('Where is my order?', { id: 'm-1', occurredAt: TEN_DAYS }, 'A-1'));
  });

  const reminders = () =>
    deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, 1), like(outbox.idempotencyKey, 'case:1:claim-reminder:%')))
      .orderBy(outbox.idempotencyKey);

  it('posts the advice in the thread and schedules the opening and closing reminders', async () => {
    const view = await postalClaimHelp(deps, 1, actor);
    expect(view.title).toBe('Postal claim help: case #1');
    expect(view.summary).toBe('Not yet: a lost-parcel claim with USPS can be filed from Tue 8 Dec 2026 (15 days after mailing).');
    expect(view.nodes).toContainEqual({ type: 'actions', buttons: [{ actionId: 'claim.closed:1', label: 'Claim closed' }] });
    expect(view.nodes).toContainEqual({
      type: 'links',
      links: [{ url: 'https://www.usps.com/help/claims.htm', label: 'USPS claim page' }],
    });
    const evidence = view.nodes.filter((n) => n.type === 'list')[1];
    expect(evidence).toMatchObject({
      items: expect.arrayContaining([
        '✓ Tracking number: 9400111',
        '✗ Mailing receipt or label printout (proof of postage): from the label purchase or the post office',
      ]),
    });

    const [card] = await deps.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'case:1:card'));
    const [ev] = await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'claim_help'));
    expect(ev!.data).toMatchObject({ carrier: 'usps', claimType: 'lost', status: 'not_yet', windowFrom: '2026-12-08T05:00:00.000Z' });
    const [thread] = await deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `case:1:thread:${ev!.id}`));
    expect(thread).toMatchObject({ op: 'thread', parentId: card!.id, orderingKey: 'case:1', state: 'pending' });
    expect((thread!.payload as { view: CardView }).view.title).toBe('Postal claim help: case #1');

    const rows = await reminders();
    expect(rows.map((r) => [r.idempotencyKey, r.op, r.parentId, r.orderingKey, r.state, r.nextAttemptAt.toISOString()])).toEqual([
      // Three days before the last day (Fri 22 Jan 2027), 09:00 New York.
      ['case:1:claim-reminder:closing', 'thread', card!.id, null, 'pending', '2027-01-19T14:00:00.000Z'],
      // The opening day, Tue 8 Dec 2026, 09:00 New York.
      ['case:1:claim-reminder:opens', 'thread', card!.id, null, 'pending', '2026-12-08T14:00:00.000Z'],
    ]);
    expect((rows[1]!.payload as { view: CardView }).view.nodes[0]).toEqual({
      type: 'text',
      text: 'Case #1: the lost-parcel claim with USPS can be filed from today until Fri 22 Jan 2027. If the parcel has not turned up, file it now.',
    });
  });

  it('asking again once the window is open drops the opening reminder and keeps one closing reminder', async () => {
    await postalClaimHelp(deps, 1, actor);
    clock.set('2026-12-13T16:00:00Z');
    const view = await postalClaimHelp(deps, 1, actor);
    expect(view.summary).toBe('You can file now, until Fri 22 Jan 2027.');
    expect((await reminders()).map((r) => [r.idempotencyKey, r.state])).toEqual([
      ['case:1:claim-reminder:closing', 'pending'],
      ['case:1:claim-reminder:opens', 'cancelled'],
    ]);
  });

  it('a delivered order gets damaged-parcel advice from the delivery rules', async () => {
    await deps.db
      .update(orders)
      .set({ carrier: 'UPS', deliveredAt: new Date('2026-11-25T18:00:00Z') })
      .where(eq(orders.externalId, 'A-1'));
    const view = await postalClaimHelp(deps, 1, actor);
    expect(view.summary).toBe('You can file now, until Sun 24 Jan 2027.');
    expect((await reminders()).map((r) => [r.idempotencyKey, r.nextAttemptAt.toISOString()])).toEqual([
      ['case:1:claim-reminder:closing', '2027-01-21T14:00:00.000Z'],
    ]);
  });

  it('markClaimClosed cancels the pending reminders, once', async () => {
    await postalClaimHelp(deps, 1, actor);
    const { cancelled } = await markClaimClosed(deps, 1, actor);
    expect(cancelled).toBe(2);
    expect((await reminders()).map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
    const types = (await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, 1)).orderBy(caseEvents.id)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['claim_help', 'claim_closed']);
    await expect(markClaimClosed(deps, 1, actor)).rejects.toBeInstanceOf(CaseStateError);
    // Asking for help again brings the reminders back.
    await postalClaimHelp(deps, 1, actor);
    expect((await reminders()).map((r) => r.state)).toEqual(['pending', 'pending']);
  });

  it('the buttons answer privately with the advice and with a short done message', async () => {
    const ctx: InteractionContext = { deps, actor: { ...actor, platform: 'console', memberOf: async () => true }, teamId: 'default' };
    const help = await claimAction.click(ctx, '1');
    expect(help).toMatchObject({ type: 'message', visibility: 'ephemeral', view: { title: 'Postal claim help: case #1' } });
    const closed = await claimClosedAction.click(ctx, '1');
    expect(closed).toMatchObject({
      type: 'message',
      visibility: 'ephemeral',
      view: { title: 'Claim closed', summary: 'Claim closed: Case #1: the postal claim is marked closed. 2 pending reminders cancelled.' },
    });
  });
});
