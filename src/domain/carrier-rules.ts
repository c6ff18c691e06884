/**
 * Carrier claim rules for domestic parcels: when a claim may be filed, who files, what
 * evidence the carrier wants and what is covered. One table; the logic lives in
 * postal-claims.ts. Figures come from the `sources` of each carrier (checked on the
 * date given). Where a figure could not be confirmed, the rule says so in `note`
 * instead of pretending to precision. Carriers change these rules: the advice always
 * links the claim page so a person confirms before filing.
 */

export const CLAIM_TYPES = ['lost', 'damaged', 'missing_contents'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export type Party = 'sender' | 'recipient';

/** What the window counts from: the mailing (posting, tender) date or the delivery date. */
export type CountFrom = 'mailing' | 'delivery';

export type EvidenceKey =
  'tracking' | 'mailing_date' | 'proof_of_value' | 'proof_of_insurance' | 'postage_receipt' | 'photos' | 'packaging_kept';

export const EVIDENCE_LABEL: Record<EvidenceKey, string> = {
  tracking: 'Tracking number',
  mailing_date: 'Mailing date',
  proof_of_value: 'Proof of value (order invoice or sales receipt)',
  proof_of_insurance: 'Proof of insurance or declared value (label or receipt showing it)',
  postage_receipt: 'Mailing receipt or label printout (proof of postage)',
  photos: 'Photos of the item, the box inside and out, and the label',
  packaging_kept: 'Item and all packaging kept until the claim is settled',
};

/** Evidence only asked for when something arrived: damage and missing contents. */
export const DAMAGE_ONLY_EVIDENCE: ReadonlySet<EvidenceKey> = new Set<EvidenceKey>(['photos', 'packaging_kept']);

export interface ClaimWindowRule {
  /** Earliest filing day, in calendar days after the count date (0 = the same day, i.e. immediately). */
  fromDays: number;
  /** Last filing day after the count date, inclusive. */
  until: { days: number } | { months: number };
  countFrom: CountFrom;
  /** What the figure rests on, or what could not be confirmed. */
  note?: string;
}

export interface RuleSource {
  url: string;
  /** Date the source was read, ISO yyyy-mm-dd. */
  checked: string;
  about: string;
}

export interface CarrierRule {
  id: 'usps' | 'ups' | 'fedex' | 'canada_post' | 'royal_mail';
  name: string;
  /** Lowercase words matched against the order's carrier text (whole words). */
  aliases: readonly string[];
  whoMayFile: readonly Party[];
  claims: Readonly<Record<ClaimType, ClaimWindowRule>>;
  evidence: readonly EvidenceKey[];
  coverage: { insured: string; uninsured: string };
  claimUrl: string;
  sources: readonly RuleSource[];
  /** Applies to the carrier as a whole. */
  note?: string;
}

const CHECKED = '2026-11-23';

export const CARRIER_RULES: readonly CarrierRule[] = [
  {
    id: 'usps',
    name: 'USPS',
    aliases: [
      'usps',
      'us postal service',
      'u s postal service',
      'united states postal service',
      'us mail',
      'priority mail',
      'ground advantage',
    ],
    whoMayFile: ['sender', 'recipient'],
    claims: {
      lost: {
        fromDays: 15,
        until: { days: 60 },
        countFrom: 'mailing',
        note: 'Insured mail and Priority Mail: 15 to 60 days after mailing. Priority Mail Express can be claimed from 7 days; military (APO/FPO/DPO) mail has longer windows.',
      },
      damaged: { fromDays: 0, until: { days: 60 }, countFrom: 'mailing' },
      missing_contents: { fromDays: 0, until: { days: 60 }, countFrom: 'mailing' },
    },
    evidence: ['tracking', 'mailing_date', 'proof_of_value', 'proof_of_insurance', 'postage_receipt', 'photos', 'packaging_kept'],
    coverage: {
      insured:
        'Insured: USPS pays the proven value up to the insured amount, plus postage for a lost parcel. Priority Mail and Ground Advantage include up to $100 of insurance (some retail Priority Mail only $50, depending on where the label was bought); more can be bought up to $5,000.',
      uninsured:
        'Not marked insured: check the label. Priority Mail and Ground Advantage include up to $100 of insurance; other services without insurance cannot be claimed for their value.',
    },
    claimUrl: 'https://www.usps.com/help/claims.htm',
    sources: [
      {
        url: 'http://uspstrackingpoint.com/usps-domestic-claims/',
        checked: CHECKED,
        about:
          'windows per service: damaged/missing immediately to 60 days; insured and Priority Mail 15–60; Priority Mail Express 7–60; sender or addressee',
      },
      {
        url: 'https://muzzleloadingforum.com/threads/underhammer-issue%E2%80%A6need-help.189350/post-2771562',
        checked: CHECKED,
        about: 'quotes usps.com: Ground Advantage and Priority Mail 15 to 60 days; proof of insurance, value and damage',
      },
      {
        url: 'https://support.revolutionparts.com/hc/en-us/articles/29569202056347-How-do-I-file-a-claim-for-a-USPS-shipment',
        checked: CHECKED,
        about: 'claim page usps.com/help/claims.htm; sender or recipient files',
      },
      {
        url: 'https://www.clickpost.ai/blog/how-much-does-usps-insurance-cost',
        checked: CHECKED,
        about: 'Ground Advantage, Priority Mail include up to $100; extra up to $5,000',
      },
      {
        url: 'https://pokerchipforum.com/threads/black-friday-sale-2024.126037/page-34',
        checked: CHECKED,
        about: 'Priority Mail retail $50 vs commercial $100 included insurance',
      },
      // The figures were read from copies of usps.com/help/claims.htm; the page itself was not available to check.
    ],
  },
  {
    id: 'ups',
    name: 'UPS',
    aliases: ['ups', 'united parcel service', 'ups ground', 'ups surepost'],
    whoMayFile: ['sender', 'recipient'],
    claims: {
      lost: {
        fromDays: 1,
        until: { days: 60 },
        countFrom: 'delivery',
        note: 'UPS counts from the scheduled delivery date and takes a loss claim once the package is 24 hours late. SellerDesk does not know the scheduled date and counts from mailing instead, which puts the deadline a few days early.',
      },
      damaged: {
        fromDays: 0,
        until: { days: 60 },
        countFrom: 'delivery',
        note: 'Older UPS terms asked for notice of damage within 14 days of delivery; report damage as soon as it is found.',
      },
      missing_contents: { fromDays: 0, until: { days: 60 }, countFrom: 'delivery' },
    },
    evidence: ['tracking', 'mailing_date', 'proof_of_value', 'proof_of_insurance', 'photos', 'packaging_kept'],
    coverage: {
      insured: 'Declared value: UPS pays the proven loss up to the declared value bought for the package.',
      uninsured: 'No declared value: UPS liability is limited to $100 per package.',
    },
    claimUrl: 'https://www.ups.com/us/en/support/file-a-claim.page',
    sources: [
      {
        url: 'https://peterfitzpatrick.art/lost',
        checked: CHECKED,
        about: 'copy of the UPS claims page: start a claim within 60 days of the scheduled delivery; sender or receiver',
      },
      {
        url: 'https://support.sharearefund.com/kb/how-long-do-i-have-to-report-a-lost-or-damaged-package-with-ups/',
        checked: CHECKED,
        about: 'tariff: report within 60 days after delivery or scheduled delivery',
      },
      {
        url: 'https://aic-components.com/electric/how-long-do-you-have-to-file-a-ups-claim.html',
        checked: CHECKED,
        about: 'loss claim once 24 hours past expected delivery',
      },
      {
        url: 'http://www.pressroom.ups.com/Fact+Sheets/UPS+Declared+Value+Q&A',
        checked: CHECKED,
        about: 'no declared value: liability up to US$100',
      },
    ],
  },
  {
    id: 'fedex',
    name: 'FedEx',
    aliases: ['fedex', 'fed ex', 'federal express', 'fedex ground', 'fedex home delivery', 'fedex express'],
    whoMayFile: ['sender', 'recipient'],
    claims: {
      lost: {
        fromDays: 0,
        until: { months: 9 },
        countFrom: 'mailing',
        note: 'Non-delivery: within 9 months after FedEx accepted the package. The sources give no waiting period; ask FedEx for a trace once the package is late.',
      },
      damaged: {
        fromDays: 0,
        until: { days: 60 },
        countFrom: 'delivery',
        note: 'US domestic Express and Ground: 60 calendar days after delivery. International shipments and older Express terms: notice within 21 days.',
      },
      missing_contents: {
        fromDays: 0,
        until: { days: 60 },
        countFrom: 'delivery',
        note: 'Shortage is treated like damage: 60 days after delivery (21 days for international).',
      },
    },
    evidence: ['tracking', 'mailing_date', 'proof_of_value', 'proof_of_insurance', 'postage_receipt', 'photos', 'packaging_kept'],
    coverage: {
      insured: 'Declared value: FedEx pays the proven loss up to the declared value bought.',
      uninsured: 'No declared value: FedEx liability is limited to $100 per package.',
    },
    claimUrl: 'https://www.fedex.com/en-us/customer-support/claims.html',
    sources: [
      {
        url: 'https://support.shipopti.com/portal/en/kb/articles/parcel-claim-faqs',
        checked: CHECKED,
        about: 'damage/shortage 60 days after delivery (international 21); non-delivery 9 months after tender; $100 without declared value',
      },
      {
        url: 'https://studylib.net/doc/18316751/fedex-express-and-fedex-ground-claim-form-instructions-and',
        checked: CHECKED,
        about: 'sender, recipient or third party files; documentation list',
      },
      {
        url: 'https://th4.ilovetranslation.com/FdaF_SvS9Kp3bxTYLwslVW==d',
        checked: CHECKED,
        about: 'older Express terms: damage notice within 21 days; keep cartons for inspection',
      },
    ],
  },
  {
    id: 'canada_post',
    name: 'Canada Post',
    aliases: ['canada post', 'canadapost', 'postes canada', 'xpresspost', 'expedited parcel'],
    whoMayFile: ['sender'],
    claims: {
      lost: {
        fromDays: 0,
        until: { days: 90 },
        countFrom: 'mailing',
        note: 'Canada Post asks you to wait until the item is past its delivery standard date before claiming (a pandemic-era notice said 21 business days past it); the current waiting period could not be confirmed. 90 days from mailing is for domestic items; U.S. and international: 6 months.',
      },
      damaged: {
        fromDays: 0,
        until: { days: 90 },
        countFrom: 'mailing',
        note: 'Only items mailed within the last 90 days; fragile and perishable contents are covered for loss only.',
      },
      missing_contents: {
        fromDays: 0,
        until: { days: 90 },
        countFrom: 'mailing',
        note: 'Not stated separately; assumed to follow the damage rule.',
      },
    },
    evidence: ['tracking', 'mailing_date', 'proof_of_value', 'proof_of_insurance', 'postage_receipt', 'photos', 'packaging_kept'],
    coverage: {
      insured:
        'Covered: Priority, Xpresspost and Expedited Parcel include up to $100 of liability coverage; more can be bought (up to $5,000 within Canada). Canada Post pays the sender.',
      uninsured:
        'Not marked insured: Priority, Xpresspost and Expedited Parcel still include up to $100; Regular Parcel has none unless bought, and then only postage is refunded.',
    },
    claimUrl: 'https://www.canadapost-postescanada.ca/cpc/en/support.page',
    sources: [
      {
        url: 'https://www.canadapost.ca/web/en/kb/details.page?article=what_to_do_if_your_p&cattype=kb&cat=receiving&subcat=maildelivery',
        checked: CHECKED,
        about: 'damage claim: sender only, trackable insured service, mailed within the last 90 days',
      },
      {
        url: 'https://www.canadapost.ca/web/en/kb/details.page?article=item_not_delivered&cattype=kb&cat=receiving&subcat=maildelivery',
        checked: CHECKED,
        about: 'lost item: allow 21 business days from the delivery standard date (pandemic notice)',
      },
      {
        url: 'https://trial.lateshipment.com/blog/canadapost-damage-claim',
        checked: CHECKED,
        about: '90 days from shipping for domestic, 6 months for U.S./international; sender only',
      },
      {
        url: 'https://goshippo.com/partners_static/canada_post/terms/',
        checked: CHECKED,
        about: 'liability coverage up to $100 included; fragile items covered for loss only',
      },
    ],
    note: 'A 30-day limit that is sometimes quoted is for late-delivery postage refunds (30 business days), not loss or damage claims.',
  },
  {
    id: 'royal_mail',
    name: 'Royal Mail',
    aliases: ['royal mail', 'royalmail', 'tracked 24', 'tracked 48', 'special delivery'],
    whoMayFile: ['sender', 'recipient'],
    claims: {
      lost: {
        fromDays: 15,
        until: { days: 80 },
        countFrom: 'mailing',
        note: 'Royal Mail considers loss 10 working days after the due delivery date (15 in older policies; 5 for Special Delivery). SellerDesk does not know the due date and uses 15 calendar days after posting as an estimate. Claims close 80 days after posting.',
      },
      damaged: {
        fromDays: 0,
        until: { days: 80 },
        countFrom: 'mailing',
        note: 'Not confirmed: the 80-day limit is confirmed for loss; one secondary source gives damage claims 3 months from posting or 1 month from receipt. Claim early.',
      },
      missing_contents: {
        fromDays: 0,
        until: { days: 80 },
        countFrom: 'mailing',
        note: 'Not confirmed; assumed to follow the damage rule.',
      },
    },
    evidence: ['tracking', 'mailing_date', 'proof_of_value', 'postage_receipt', 'photos', 'packaging_kept'],
    coverage: {
      insured:
        'Compensation bought (Special Delivery or extra cover): Royal Mail pays the proven loss up to the level bought, plus the postage.',
      uninsured:
        'Standard cover with proof of posting and value: 1st/2nd class up to £20, Signed For up to £50; Tracked 24/48 include a compensation level that could not be confirmed here.',
    },
    claimUrl: 'https://www.royalmail.com/help',
    sources: [
      {
        url: 'https://royalmail.com/retail-compensation-policy-loss',
        checked: CHECKED,
        about: 'loss considered 10 working days after due date (5 for Special Delivery)',
      },
      {
        url: 'https://wiki.polyinpictures.com/index.php?oldid=8&title=Template%3AMissingPost',
        checked: CHECKED,
        about: 'UK loss claims within 80 calendar days of posting',
      },
      {
        url: 'http://ask.ofcom.org.uk/help/post/dammail',
        checked: CHECKED,
        about: 'compensation: £20 standard, £50 Signed For, Special Delivery to the level bought',
      },
      {
        url: 'https://www.uslegalforms.com/forms-kit/tx-00781bg/statement-claim-form-online-for-royal-mail',
        checked: CHECKED,
        about: 'proof of posting required; delay claims 3 months from posting or 1 month from receipt',
      },
    ],
    note: 'Tracked 24 and Tracked 48: only the sender can claim. The exact online claim form address was not confirmed; start from the help page.',
  },
];
