import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseEvents, cases, orders, outbox, teams } from '../../src/db/schema.js';
import type { Dispatcher } from '../../src/interactions/dispatch.js';
import { createDispatcher } from '../../src/platforms/index.js';
import { ManualClock } from '../../src/ports.js';
import type { CardView, ModalView, Reply } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { receiveEvent } from '../../workflows/intake/index.js';
import { fakeActor } from '../fakes/actors.js';
import { buyerMessage, orderPaid } from '../fakes/events.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const text = (r: Reply): string => {
  if (r.type !== 'message') return `(${r.type})`;
  const v: CardView = r.view;
  return [v.title, ...v.nodes.map((n) => ('text' in n ? n.text : n.type === 'mentions' ? n.targets.map((t) => t.id).join(',') : ''))].join(
    ' ',
  );
};

describe.each(dbKinds)('case actions through the dispatcher on %s', (kind) => {
  let deps: WorkflowDeps;
  let d: Dispatcher;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const ana = fakeActor('U_ANA', ['S_REFUNDERS'], 'ana');
  const bob = fakeActor('U_BOB', [], 'bob');

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['console'], defaultChannel: { console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    d = createDispatcher(deps);
    await receiveEvent(deps, 'webhook', orderPaid('A-1', '2026-11-20T15:00:00Z'));
    await receiveEvent(deps, 'webhook', buyerMessage('It arrived broken', { id: 'm1' }, 'A-1'));
    await deps.db
      .update(teams)
      .set({ settings: { permissions: { refund: ['S_REFUNDERS'], escalate: ['U_ANA'] } } })
      .where(eq(teams.id, 'default'));
  });

  it('opens a refund modal for a permitted user and records the refund once', async () => {
    const click = await d.click('case.refund:1', ana);
    expect(click.type).toBe('modal');
    const modal = (click as { view: ModalView }).view;
    expect(modal.submitActionId).toBe('case.refund:1');
    expect(modal.intro).toContain('$24.50');
    const done = await d.submit('case.refund:1', { mode: 'full', reason: 'Arrived broken' }, ana);
    expect(text(done)).toMatch(/full refund of \$24.50 recorded/);
    const [c] = await deps.db.select().from(cases);
    expect(c).toMatchObject({ status: 'resolved', lastActor: 'ana', resolution: { type: 'refund_full', amountCents: 2450 } });
    expect(c!.firstResponseAt).not.toBeNull();
    const [o] = await deps.db.select().from(orders);
    expect(o!.refundedCents).toBe(2450);
    const events = await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'refund'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'ana', data: { userId: 'U_ANA', mode: 'full' } });

    // A second submission (double click, stale modal) does nothing and says why.
    const again = await d.submit('case.refund:1', { mode: 'full', reason: 'again' }, ana);
    expect(text(again)).toMatch(/already|resolved/);
    expect(await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'refund'))).toHaveLength(1);
    expect((await deps.db.select().from(orders))[0]!.refundedCents).toBe(2450);
    // A click on the stale card does not open a form.
    expect(text(await d.click('case.refund:1', ana))).toMatch(/already resolved \(refund full\) by ana/);
  });

  it('lets only one of two racing refunds through', async () => {
    const results = await Promise.all([
      d.submit('case.refund:1', { mode: 'full', reason: 'first' }, ana),
      d.submit('case.refund:1', { mode: 'full', reason: 'second' }, ana),
    ]);
    expect(results.filter((r) => /recorded/.test(text(r)))).toHaveLength(1);
    expect(await deps.db.select().from(caseEvents).where(eq(caseEvents.type, 'refund'))).toHaveLength(1);
  });

  it('refuses a user without permission and says who can', async () => {
    const r = await d.click('case.refund:1', bob);
    expect(r.type).toBe('message');
    expect(text(r)).toMatch(/You can't refund here.*S_REFUNDERS/);
    const s = await d.submit('case.refund:1', { mode: 'full', reason: 'sneaky' }, bob);
    expect(text(s)).toMatch(/can't refund/);
    expect((await deps.db.select().from(cases))[0]!.status).toBe('open');
  });

  it('caps partial refunds at what remains refundable', async () => {
    const over = await d.submit('case.refund:1', { mode: 'partial', amount: '30', reason: 'too much' }, ana);
    expect(text(over)).toMatch(/Only \$24.50 of this order is left to refund/);
    const ok = await d.submit('case.refund:1', { mode: 'partial', amount: '$10.00', reason: 'chip' }, ana);
    expect(text(ok)).toMatch(/partial refund of \$10.00/);
    const bad = await d.submit('case.refund:1', { mode: 'partial', amount: 'ten', reason: 'x y z' }, ana);
    expect(text(bad)).toMatch(/amount: an amount like 12.50/);
  });

  it('locks refund and reship while escalated, until support answers', async () => {
    const esc = await d.submit('case.escalate:1', { reason: 'fraudulent', note: 'Third claim this month' }, ana);
    expect(text(esc)).toMatch(/went to platform support/);
    expect(text(await d.click('case.refund:1', ana))).toMatch(/wait until support answers/);
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'now' }, ana))).toMatch(/wait until platform support answers/);
    const pack = (await deps.db.select().from(outbox)).find((o) => o.idempotencyKey.includes('escalation'));
    expect(JSON.stringify(pack!.payload)).toContain('Third claim this month');
    expect(JSON.stringify(pack!.payload)).toContain('support.uphold:1');
    await d.click('support.deny:1', ana);
    expect((await deps.db.select().from(cases))[0]!.status).toBe('acknowledged');
    expect(text(await d.submit('case.refund:1', { mode: 'full', reason: 'now' }, ana))).toMatch(/recorded/);
  });

  it('prefills the reply with the approved template and stops the clock', async () => {
    const r = await d.click('case.reply:1', bob);
    const modal = (r as { view: ModalView }).view;
    expect(modal.inputs[0]).toMatchObject({
      id: 'text',
      initial: expect.stringMatching(/^Hi Dana, thank you for your message about order A-1/),
    });
    clock.advance(30 * 60_000);
    await d.submit('case.reply:1', { text: 'Hi Dana, so sorry! A replacement is on its way.' }, bob);
    const [c] = await deps.db.select().from(cases);
    expect(c!.status).toBe('waiting_on_buyer');
    expect(c!.firstResponseAt!.toISOString()).toBe('2026-11-23T15:30:00.000Z');
  });

  it('answers bad arguments with usage, and unknown buttons plainly', async () => {
    expect(text(await d.command('cases', 'sideways', bob))).toMatch(/Usage: \/cases \[open\|overdue\|mine\].*one of open, overdue, mine/);
    expect(text(await d.command('case', 'abc', bob))).toMatch(/Usage: \/case <id>/);
    expect(text(await d.command('case', '999', bob))).toMatch(/no case #999/);
    expect(text(await d.click('nonsense', bob))).toMatch(/not one SellerDesk understands/);
    expect(text(await d.click('case.explode:1', bob))).toMatch(/no longer supported/);
    expect(text(await d.command('shop-status', 'nope', bob))).toMatch(/No shop "nope"/);
  });

  it('lists the open cases a user acted on, by user id, as /cases mine', async () => {
    await d.submit('case.reply:1', { text: 'Hi Dana, a replacement is on its way.' }, bob);
    const mine = (await d.command('cases', 'mine', bob)) as { view: CardView };
    expect(mine.view.title).toBe('1 open case you acted on');
    expect(JSON.stringify(mine.view.nodes)).toContain('#1 Buyer message · Dana');
    expect(text(await d.command('cases', 'mine', ana))).toMatch(/No open cases you acted on/);
  });

  it('shows shop status with standing', async () => {
    const r = await d.command('shop-status', '', bob);
    expect(r.type).toBe('message');
    const v = (r as { view: CardView }).view;
    expect(v.title).toBe('shop-1 · shop status');
    expect(JSON.stringify(v.nodes)).toContain('Open cases');
    const list = await d.command('cases', 'open', bob);
    expect(text(list)).toMatch(/1 open case/);
  });
});
