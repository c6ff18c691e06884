import { beforeEach, describe, expect, it } from 'vitest';
import { onceClaims, orders, outbox, shops, teams, cases } from '../../src/db/schema.js';
import { ManualClock } from '../../src/ports.js';
import { BUNDLED_REMINDERS_FILE } from '../../workflows/reminders/index.js';
import type { CardView } from '../../src/ui/view.js';
import type { WorkflowDeps } from '../../workflows/deps.js';
import { monthlyRemindersJob, REMINDER_CLAIM_KIND, runMonthlyReminders } from '../../workflows/reminders/index.js';
import { dbKinds, resetDatabase, testDatabase, testDeps } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NY = 'America/New_York';
const routing = {
  enabled: ['slack', 'discord', 'console'] as const,
  defaultChannel: { slack: 'C-DEFAULT', discord: '100000', console: 'console' },
};
const opts = { contentFile: BUNDLED_REMINDERS_FILE };

describe.each(dbKinds)('monthly reminders on %s', (kind) => {
  let deps: WorkflowDeps;
  const clock = new ManualClock(new Date('2026-12-01T12:00:00Z'));

  const rows = async () => deps.db.select().from(outbox).orderBy(outbox.id);
  const views = async () => (await rows()).map((r) => (r.payload as { view: CardView }).view);
  const text = (v: CardView) => JSON.stringify(v.nodes);
  const addTeam = async (
    id: string,
    timeZone = NY,
    settings: Record<string, unknown> = { routes: { reminders: `C-${id}` } },
    createdAt = new Date('2026-01-01T00:00:00Z'),
  ) => deps.db.insert(teams).values({ id, name: id, platform: 'slack', timeZone, settings, createdAt });
  const addShop = async (id: string, teamId: string) => deps.db.insert(shops).values({ id, teamId, name: `Shop ${id}`, timeZone: NY });

  beforeEach(async () => {
    const database = await testDatabase(kind);
    await resetDatabase(database);
    clock.set('2026-12-01T12:00:00Z');
    deps = testDeps(database.db, clock, {
      routing: { enabled: [...routing.enabled], defaultChannel: routing.defaultChannel },
      defaultTimeZone: NY,
    });
    await addTeam('acme');
    await addShop('s1', 'acme');
    // November in New York: 10 orders, 8 of 10 shipped on time; 2 message cases, 1 answered in time.
    const nov = new Date('2026-11-10T15:00:00Z').getTime();
    await deps.db.insert(orders).values(
      Array.from({ length: 10 }, (_, i) => ({
        shopId: 's1',
        externalId: `N-${i}`,
        paidAt: new Date(nov + i * HOUR),
        shipBy: new Date(nov + 2 * DAY),
        shippedAt: new Date(nov + (i < 8 ? 1 : 3) * DAY),
        updatedAt: clock.now(),
      })),
    );
    // An order of December does not count in November's digest.
    await deps.db
      .insert(orders)
      .values({ shopId: 's1', externalId: 'D-1', paidAt: new Date('2026-12-01T06:00:00Z'), updatedAt: clock.now() });
    await deps.db.insert(cases).values([
      {
        shopId: 's1',
        kind: 'message',
        clockChannel: 'message',
        openedAt: new Date(nov),
        targetAt: new Date(nov + 2 * HOUR),
        maxAt: new Date(nov + DAY),
        firstResponseAt: new Date(nov + HOUR),
        resolvedAt: new Date(nov + 2 * HOUR),
        status: 'resolved',
        updatedAt: clock.now(),
      },
      {
        shopId: 's1',
        kind: 'message',
        clockChannel: 'message',
        openedAt: new Date(nov),
        targetAt: new Date(nov + 2 * HOUR),
        maxAt: new Date(nov + DAY),
        firstResponseAt: new Date(nov + 3 * HOUR),
        status: 'acknowledged',
        updatedAt: clock.now(),
      },
    ]);
  });

  it('waits for the first Tuesday 10:00 local, then sends once with the webinar, tips and last month\u2019s figures', async () => {
    clock.set('2026-12-01T14:50:00Z'); // 09:50 in New York
    expect((await runMonthlyReminders(deps, opts)).sent).toEqual([]);
    expect(await rows()).toHaveLength(0);
    clock.set('2026-12-01T15:00:00Z');
    const r = await runMonthlyReminders(deps, opts);
    expect(r).toMatchObject({ sent: ['acme'], late: [], messages: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ platform: 'slack', channel: 'C-acme', op: 'post' });
    const [v] = await views();
    expect(v!.title).toBe('Seller Success reminders · December 2026');
    const t = text(v!);
    expect(t).toContain('Seller Success webinar: getting ready for the holiday rush');
    expect(t).toContain('https://marketplace.example/knowledgebase/shipping-orders');
    expect(t).toContain('Away for vacation, illness or an emergency?');
    expect(t).toContain('Your shops in November 2026');
    expect(t).toContain('Orders: 10');
    expect(t).toContain('On-time shipping: 80% of 10 due');
    expect(t).toContain('Messages first replies: 50% within target, 100% within maximum (2)');
    expect(t).toContain('Cases: 2 opened, 1 resolved, 0 escalated');
    expect(t).toContain('Shop s1: At risk');
    expect(t).toContain('One thing to improve: Ship within the shipping window');
    expect(t).not.toContain('sent late');
    // Every later tick this month, and a restarted process (a new job), sends nothing more.
    for (let i = 0; i < 3; i++) {
      clock.advance(10 * 60_000);
      expect((await monthlyRemindersJob(opts).run(deps, { dryRun: false })).summary).toMatch(/^0 team reminders queued.*1 already sent/);
    }
    clock.set('2026-12-28T12:00:00Z');
    expect((await runMonthlyReminders(deps, opts)).sent).toEqual([]);
    expect(await deps.db.select().from(onceClaims)).toMatchObject([{ kind: REMINDER_CLAIM_KIND, key: 'acme:2026-12' }]);
    // January's goes out on its own first Tuesday, with that month's override.
    clock.set('2027-01-05T15:00:00Z');
    expect((await runMonthlyReminders(deps, opts)).sent).toEqual(['acme']);
    const jan = (await views())[1]!;
    expect(text(jan)).toContain('returns, reviews and the new year');
    expect(text(jan)).toContain('Your shops in December 2026');
  });

  it('sends one reminder per team per month when two replicas run at once', async () => {
    await addTeam('bolt', 'Europe/Berlin');
    await addShop('s2', 'bolt');
    clock.set('2026-12-01T15:05:00Z');
    const [a, b, c] = await Promise.all([
      runMonthlyReminders(deps, opts),
      runMonthlyReminders(deps, opts),
      runMonthlyReminders(deps, opts),
    ]);
    expect([...a.sent, ...b.sent, ...c.sent].sort()).toEqual(['acme', 'bolt']);
    const posted = (await rows()).map((r) => r.channel).sort();
    expect(posted).toEqual(['C-acme', 'C-bolt']);
    expect(await deps.db.select().from(onceClaims)).toHaveLength(2);
  });

  it('sends a missed reminder when the bot starts again, marked late', async () => {
    clock.set('2026-12-03T09:00:00Z'); // the bot was down on Tuesday 1 December
    const r = await runMonthlyReminders(deps, opts);
    expect(r).toMatchObject({ sent: ['acme'], late: ['acme'] });
    const [v] = await views();
    expect(v!.summary).toContain('(sent late: SellerDesk was offline on Tue 1 Dec)');
    expect(text(v!)).toContain('(sent late: SellerDesk was offline on Tue 1 Dec)');
  });

  it('skips a month missed entirely and sends only the current one', async () => {
    clock.set('2027-01-20T12:00:00Z'); // down from before 1 December to 20 January
    const r = await runMonthlyReminders(deps, opts);
    expect(r.late).toEqual(['acme']);
    expect((await deps.db.select().from(onceClaims)).map((c) => c.key)).toEqual(['acme:2027-01']);
    expect((await views())[0]!.summary).toContain('offline on Tue 5 Jan');
  });

  it('dry run previews who gets what and claims nothing', async () => {
    clock.set('2026-12-01T15:00:00Z');
    await addTeam('later', NY, { reminders: { weekday: 'thu', nth: 2, time: '09:00' } });
    const r = await monthlyRemindersJob({ ...opts, communityChannel: '555000' }).run(deps, { dryRun: true });
    expect(r.summary).toMatch(/^dry run: would send 1 team reminders/);
    expect(r.preview).toContain(
      'acme → slack:C-acme: Seller Success reminders · December 2026 · webinar: Seller Success webinar: getting ready for the holiday rush',
    );
    expect(r.preview).toContain('later: next reminder Thu 10 Dec 2026 09:00 America/New_York (not due)');
    expect(r.preview!.some((l) => l.startsWith('community → discord:555000'))).toBe(true);
    expect(await rows()).toHaveLength(0);
    expect(await deps.db.select().from(onceClaims)).toHaveLength(0);
    expect((await runMonthlyReminders(deps, opts)).sent).toEqual(['acme']);
  });

  it('--team limits the run to one team', async () => {
    await addTeam('bolt');
    clock.set('2026-12-01T15:00:00Z');
    expect((await runMonthlyReminders(deps, opts, { dryRun: false, team: 'bolt' })).sent).toEqual(['bolt']);
    expect((await runMonthlyReminders(deps, opts, { dryRun: false, team: 'nope' })).skipped).toEqual(['nope: no such team']);
    expect((await rows()).map((r) => r.channel)).toEqual(['C-bolt']);
  });

  it('follows per-team settings: another day, or disabled', async () => {
    await addTeam('off', NY, { reminders: { enabled: false } });
    await addTeam('mon', 'Europe/Paris', { reminders: { weekday: 'mon', nth: 2, time: '08:30' } });
    clock.set('2026-12-14T07:29:00Z'); // 08:29 in Paris on the second Monday
    let r = await runMonthlyReminders(deps, opts);
    expect(r.skipped).toContain('off: reminders disabled');
    expect(r.sent).toEqual(['acme']);
    clock.set('2026-12-14T07:30:00Z');
    r = await runMonthlyReminders(deps, opts);
    expect(r.sent).toEqual(['mon']);
  });

  it('does not send a late reminder to a team added after this month\u2019s time', async () => {
    await addTeam('new', NY, {}, new Date('2026-12-10T00:00:00Z'));
    clock.set('2026-12-10T12:00:00Z');
    expect((await runMonthlyReminders(deps, opts)).sent).toEqual(['acme']);
    clock.set('2027-01-05T15:00:00Z');
    expect((await runMonthlyReminders(deps, opts)).sent.sort()).toEqual(['acme', 'new']);
    expect((await rows()).find((r) => r.idempotencyKey.includes('new:2027-01'))?.channel).toBe('C-DEFAULT');
  });

  it('posts the webinar and tips, without shop figures, to the Discord community channel once a month', async () => {
    clock.set('2026-12-01T15:00:00Z');
    const job = monthlyRemindersJob({ ...opts, communityChannel: '555000' });
    const [a, b] = await Promise.all([job.run(deps, { dryRun: false }), job.run(deps, { dryRun: false })]);
    expect([a, b].map((r) => (r as unknown as { community: string }).community).sort()).toEqual(['already sent', 'sent']);
    const community = (await rows()).filter((r) => r.platform === 'discord');
    expect(community).toHaveLength(1);
    expect(community[0]!.channel).toBe('555000');
    const v = (community[0]!.payload as { view: CardView }).view;
    expect(v.title).toBe('Seller Success · December 2026');
    expect(text(v)).toContain('getting ready for the holiday rush');
    expect(text(v)).toContain('Shipping your orders');
    expect(text(v)).not.toContain('Shop s1');
    expect(text(v)).not.toContain('Orders:');
    deps.routing.enabled = ['slack'];
    clock.set('2027-01-05T15:00:00Z');
    const r = await job.run(deps, { dryRun: false });
    expect(r.summary).toContain('community: discord not enabled');
  });

  it('puts many shops in a thread, one card each, within the field limit', async () => {
    for (let i = 0; i < 5; i++) await addShop(`m${i}`, 'acme');
    clock.set('2026-12-01T15:00:00Z');
    const r = await runMonthlyReminders(deps, opts);
    expect(r.messages).toBe(7);
    const all = await rows();
    expect(all.map((x) => x.op)).toEqual(['post', 'thread', 'thread', 'thread', 'thread', 'thread', 'thread']);
    expect(all.slice(1).every((x) => x.parentId === all[0]!.id)).toBe(true);
    const [main, ...thread] = await views();
    expect(text(main!)).toContain('Shop s1: At risk · 10 orders · 80% shipped on time');
    for (const v of thread) {
      const fields = v.nodes.flatMap((n) => (n.type === 'fields' ? n.fields : []));
      expect(fields.length).toBeLessThanOrEqual(25);
    }
    expect(thread.map((v) => v.title)).toContain('Shop s1 · November 2026');
  });
});
