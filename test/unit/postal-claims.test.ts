import { describe, expect, it } from 'vitest';
import { CARRIER_RULES, CLAIM_TYPES } from '../../src/domain/carrier-rules.js';
import { claimAdvice, matchCarrier, type ClaimInput } from '../../src/domain/postal-claims.js';
import { formatDay } from '../../src/ui/format.js';

const NY = 'America/New_York';
/** Monday 23 Nov 2026, 11:00 in New York. */
const MAILED = new Date('2026-11-23T16:00:00Z');

const advise = (over: Partial<ClaimInput> & Pick<ClaimInput, 'now'>) =>
  claimAdvice({
    carrier: 'USPS',
    tracking: '9400111',
    shippedAt: MAILED,
    insured: true,
    valueCents: 2450,
    currency: 'USD',
    timeZone: NY,
    ...over,
  });

/** A local wall-clock time in `zone` as an instant. */
function local(isoLocal: string, zone: string): Date {
  const guess = new Date(`${isoLocal}Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(guess.getTime() - (asUtc - guess.getTime()));
}

/** Status on the day before the window opens, its first day, its last day and the day after. */
function edges(input: Omit<ClaimInput, 'now'>, opens: string, lastDay: string, zone: string) {
  const at = (d: string, t: string) => claimAdvice({ ...input, now: local(`${d}T${t}`, zone) }).status;
  const dayBefore = new Date(local(`${opens}T12:00:00`, zone).getTime() - 86_400_000).toISOString().slice(0, 10);
  const dayAfter = new Date(local(`${lastDay}T12:00:00`, zone).getTime() + 86_400_000).toISOString().slice(0, 10);
  return [at(dayBefore, '23:59:00'), at(opens, '00:00:00'), at(lastDay, '23:59:00'), at(dayAfter, '00:00:00')];
}

describe('matchCarrier', () => {
  it.each([
    ['USPS Priority Mail', 'usps'],
    ['United States Postal Service', 'usps'],
    ['U.S. Postal Service', 'usps'],
    ['UPS Ground', 'ups'],
    ['United Parcel Service', 'ups'],
    ['FedEx Home Delivery', 'fedex'],
    ['Federal Express', 'fedex'],
    ['Canada Post Xpresspost', 'canada_post'],
    ['Royal Mail Tracked 48', 'royal_mail'],
  ])('%s → %s', (text, id) => expect(matchCarrier(text)?.id).toBe(id));

  it('matches whole words only and knows nothing of other carriers', () => {
    expect(matchCarrier('usps')?.id).toBe('usps');
    expect(matchCarrier('DHL Express')).toBeUndefined();
    expect(matchCarrier('')).toBeUndefined();
    expect(matchCarrier(undefined)).toBeUndefined();
  });

  it('has every claim type, a claim page and dated sources for every carrier', () => {
    for (const rule of CARRIER_RULES) {
      for (const t of CLAIM_TYPES) expect(rule.claims[t].fromDays).toBeGreaterThanOrEqual(0);
      expect(rule.claimUrl).toMatch(/^https:\/\//);
      expect(rule.sources.length).toBeGreaterThan(0);
      for (const s of rule.sources) expect(s.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('claim windows around their edges', () => {
  it('USPS lost: 15 to 60 days after mailing', () => {
    const a = advise({ now: MAILED });
    expect(formatDay(a.window!.from, NY)).toBe('Tue 8 Dec 2026');
    expect(formatDay(a.window!.until, NY)).toBe('Fri 22 Jan 2027');
    expect(
      edges(
        { carrier: 'USPS', shippedAt: MAILED, insured: true, currency: 'USD', claimType: 'lost', timeZone: NY },
        '2026-12-08',
        '2027-01-22',
        NY,
      ),
    ).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('USPS damaged: from the mailing day to 60 days after', () => {
    const input = {
      carrier: 'USPS',
      shippedAt: MAILED,
      deliveredAt: new Date('2026-11-25T18:00:00Z'),
      insured: true,
      currency: 'USD',
      timeZone: NY,
    } as const;
    const a = claimAdvice({ ...input, now: MAILED });
    expect(a.claimType).toBe('damaged');
    expect(edges(input, '2026-11-23', '2027-01-22', NY)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('counts days in the shop time zone', () => {
    // 22:00 on Monday 23 Nov in New York is already Tuesday in UTC.
    const a = advise({ shippedAt: new Date('2026-11-24T03:00:00Z'), now: MAILED });
    expect(formatDay(a.window!.from, NY)).toBe('Tue 8 Dec 2026');
    expect(a.window!.from.toISOString()).toBe('2026-12-08T05:00:00.000Z');
    const london = advise({ shippedAt: new Date('2026-11-24T03:00:00Z'), timeZone: 'Europe/London', now: MAILED });
    expect(formatDay(london.window!.from, 'Europe/London')).toBe('Wed 9 Dec 2026');
  });

  it('UPS damaged: up to 60 days after delivery', () => {
    const input = {
      carrier: 'UPS Ground',
      shippedAt: MAILED,
      deliveredAt: new Date('2026-11-25T18:00:00Z'),
      insured: false,
      currency: 'USD',
      timeZone: NY,
    } as const;
    const a = claimAdvice({ ...input, now: MAILED });
    expect(formatDay(a.window!.until, NY)).toBe('Sun 24 Jan 2027');
    expect(a.basis).toMatchObject({ countFrom: 'delivery', approximate: false });
    expect(edges(input, '2026-11-25', '2027-01-24', NY)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('UPS lost: counted from mailing when the scheduled delivery is unknown, and says so', () => {
    const input = { carrier: 'UPS', shippedAt: MAILED, insured: true, currency: 'USD', timeZone: NY } as const;
    const a = claimAdvice({ ...input, now: MAILED });
    expect(a.basis).toMatchObject({ countFrom: 'mailing', approximate: true });
    expect(a.steps.join('\n')).toMatch(/counted from the mailing date/);
    expect(edges(input, '2026-11-24', '2027-01-22', NY)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('FedEx lost: 9 months after tender; damaged: 60 days after delivery', () => {
    const lost = { carrier: 'FedEx', shippedAt: MAILED, insured: false, currency: 'USD', timeZone: NY } as const;
    expect(formatDay(claimAdvice({ ...lost, now: MAILED }).window!.until, NY)).toBe('Mon 23 Aug 2027');
    expect(edges(lost, '2026-11-23', '2027-08-23', NY)).toEqual(['not_yet', 'open', 'open', 'closed']);
    const damaged = { ...lost, deliveredAt: new Date('2026-11-27T15:00:00Z') };
    expect(edges(damaged, '2026-11-27', '2027-01-26', NY)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('Canada Post: 90 days after mailing, sender only', () => {
    const zone = 'America/Toronto';
    const input = { carrier: 'Canada Post', shippedAt: MAILED, insured: true, currency: 'CAD', timeZone: zone } as const;
    const a = claimAdvice({ ...input, now: MAILED });
    expect(formatDay(a.window!.until, zone)).toBe('Sun 21 Feb 2027');
    expect(a.steps.join('\n')).toMatch(/The buyer cannot file; your shop must/);
    expect(edges(input, '2026-11-23', '2027-02-21', zone)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });

  it('Royal Mail lost: 15 (estimated) to 80 days after posting', () => {
    const zone = 'Europe/London';
    const input = {
      carrier: 'Royal Mail Tracked 48',
      shippedAt: new Date('2026-11-23T10:00:00Z'),
      insured: false,
      valueCents: 1800,
      currency: 'GBP',
      timeZone: zone,
    } as const;
    const a = claimAdvice({ ...input, now: MAILED });
    expect(formatDay(a.window!.from, zone)).toBe('Tue 8 Dec 2026');
    expect(formatDay(a.window!.until, zone)).toBe('Thu 11 Feb 2027');
    expect(a.coverage).toMatch(/£20/);
    expect(a.coverage).toMatch(/£18\.00/);
    expect(edges(input, '2026-12-08', '2027-02-11', zone)).toEqual(['not_yet', 'open', 'open', 'closed']);
  });
});

describe('claim advice', () => {
  it('a USPS insured parcel mailed 10 days ago: not yet, from the opening day', () => {
    const a = advise({ now: new Date('2026-12-03T16:00:00Z') });
    expect(a).toMatchObject({ known: true, status: 'not_yet', claimType: 'lost', claimUrl: 'https://www.usps.com/help/claims.htm' });
    expect(a.headline).toBe('Not yet: a lost-parcel claim with USPS can be filed from Tue 8 Dec 2026 (15 days after mailing).');
    expect(a.steps[0]).toMatch(/^Wait until Tue 8 Dec 2026/);
  });

  it('a USPS insured parcel mailed 20 days ago: open, with steps and evidence', () => {
    const a = advise({ now: new Date('2026-12-13T16:00:00Z') });
    expect(a.status).toBe('open');
    expect(a.headline).toBe('You can file now, until Fri 22 Jan 2027.');
    expect(a.steps).toContain('File at https://www.usps.com/help/claims.htm by Fri 22 Jan 2027.');
    expect(a.steps).toContain('Who may file: the sender (your shop) or the recipient (the buyer).');
    expect(a.evidence.map((e) => [e.item.split(' (')[0], e.have])).toEqual([
      ['Tracking number', true],
      ['Mailing date', true],
      ['Proof of value', true],
      ['Proof of insurance or declared value', true],
      ['Mailing receipt or label printout', false],
    ]);
    expect(a.evidence[2]!.detail).toMatch(/\$24\.50/);
  });

  it('after the last day: too late', () => {
    const a = advise({ now: new Date('2027-02-01T16:00:00Z') });
    expect(a.status).toBe('closed');
    expect(a.headline).toBe('Too late: the window closed on Fri 22 Jan 2027.');
    expect(a.steps[0]).toMatch(/Settle with the buyer directly/);
  });

  it('insured and uninsured orders differ in coverage, evidence and steps', () => {
    const now = new Date('2026-12-13T16:00:00Z');
    const insured = advise({ now });
    const not = advise({ now, insured: false });
    expect(insured.coverage).toMatch(/^Insured/);
    expect(not.coverage).toMatch(/^Not marked insured/);
    expect(not.evidence.find((e) => e.item.startsWith('Proof of insurance'))!.have).toBe(false);
    expect(not.steps.some((s) => s.startsWith('The order is not marked insured'))).toBe(true);
    expect(insured.steps.some((s) => s.startsWith('The order is not marked insured'))).toBe(false);
  });

  it('asks for photos and the packaging only when something arrived', () => {
    const lost = advise({ now: MAILED });
    const damaged = advise({ now: MAILED, claimType: 'damaged' });
    expect(lost.evidence.some((e) => e.item.startsWith('Photos'))).toBe(false);
    expect(damaged.evidence.filter((e) => !e.have).map((e) => e.item)).toEqual([
      'Mailing receipt or label printout (proof of postage)',
      'Photos of the item, the box inside and out, and the label',
      'Item and all packaging kept until the claim is settled',
    ]);
    expect(damaged.headline).toBe('You can file now, until Fri 22 Jan 2027.');
  });

  it('an unknown carrier gets a plain general checklist', () => {
    const a = advise({ carrier: 'DHL Express', now: MAILED });
    expect(a).toMatchObject({ known: false, status: 'unknown' });
    expect(a.carrier).toBeUndefined();
    expect(a.window).toBeUndefined();
    expect(a.headline).toBe('SellerDesk has no claim rules for DHL Express; here is a general checklist.');
    expect(a.steps[0]).toMatch(/^Find DHL Express's claim page/);
    expect(a.evidence.find((e) => e.item === 'Tracking number')!.have).toBe(true);
    expect(advise({ carrier: undefined, now: MAILED }).headline).toMatch(/names no carrier/);
  });

  it('without a shipping date the window cannot be dated', () => {
    const a = advise({ shippedAt: undefined, now: MAILED });
    expect(a).toMatchObject({ known: true, status: 'unknown' });
    expect(a.window).toBeUndefined();
    expect(a.headline).toMatch(/^SellerDesk cannot date the window/);
    expect(a.evidence.find((e) => e.item === 'Mailing date')!.have).toBe(false);
  });
});
