/**
 * Postal claim advice: which carrier, whether the claim window is open, what to do and
 * what evidence is still missing. Pure: the caller passes `now` and the shop's time zone.
 * Days are calendar days in the shop's time zone; a window runs from the start of its
 * first day to the end of its last day.
 */
import { DateTime } from 'luxon';
import { formatDay, formatMoney } from '../ui/format.js';
import {
  CARRIER_RULES,
  DAMAGE_ONLY_EVIDENCE,
  EVIDENCE_LABEL,
  type CarrierRule,
  type ClaimType,
  type ClaimWindowRule,
  type CountFrom,
  type EvidenceKey,
  type Party,
} from './carrier-rules.js';

export type { CarrierRule, ClaimType } from './carrier-rules.js';

export type ClaimStatus = 'not_yet' | 'open' | 'closed' | 'unknown';

export interface ClaimInput {
  carrier?: string | undefined;
  tracking?: string | undefined;
  shippedAt?: Date | undefined;
  deliveredAt?: Date | undefined;
  insured: boolean;
  valueCents?: number | undefined;
  currency: string;
  /** Defaults to `lost`, or `damaged` when the order was delivered. */
  claimType?: ClaimType | undefined;
  now: Date;
  timeZone: string;
}

export interface EvidenceItem {
  item: string;
  have: boolean;
  detail?: string;
}

export interface ClaimAdvice {
  carrier?: CarrierRule;
  known: boolean;
  claimType: ClaimType;
  /** First moment (start of the first day) and last moment (end of the last day) of the window. */
  window?: { from: Date; until: Date };
  /** The date the window counts from, and whether it stands in for an unknown one. */
  basis?: { countFrom: CountFrom; date: Date; approximate: boolean };
  status: ClaimStatus;
  headline: string;
  steps: string[];
  evidence: EvidenceItem[];
  coverage: string;
  claimUrl?: string;
}

export const CLAIM_TYPE_LABEL: Record<ClaimType, string> = {
  lost: 'lost-parcel',
  damaged: 'damaged-parcel',
  missing_contents: 'missing-contents',
};
const PARTY_LABEL: Record<Party, string> = { sender: 'the sender (your shop)', recipient: 'the recipient (the buyer)' };

const normalize = (s: string): string =>
  ` ${s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

/** The carrier rule whose alias appears (as whole words) in `text`; the longest alias wins. */
export function matchCarrier(text?: string): CarrierRule | undefined {
  if (!text) return undefined;
  const hay = normalize(text);
  let best: { rule: CarrierRule; len: number } | undefined;
  for (const rule of CARRIER_RULES) {
    for (const alias of [rule.id.replace('_', ' '), ...rule.aliases]) {
      if (hay.includes(normalize(alias)) && (!best || alias.length > best.len)) best = { rule, len: alias.length };
    }
  }
  return best?.rule;
}

export const defaultClaimType = (deliveredAt?: Date | null): ClaimType => (deliveredAt ? 'damaged' : 'lost');

const spanText = (rule: ClaimWindowRule, which: 'from' | 'until'): string => {
  const base = rule.countFrom === 'mailing' ? 'mailing' : 'delivery';
  if (which === 'from')
    return rule.fromDays === 0 ? `from the day of ${base}` : `${rule.fromDays} day${rule.fromDays === 1 ? '' : 's'} after ${base}`;
  return 'days' in rule.until ? `${rule.until.days} days after ${base}` : `${rule.until.months} months after ${base}`;
};

/** The window of `rule` counted from `basis`, in calendar days of `timeZone`. */
export function claimWindow(rule: ClaimWindowRule, basis: Date, timeZone: string): { from: Date; until: Date } {
  const day = DateTime.fromJSDate(basis, { zone: timeZone }).startOf('day');
  return { from: day.plus({ days: rule.fromDays }).startOf('day').toJSDate(), until: day.plus(rule.until).endOf('day').toJSDate() };
}

function evidenceFor(keys: readonly EvidenceKey[], claimType: ClaimType, input: ClaimInput): EvidenceItem[] {
  const tz = input.timeZone;
  return keys
    .filter((k) => claimType !== 'lost' || !DAMAGE_ONLY_EVIDENCE.has(k))
    .map((k): EvidenceItem => {
      const item = EVIDENCE_LABEL[k];
      switch (k) {
        case 'tracking':
          return input.tracking
            ? { item, have: true, detail: input.tracking }
            : { item, have: false, detail: 'not on the order; find it on the label or receipt' };
        case 'mailing_date':
          return input.shippedAt
            ? { item, have: true, detail: formatDay(input.shippedAt, tz) }
            : { item, have: false, detail: 'the order has no shipping date' };
        case 'proof_of_value':
          return input.valueCents != null
            ? { item, have: true, detail: `order value ${formatMoney(input.valueCents, input.currency)}; attach the order invoice` }
            : { item, have: false, detail: 'the order value is unknown' };
        case 'proof_of_insurance':
          return input.insured
            ? { item, have: true, detail: 'the order is marked insured' }
            : { item, have: false, detail: 'the order is not marked insured' };
        case 'postage_receipt':
          return { item, have: false, detail: 'from the label purchase or the post office' };
        case 'photos':
          return { item, have: false, detail: 'ask the buyer' };
        case 'packaging_kept':
          return { item, have: false, detail: 'ask the buyer to keep everything' };
      }
    });
}

const GENERIC_EVIDENCE: EvidenceKey[] = [
  'tracking',
  'mailing_date',
  'proof_of_value',
  'proof_of_insurance',
  'postage_receipt',
  'photos',
  'packaging_kept',
];

function unknownCarrier(input: ClaimInput, claimType: ClaimType): ClaimAdvice {
  const who = input.carrier?.trim() ? input.carrier.trim() : undefined;
  const headline = who
    ? `SellerDesk has no claim rules for ${who}; here is a general checklist.`
    : 'The order names no carrier, so SellerDesk cannot look up claim rules; here is a general checklist.';
  const steps = [
    `Find ${who ? `${who}'s` : "the carrier's"} claim page and its time limits: most count from the mailing date or the delivery date, and many close after 60 days.`,
    'Check who may file (some carriers accept only the sender) and file as early as the carrier allows.',
    'Gather the evidence below; the ✗ items are still missing.',
    ...(claimType === 'lost'
      ? []
      : ['Ask the buyer to keep the item and all packaging and to send photos of the item, the box and the label.']),
    'Tell the buyer what you are doing and when to expect an answer.',
    'When the claim is settled, press Claim closed.',
  ];
  const coverage = input.insured
    ? 'The order is marked insured: the claim can cover the insured amount.'
    : 'The order is not marked insured: the carrier may pay only its default liability, if any.';
  return {
    known: false,
    claimType,
    status: 'unknown',
    headline,
    steps,
    evidence: evidenceFor(GENERIC_EVIDENCE, claimType, input),
    coverage,
  };
}

/** What to do about a postal claim for one order, as of `input.now`. */
export function claimAdvice(input: ClaimInput): ClaimAdvice {
  const claimType = input.claimType ?? defaultClaimType(input.deliveredAt);
  const carrier = matchCarrier(input.carrier);
  if (!carrier) return unknownCarrier(input, claimType);

  const rule = carrier.claims[claimType];
  const kind = `a ${CLAIM_TYPE_LABEL[claimType]} claim with ${carrier.name}`;
  const tz = input.timeZone;
  const evidence = evidenceFor(carrier.evidence, claimType, input);
  const value = input.valueCents != null ? ` Order value: ${formatMoney(input.valueCents, input.currency)}.` : '';
  const coverage = `${input.insured ? carrier.coverage.insured : carrier.coverage.uninsured}${value}`;
  const who = carrier.whoMayFile.map((p) => PARTY_LABEL[p]).join(' or ');
  const notes = [rule.note, carrier.note].filter((n): n is string => !!n).map((n) => `Note: ${n}`);
  const base = { carrier, known: true, claimType, evidence, coverage, claimUrl: carrier.claimUrl };

  const basisDate = rule.countFrom === 'delivery' ? (input.deliveredAt ?? input.shippedAt) : input.shippedAt;
  if (!basisDate) {
    return {
      ...base,
      status: 'unknown',
      headline: `SellerDesk cannot date the window: the order has no ${rule.countFrom === 'delivery' ? 'delivery or ' : ''}shipping date. ${carrier.name} takes ${CLAIM_TYPE_LABEL[claimType]} claims ${spanText(rule, 'from')} until ${spanText(rule, 'until')}.`,
      steps: [
        `Find the mailing date on the receipt or label and count the window from it.`,
        `Who may file: ${who}.`,
        `File at ${carrier.claimUrl}.`,
        'Gather the evidence below; the ✗ items are still missing.',
        'When the claim is settled, press Claim closed.',
        ...notes,
      ],
    };
  }
  const approximate = rule.countFrom === 'delivery' && !input.deliveredAt;
  const basis = { countFrom: approximate ? ('mailing' as const) : rule.countFrom, date: basisDate, approximate };
  const window = claimWindow(rule, basisDate, tz);
  const opens = formatDay(window.from, tz);
  const lastDay = formatDay(window.until, tz);
  const now = input.now.getTime();
  const status: ClaimStatus = now < window.from.getTime() ? 'not_yet' : now <= window.until.getTime() ? 'open' : 'closed';

  const headline =
    status === 'not_yet'
      ? `Not yet: ${kind} can be filed from ${opens} (${spanText(rule, 'from')}).`
      : status === 'open'
        ? `You can file now, until ${lastDay}.`
        : `Too late: the window closed on ${lastDay}.`;

  const steps: string[] = [];
  if (status === 'not_yet')
    steps.push(
      `Wait until ${opens}: ${carrier.name} does not take ${CLAIM_TYPE_LABEL[claimType]} claims before then. Meanwhile check tracking and ask the buyer to check with neighbours and their post office.`,
    );
  if (status === 'closed')
    steps.push(
      `${carrier.name} took ${CLAIM_TYPE_LABEL[claimType]} claims until ${lastDay} (${spanText(rule, 'until')}); a claim now will most likely be refused. Settle with the buyer directly (refund or reship).`,
    );
  if (status !== 'closed') {
    steps.push(
      `Who may file: ${who}.${carrier.whoMayFile.length === 1 && carrier.whoMayFile[0] === 'sender' ? ' The buyer cannot file; your shop must.' : ''}`,
    );
    steps.push('Gather the evidence below; the ✗ items are still missing.');
    if (claimType !== 'lost')
      steps.push(
        'Ask the buyer to keep the item and all packaging until the claim is settled, and to send photos of the item, the box and the label.',
      );
    steps.push(`File at ${carrier.claimUrl} ${status === 'not_yet' ? `between ${opens} and ${lastDay}` : `by ${lastDay}`}.`);
    if (!input.insured) steps.push(`The order is not marked insured: ${carrier.coverage.uninsured}`);
    steps.push('Tell the buyer what you are doing and when to expect an answer.');
    steps.push('When the claim is settled, press Claim closed.');
  }
  if (approximate)
    steps.push(
      `The window is counted from the mailing date (${formatDay(basisDate, tz)}) because the ${carrier.name} count date is unknown; the real deadline may be a little later.`,
    );
  steps.push(...notes);

  return { ...base, window, basis, status, headline, steps };
}
