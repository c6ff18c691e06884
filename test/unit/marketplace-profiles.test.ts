import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../../src/domain/business-time.js';
import {
  DEFAULT_WARNING_LEAD,
  mergeTeamOverrides,
  resolveShopMarketplace,
  shopMarketplaceSchema,
} from '../../src/domain/marketplaces/config.js';
import {
  DEFAULT_MARKETPLACE,
  MARKETPLACE_IDS,
  MARKETPLACE_PROFILES,
  marketplaceProfile,
  type ProfileSource,
  type RateMetric,
} from '../../src/domain/marketplaces/index.js';
import { CASE_KINDS } from '../../src/domain/types.js';

const profiles = Object.values(MARKETPLACE_PROFILES);
const metric = (id: string) => profiles.flatMap((p) => p.metrics).find((m) => m.id === id) as RateMetric;

function checkSources(where: string, sources: readonly ProfileSource[]): string[] {
  if (sources.length === 0) return [`${where}: no source`];
  return sources.flatMap((s) => {
    const problems: string[] = [];
    if (!/^https?:\/\/\S+$/.test(s.url) && !/^seeds\/[\w.-]+$/.test(s.url)) problems.push(`${where}: bad url ${s.url}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.checked) || Number.isNaN(Date.parse(s.checked))) problems.push(`${where}: bad date ${s.checked}`);
    if (!s.title.trim() || !s.about.trim()) problems.push(`${where}: source without title or about`);
    return problems;
  });
}

describe('the profiles table', () => {
  it('has a profile for every marketplace, keyed by its id, with a rule for every case kind', () => {
    expect(Object.keys(MARKETPLACE_PROFILES).sort()).toEqual([...MARKETPLACE_IDS].sort());
    for (const [id, p] of Object.entries(MARKETPLACE_PROFILES)) {
      expect(p.id).toBe(id);
      expect(Object.keys(p.replies).sort()).toEqual([...CASE_KINDS].sort());
    }
  });

  it('gives every figure a source with an address, a title and the date it was checked', () => {
    const problems = profiles.flatMap((p) => [
      ...checkSources(`${p.id}.calendar`, p.calendar.sources),
      ...checkSources(`${p.id}.shipBy`, p.shipBy.sources),
      ...checkSources(`${p.id}.automaticReplies`, p.automaticReplies.sources),
      ...CASE_KINDS.flatMap((k) => checkSources(`${p.id}.replies.${k}`, p.replies[k].sources)),
      ...p.caseDeadlines.flatMap((d) => checkSources(`${p.id}.${d.id}`, d.sources)),
      ...p.metrics.flatMap((m) => checkSources(`${p.id}.${m.id}`, m.sources)),
    ]);
    expect(problems).toEqual([]);
  });

  it('uses valid zones, holiday countries, thresholds and unique metric ids', () => {
    const ids = profiles.flatMap((p) => p.metrics.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of profiles) {
      if (p.calendar.timeZone) expect(IANAZone.isValidZone(p.calendar.timeZone)).toBe(true);
      if (p.calendar.holidayCountry) {
        expect(() => isBusinessDay('2026-07-06', { timeZone: 'UTC', holidayCountry: p.calendar.holidayCountry })).not.toThrow();
      }
      for (const m of p.metrics) {
        if (m.kind === 'rate') expect(m.thresholdBp > 0 && m.thresholdBp < 10_000).toBe(true);
        else expect(m.atLeastTenths).toBeLessThan(m.scaleMax * 10);
      }
    }
  });

  it('holds the figures of the issue, as docs/standards.md lists them', () => {
    const amazon = marketplaceProfile('amazon');
    expect(amazon.replies.message).toMatchObject({
      deadline: { mode: 'calendar', minutes: 1440 },
      starts: 'each_buyer_message',
      noResponseNeededStops: true,
    });
    expect(amazon.replies.return.deadline).toEqual({ mode: 'calendar', minutes: 2880 });
    expect(amazon.caseDeadlines[0]).toMatchObject({ from: 'buyer_contact', deadline: { mode: 'calendar', minutes: 4320 } });
    expect(metric('amazon_order_defect_rate')).toMatchObject({ bound: 'max', thresholdBp: 100, inclusive: false, window: { days: 60 } });
    expect(metric('amazon_late_shipment_rate_30d')).toMatchObject({ thresholdBp: 400, inclusive: false });
    expect(metric('amazon_cancel_rate')).toMatchObject({ thresholdBp: 250, window: { days: 7 } });
    expect(metric('amazon_valid_tracking_rate')).toMatchObject({ bound: 'min', thresholdBp: 9500, inclusive: true });

    expect(marketplaceProfile('ebay').replies.dispute.deadline).toEqual({ mode: 'business_days', days: 3 });
    expect(metric('ebay_transaction_defect_rate')).toMatchObject({ thresholdBp: 200, allowance: { count: 4 } });
    expect(metric('ebay_cases_closed_unresolved')).toMatchObject({ thresholdBp: 30, inclusive: true, allowance: { count: 2 } });

    const etsy = marketplaceProfile('etsy');
    expect(etsy.calendar.timeZone).toBe('UTC');
    expect(etsy.replies.message.starts).toBe('first_message_per_thread');
    expect(etsy.shipBy.change).toEqual({ times: 1, maxLaterDays: 21, onlyBeforeItPasses: true });
    expect(metric('etsy_message_response_rate').thresholdBp).toBe(8000);
    expect(metric('etsy_star_seller_messages').thresholdBp).toBe(9500);
    expect(etsy.metrics.find((m) => m.id === 'etsy_star_seller_rating')).toMatchObject({ kind: 'average', atLeastTenths: 48 });

    expect(marketplaceProfile('walmart').replies.message.deadline).toEqual({ mode: 'calendar', minutes: 2880 });
    expect(metric('walmart_seller_response_rate')).toMatchObject({ bound: 'min', thresholdBp: 9500 });
    expect(marketplaceProfile('tiktok_shop').replies.message.deadline).toEqual({ mode: 'calendar', minutes: 720 });
    expect(marketplaceProfile('shopify').replies.dispute.deadline).toEqual({ mode: 'from_event', field: 'evidence_due_by' });
    // The seeds' marketplace names no hours: the team's clocks stay the only ones, as today.
    expect(CASE_KINDS.map((k) => marketplaceProfile('member_marketplace').replies[k].deadline)).toEqual(CASE_KINDS.map(() => null));
  });
});

describe('docs/standards.md', () => {
  it('lists every metric and every source of the profiles', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'standards.md'), 'utf8');
    const missing = profiles.flatMap((p) => {
      const sources = [
        ...p.calendar.sources,
        ...p.shipBy.sources,
        ...p.automaticReplies.sources,
        ...CASE_KINDS.flatMap((k) => p.replies[k].sources),
        ...p.caseDeadlines.flatMap((d) => d.sources),
        ...p.metrics.flatMap((m) => m.sources),
      ];
      return [...p.metrics.map((m) => `| ${m.name} |`), ...sources.map((s) => s.url)].filter((needle) => !doc.includes(needle));
    });
    expect(missing).toEqual([]);
  });
});

describe('choosing a shop’s marketplace in the config file', () => {
  it('defaults to the seeds’ Member Marketplace', () => {
    expect(DEFAULT_MARKETPLACE).toBe('member_marketplace');
    const resolved = resolveShopMarketplace(shopMarketplaceSchema.parse({}));
    expect(resolved.profile.id).toBe('member_marketplace');
    expect(resolved.warningLead).toBe(DEFAULT_WARNING_LEAD);
    expect(resolved.refused).toEqual([]);
  });

  it('names the key of a bad value', () => {
    const bad = shopMarketplaceSchema.safeParse({ marketplace: 'amazn' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['marketplace']);
    const lead = shopMarketplaceSchema.safeParse({ marketplace: 'amazon', marketplaceOverrides: { warningLead: 1 } });
    expect(lead.error!.issues[0]!.path).toEqual(['marketplaceOverrides', 'warningLead']);
    const typo = shopMarketplaceSchema.safeParse({ marketplaceOverrides: { deadline: {} } });
    expect(typo.success).toBe(false);
  });
});

describe('a team tightens, never loosens, a marketplace deadline', () => {
  it('takes a tighter Amazon message deadline and refuses a looser one, keeping Amazon’s', () => {
    const tight = mergeTeamOverrides(marketplaceProfile('amazon'), { deadlines: { message: { mode: 'calendar', minutes: 720 } } });
    expect(tight.profile.replies.message.deadline).toEqual({ mode: 'calendar', minutes: 720 });
    expect(tight.profile.replies.message.tightenedFrom).toEqual({ mode: 'calendar', minutes: 1440 });
    expect(tight.accepted).toEqual([{ field: 'deadline', kind: 'message', asked: '12 h', marketplace: '24 h' }]);

    const loose = mergeTeamOverrides(marketplaceProfile('amazon'), { deadlines: { message: { mode: 'calendar', minutes: 36 * 60 } } });
    expect(loose.profile.replies.message.deadline).toEqual({ mode: 'calendar', minutes: 1440 });
    expect(loose.refused).toEqual([
      { field: 'deadline', kind: 'message', asked: '36 h', marketplace: '24 h', reason: "36 h would loosen Amazon's 24 h" },
    ]);
    expect(marketplaceProfile('amazon').replies.message.deadline).toEqual({ mode: 'calendar', minutes: 1440 }); // not mutated
  });

  it('compares calendar and business-day deadlines only where the answer is certain', () => {
    const ebay = marketplaceProfile('ebay');
    // 3 business days span at least 72 h, so 72 calendar hours is never looser; 73 may be.
    expect(mergeTeamOverrides(ebay, { deadlines: { dispute: { mode: 'calendar', minutes: 72 * 60 } } }).refused).toEqual([]);
    expect(mergeTeamOverrides(ebay, { deadlines: { dispute: { mode: 'calendar', minutes: 73 * 60 } } }).refused).toHaveLength(1);
    expect(
      mergeTeamOverrides(ebay, { deadlines: { dispute: { mode: 'business_days', days: 2 } } }).profile.replies.dispute.deadline,
    ).toEqual({
      mode: 'business_days',
      days: 2,
    });
    const weekendRisk = mergeTeamOverrides(marketplaceProfile('walmart'), { deadlines: { message: { mode: 'business_days', days: 1 } } });
    expect(weekendRisk.refused[0]!.reason).toMatch(/business days can stretch over a weekend/);
  });

  it('refuses deadlines where the marketplace sets none or sends its own', () => {
    const review = mergeTeamOverrides(marketplaceProfile('amazon'), { deadlines: { review: { mode: 'calendar', minutes: 60 } } });
    expect(review.refused[0]!.reason).toBe("Amazon sets no review deadline; set clocks.review.maxMinutes for the team's own maximum");
    const shopify = mergeTeamOverrides(marketplaceProfile('shopify'), { deadlines: { dispute: { mode: 'calendar', minutes: 60 } } });
    expect(shopify.refused[0]!.reason).toMatch(/comes with Shopify store's event \(evidence_due_by\); set warningLead/);
  });

  it('lets a team start more clocks and refuse "no response needed", not fewer clocks or the mark where it is not accepted', () => {
    const etsy = mergeTeamOverrides(marketplaceProfile('etsy'), { starts: { message: 'each_buyer_message' } });
    expect(etsy.profile.replies.message.starts).toBe('each_buyer_message');
    const fewer = mergeTeamOverrides(marketplaceProfile('amazon'), { starts: { message: 'case_opened' } });
    expect(fewer.profile.replies.message.starts).toBe('each_buyer_message');
    expect(fewer.refused[0]!.field).toBe('starts');

    const strict = mergeTeamOverrides(marketplaceProfile('amazon'), { noResponseNeeded: false, warningLead: 0.5 });
    expect(strict.profile.replies.message.noResponseNeededStops).toBe(false);
    expect(strict.warningLead).toBe(0.5);
    const walmart = mergeTeamOverrides(marketplaceProfile('walmart'), { noResponseNeeded: true });
    expect(walmart.refused[0]!.reason).toBe('Walmart does not accept "no response needed": every buyer message needs an answer');
  });
});
