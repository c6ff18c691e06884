import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { cases, onceClaims, orders, outbox, shops, teams } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import { BUNDLED_REMINDERS_FILE } from '../../workflows/reminders/index.js';
import type { CardView } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { patternInput, STANDING_KIND, standingWatchJob, watchStandings } from '../../workflows/standing/index.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const opts = { contentFile: BUNDLED_REMINDERS_FILE };

describe.each(dbKinds)('standing watch on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-11-23T15:00:00Z'));
  const now = () => clock.now().getTime();
  let seq = 0;

  const rows = async () => (await deps.db.select().from(outbox).orderBy(outbox.id)).filter((r) => r.idempotencyKey.startsWith('standing'));
  const views = async () => (await rows()).map((r) => (r.payload as { view: CardView }).view);
  const text = (v: CardView) => JSON.stringify(v.nodes);
  const stored = async (shopId = 's1') =>
    (
      await deps.db
        .select()
        .from(onceClaims)
        .where(and(eq(onceClaims.kind, STANDING_KIND), eq(onceClaims.key, shopId)))
    )[0]?.data as { standing: string; previous?: string } | undefined;
  /** Orders paid `daysAgo`, due two days later, shipped `lateBy` hours after ship-by (negative: early; null: unshipped). */
  const order = (daysAgo: number, lateBy: number | null, shopId = 's1') => {
    const paid = now() - daysAgo * DAY;
    const shipBy = paid + 2 * DAY;
    return deps.db.insert(orders).values({
      shopId,
      externalId: `O-${++seq}`,
      paidAt: new Date(paid),
      shipBy: new Date(shipBy),
      shippedAt: lateBy === null ? null : new Date(shipBy + lateBy * HOUR),
      updatedAt: clock.now(),
    });
  };
  const unansweredMessage = (hoursAgo: number) => {
    const opened = now() - hoursAgo * HOUR;
    return deps.db.insert(cases).values({
      shopId: 's1',
      kind: 'message',
      clockChannel: 'message',
      openedAt: new Date(opened),
      targetAt: new Date(opened + 2 * HOUR),
      maxAt: new Date(opened + DAY),
      updatedAt: clock.now(),
    });
  };

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-11-23T15:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: ['slack', 'console'], defaultChannel: { slack: 'C-DEFAULT', console: 'console' } },
      defaultTimeZone: 'UTC',
    });
    await deps.db.insert(teams).values({
      id: 'acme',
      name: 'Acme',
      platform: 'slack',
      timeZone: 'America/New_York',
      settings: { routes: { overdue: 'C-OVERDUE', reminders: 'C-REM' } },
      createdAt: clock.now(),
    });
    await deps.db.insert(shops).values({ id: 's1', teamId: 'acme', name: 'Maple Mugs', timeZone: 'America/New_York' });
    // Ten orders over the last month, all shipped a day early.
    for (let i = 0; i < 10; i++) await order(25 - i * 2, -24);
  });

  it('records a good shop silently', async () => {
    const r = await watchStandings(deps, opts);
    expect(r).toMatchObject({ shops: 1, slipped: 0, messages: 0 });
    expect(await stored()).toMatchObject({ standing: 'good' });
    expect(await rows()).toHaveLength(0);
  });

  it('tells the team once when a shop slips to at risk (a late-shipping streak), with what to do and where to learn it', async () => {
    await watchStandings(deps, opts);
    for (let i = 0; i < 3; i++) await order(5 - i, 6);
    const r = await watchStandings(deps, opts);
    expect(r).toMatchObject({ slipped: 1, messages: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ platform: 'slack', channel: 'C-OVERDUE', op: 'post' });
    const [v] = await views();
    expect(v!.title).toBe('Maple Mugs: standing slipped to At risk');
    const t = text(v!);
    expect(t).toContain('Maple Mugs went from Good to At risk.');
    expect(t).toContain('3 late shipments in a row');
    expect(t).toContain('on-time shipping 77% (below 90%)');
    expect(t).toContain('What to do');
    expect(t).toContain('https://marketplace.example/knowledgebase/shipping-orders');
    expect(t).toContain('Webinar: Seller Success webinar');
    expect(await stored()).toMatchObject({ standing: 'at_risk', previous: 'good' });
    // The next hourly runs find nothing new.
    clock.advance(HOUR);
    expect(await watchStandings(deps, opts)).toMatchObject({ slipped: 0, messages: 0 });
    expect(await rows()).toHaveLength(1);
  });

  it('two replicas running at once send one message', async () => {
    for (let i = 0; i < 3; i++) await order(5 - i, 6);
    const results = await Promise.all([
      watchStandings(deps, opts),
      watchStandings(deps, opts),
      standingWatchJob(opts).run(deps, { dryRun: false }),
    ]);
    expect(results.reduce((n, r) => n + (r as { messages: number }).messages, 0)).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  it('announces a shop first seen at risk, then a further slip to under review, and records improvement silently', async () => {
    for (let i = 0; i < 3; i++) await order(5 - i, 6);
    expect((await watchStandings(deps, opts)).messages).toBe(1);
    for (let i = 0; i < 6; i++) await unansweredMessage(30 + i);
    const r = await watchStandings(deps, opts);
    expect(r).toMatchObject({ slipped: 1, messages: 1 });
    const second = (await views())[1]!;
    expect(second.title).toBe('Maple Mugs: standing slipped to Under review');
    expect(text(second)).toContain('6 buyer message(s) unanswered past the maximum response time');
    expect(text(second)).not.toContain('3 late shipments in a row'); // not new: already announced
    expect(text(second)).toContain('https://marketplace.example/knowledgebase/managing-orders');
    expect(text(second)).toContain('the marketplace may get in touch');
    // The team answers and ships; weeks later the shop is good again: recorded, no message.
    await deps.db.update(cases).set({ firstResponseAt: clock.now(), status: 'resolved', resolvedAt: clock.now() });
    clock.advance(40 * DAY);
    for (let i = 0; i < 10; i++) await order(25 - i * 2, -24);
    const back = await watchStandings(deps, opts);
    expect(back).toMatchObject({ improved: 1, messages: 0 });
    expect(await stored()).toMatchObject({ standing: 'good', previous: 'under_review' });
    expect(await rows()).toHaveLength(2);
  });

  it('a shop flapping on one day is announced once', async () => {
    await watchStandings(deps, opts);
    await order(3, null); // unshipped past its ship-by: at risk
    expect((await watchStandings(deps, opts)).messages).toBe(1);
    await deps.db
      .update(orders)
      .set({ cancelledAt: clock.now() })
      .where(eq(orders.externalId, `O-${seq}`));
    expect((await watchStandings(deps, opts)).improved).toBe(1);
    await order(3, null);
    clock.advance(HOUR);
    expect(await watchStandings(deps, opts)).toMatchObject({ slipped: 1, messages: 0 });
    expect(await rows()).toHaveLength(1);
  });

  it('dry run previews the slip and claims nothing', async () => {
    for (let i = 0; i < 3; i++) await order(5 - i, 6);
    const r = await standingWatchJob(opts).run(deps, { dryRun: true });
    expect(r.summary).toBe('dry run: 1 shops checked, 1 slipped, 0 improved');
    expect(r.preview![0]).toMatch(/^s1: Good → At risk; would notify slack:C-OVERDUE \(/);
    expect(await deps.db.select().from(onceClaims)).toHaveLength(0);
    expect(await rows()).toHaveLength(0);
  });

  it('measures an order surge against the 4-week weekly average', async () => {
    for (let i = 0; i < 12; i++) await order((i % 5) + 2, -24);
    const p = await patternInput(deps.db, 's1', clock.now());
    expect(p.ordersLast7Days).toBe(12 + 1); // plus the seeded order of exactly 7 days ago
    expect(p.ordersPrior28Days).toBe(9);
    expect(p.recentShipmentsLate.slice(0, 3)).toEqual([false, false, false]);
    const r = await watchStandings(deps, opts);
    expect(r.messages).toBe(1);
    const v = (await views())[0]!;
    expect(text(v)).toContain('order surge: 13 orders in the last 7 days against 2.3 a week before');
    expect(text(v)).toContain('https://marketplace.example/knowledgebase/bulk-edit-products');
  });
});
