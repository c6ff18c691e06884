import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseEvents, cases, orders, outbox, teams } from '../../src/db/schema.js';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock, type Classifier, type Triage } from '../../src/ports.js';
import type { CardView, Reply } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { DEFAULT_ESCALATION_RULES, parseEscalationRuleSettings } from '../../src/domain/escalation-settings.js';
import { allRules, teamEscalationRules, type EscalationRule } from '../../workflows/escalation/index.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { refundCase } from '../../workflows/money/index.js';
import { triageBatch } from '../../workflows/triage/index.js';
import { fakeActor } from '../fakes/actors.js';
import { buyerMessage, makeEvent, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';
import { CaseStateError } from '../../src/errors.js';

/** A tiny classifier: insults are abusive (the words are the hints); "never arrived" is a hint. */
const classifier: Classifier = {
  async classify(text): Promise<Triage> {
    const insults = text.match(/\b(idiot|scammer)\b/gi) ?? [];
    return {
      source: 'rules',
      sentiment: insults.length ? 'negative' : 'neutral',
      urgency: 'normal',
      abusive: insults.length > 0,
      hints: [...insults.map((w) => w.toLowerCase()), ...(/never arrived/i.test(text) ? ['never arrived'] : [])],
    };
  },
};

const buyer = { id: 'b-1', name: 'Dana Smith' };
const shipped = (orderId: string, at: string, shopId = 'shop-1') =>
  makeEvent('order.shipped', { orderId, shippedAt: at, carrier: 'USPS', tracking: `9400${orderId}` }, { occurredAt: at, shopId });
const delivered = (orderId: string, at: string) => makeEvent('order.delivered', { orderId, deliveredAt: at }, { occurredAt: at });
const notReceived = (orderId: string, at: string, shopId = 'shop-1') =>
  makeEvent('dispute.opened', { buyer, orderId, reason: 'not_received', message: 'I never got it' }, { occurredAt: at, shopId });
const chargeback = (orderId: string, at: string) =>
  makeEvent('chargeback.opened', { orderId, reason: 'Item not received' }, { occurredAt: at });

const text = (r: Reply): string =>
  r.type === 'message' ? [r.view.title, ...r.view.nodes.map((n) => ('text' in n ? n.text : ''))].join(' ') : `(${r.type})`;

describe.each(dbKinds)('automatic escalation rules on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const ana = { name: 'ana', userId: 'U_ANA', platform: 'console' as const };

  const triage = (rules: EscalationRule[] = allRules()) => triageBatch(deps, { classifier, rules });
  const event = (e: Parameters<typeof receiveEvent>[2]) => receiveEvent(deps, 'webhook', e);
  const caseRow = async (id: number) => (await deps.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const escalation = async (id: number) =>
    (await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, id))).find((e) => e.type === 'escalate')?.data as
      { reason: string; rule: string } | undefined;
  const evidence = async (id: number) => {
    const row = (await deps.db.select().from(outbox)).find((o) => o.idempotencyKey.startsWith(`case:${id}:escalation:`));
    return row ? (row.payload as { view: CardView }).view : undefined;
  };

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
  });

  it('escalates an abusive buyer with evidence and locks the refund button', async () => {
    await event(orderPaid('A-1', '2026-11-20T15:00:00Z'));
    await event(buyerMessage('You idiot, refund me now or I call you a scammer everywhere', { id: 'm1' }, 'A-1'));
    expect(await triage()).toBe(1);

    const c = await caseRow(1);
    expect(c.status).toBe('escalated');
    expect(c.flags).toContain('abusive');
    const esc = await escalation(1);
    expect(esc).toMatchObject({ reason: 'abusive' });
    expect(esc!.rule).toMatch(/abusive \(matched: "idiot", "scammer"\)/);
    const pack = JSON.stringify(await evidence(1));
    expect(pack).toContain('Abusive buyer');
    expect(pack).toContain('Why: Triage (rules) found');
    expect(pack).toContain('You idiot, refund me now');
    expect(pack).toContain('support.uphold:1');

    await expect(refundCase(deps, 1, ana, { mode: 'full', reason: 'make it stop' })).rejects.toThrow(CaseStateError);
    await expect(refundCase(deps, 1, ana, { mode: 'full', reason: 'make it stop' })).rejects.toThrow(/wait until platform support answers/);
    const d = createDispatcher(deps);
    expect(text(await d.click('case.refund:1', fakeActor('U_ANA', [], 'ana')))).toMatch(/wait until support answers/);
    expect((await deps.db.select().from(orders))[0]!.refundedCents).toBe(0);
  });

  it('escalates a not-received dispute on a delivered order as fraudulent, naming the delivery date', async () => {
    await event(orderPaid('A-1', '2026-11-10T12:00:00Z'));
    await event(shipped('A-1', '2026-11-12T12:00:00Z'));
    await event(delivered('A-1', '2026-11-15T16:00:00Z'));
    await event(notReceived('A-1', '2026-11-23T09:00:00Z'));
    await triage();
    expect((await caseRow(1)).status).toBe('escalated');
    const esc = await escalation(1);
    expect(esc?.reason).toBe('fraudulent');
    expect(esc!.rule).toMatch(
      /order A-1 never arrived \(not-received dispute, 2026-11-23\), but tracking shows it delivered on 2026-11-15 \(USPS 9400A-1\)/,
    );
    expect(JSON.stringify(await evidence(1))).toContain('Fraudulent claim');
  });

  it('treats a buyer message saying it never arrived the same way', async () => {
    await event(orderPaid('A-1', '2026-11-10T12:00:00Z'));
    await event(shipped('A-1', '2026-11-12T12:00:00Z'));
    await event(delivered('A-1', '2026-11-15T16:00:00Z'));
    await event(buyerMessage('Hello, my order never arrived.', { id: 'm1' }, 'A-1'));
    await triage();
    const esc = await escalation(1);
    expect(esc?.reason).toBe('fraudulent');
    expect(esc!.rule).toMatch(/message says "never arrived".*delivered on 2026-11-15/);
  });

  it("escalates a buyer's third refund-type case in 90 days across the team's shops, not the second", async () => {
    for (const [id, shop] of [
      ['A-1', 'shop-1'],
      ['A-2', 'shop-2'],
      ['A-3', 'shop-1'],
    ] as const) {
      await event(orderPaid(id, '2026-10-01T12:00:00Z', { shopId: shop }));
      await event(shipped(id, '2026-10-03T12:00:00Z', shop));
    }
    // 1: a message resolved with a refund.
    await event(buyerMessage('The mug arrived broken', { id: 'm1', occurredAt: '2026-10-20T10:00:00Z' }, 'A-1'));
    await triage();
    await refundCase(deps, 1, ana, { mode: 'full', reason: 'broken' });
    // 2: a not-received dispute in another shop of the team, after the expected delivery: legitimate on its own.
    await event(notReceived('A-2', '2026-11-01T10:00:00Z', 'shop-2'));
    await triage();
    expect((await caseRow(2)).status).toBe('open');
    expect(await escalation(2)).toBeUndefined();
    // 3: a chargeback: the third in 90 days.
    await event(chargeback('A-3', '2026-11-20T10:00:00Z'));
    await triage();
    expect((await caseRow(3)).status).toBe('escalated');
    const esc = await escalation(3);
    expect(esc?.reason).toBe('fraudulent');
    expect(esc!.rule).toContain('Dana Smith (buyer b-1) has 3 refund, not-received or chargeback cases in 90 days');
    expect(esc!.rule).toContain('#1 message resolved with refund full 2026-10-20');
    expect(esc!.rule).toContain('#2 not-received dispute 2026-11-01');
    expect(esc!.rule).toContain('#3 (chargeback) 2026-11-20');
  });

  it('counts only claims inside the window, and follows a tuned threshold', async () => {
    await event(orderPaid('A-1', '2026-07-01T12:00:00Z'));
    await event(shipped('A-1', '2026-07-03T12:00:00Z'));
    await event(orderPaid('A-2', '2026-10-01T12:00:00Z'));
    await event(shipped('A-2', '2026-10-03T12:00:00Z'));
    await event(orderPaid('A-3', '2026-10-01T12:00:00Z'));
    await event(shipped('A-3', '2026-10-03T12:00:00Z'));
    await event(chargeback('A-1', '2026-08-01T10:00:00Z'));
    await event(notReceived('A-2', '2026-11-01T10:00:00Z'));
    await triage();
    await event(notReceived('A-3', '2026-11-20T10:00:00Z'));
    await triage();
    expect((await caseRow(3)).status).toBe('open'); // the August chargeback is outside 90 days

    await event(buyerMessage('Where is it? It never arrived', { id: 'm9' }, 'A-3'));
    await triage(allRules(parseEscalationRuleSettings({ repeatClaims: { threshold: 2, windowDays: 30 } })));
    expect((await escalation(4))?.rule).toMatch(
      /has 3 refund, not-received or chargeback cases in 30 days across the team's shops \(threshold 2\)/,
    );
  });

  it('escalates a not-received claim made before the order could arrive', async () => {
    await event(orderPaid('A-1', '2026-11-19T12:00:00Z'));
    await event(shipped('A-1', '2026-11-21T10:00:00Z'));
    await event(notReceived('A-1', '2026-11-23T09:00:00Z'));
    await event(orderPaid('A-2', '2026-11-22T10:00:00Z'));
    await event(
      makeEvent(
        'dispute.opened',
        { buyer: { id: 'b-2', name: 'Sam Lee' }, orderId: 'A-2', reason: 'not_received' },
        { occurredAt: '2026-11-23T10:00:00Z' },
      ),
    );
    await triage();
    const shipped1 = await escalation(1);
    expect(shipped1?.reason).toBe('fraudulent');
    expect(shipped1!.rule).toMatch(
      /made 2026-11-23, 1 day after it shipped on 2026-11-21 .*not expected before 2026-11-28 \(shipped \+ 7 days transit\)/,
    );
    const [a2] = await deps.db.select().from(orders).where(eq(orders.externalId, 'A-2'));
    const unshipped = await escalation(2);
    expect(unshipped?.reason).toBe('fraudulent');
    expect(unshipped!.rule).toContain(
      `before the order has shipped: it is due to ship by ${a2!.shipBy!.toISOString().slice(0, 10)} (paid 2026-11-22)`,
    );
  });

  it('escalates a chargeback on a delivered order', async () => {
    await event(orderPaid('A-1', '2026-11-01T12:00:00Z'));
    await event(shipped('A-1', '2026-11-03T12:00:00Z'));
    await event(delivered('A-1', '2026-11-07T12:00:00Z'));
    await event(chargeback('A-1', '2026-11-23T08:00:00Z'));
    await triage();
    const esc = await escalation(1);
    expect(esc?.reason).toBe('fraudulent');
    expect(esc!.rule).toBe('Chargeback opened 2026-11-23 on order A-1, which tracking shows delivered on 2026-11-07 (USPS 9400A-1).');
  });

  it('does not fire a rule that is turned off, in the rules list or in team settings', async () => {
    await event(orderPaid('A-1', '2026-11-10T12:00:00Z'));
    await event(shipped('A-1', '2026-11-12T12:00:00Z'));
    await event(delivered('A-1', '2026-11-15T16:00:00Z'));
    await event(notReceived('A-1', '2026-11-23T09:00:00Z'));
    await triage(allRules({ ...DEFAULT_ESCALATION_RULES, deliveredNotReceived: { enabled: false } }));
    expect((await caseRow(1)).status).toBe('open');
    expect(await escalation(1)).toBeUndefined();

    await deps.db
      .update(teams)
      .set({ settings: { escalationRules: { abusive: { enabled: false } } } })
      .where(eq(teams.id, 'default'));
    await event(buyerMessage('You idiot', { id: 'm1' }));
    await triage(teamEscalationRules());
    expect((await caseRow(2)).status).toBe('open');
    expect((await caseRow(2)).flags).toContain('abusive');
    expect(allRules(parseEscalationRuleSettings({ abusive: { enabled: false }, repeatClaims: { enabled: false } }))).toHaveLength(3);
    expect(allRules(parseEscalationRuleSettings({ abusive: { enabled: 'nope' } }))).toHaveLength(5);
  });
});
