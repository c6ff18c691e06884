import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { card } from '../../src/ui/view.js';
import {
  casesCsv,
  escapeHtml,
  metricsCsv,
  neutraliseFormula,
  ordersCsv,
  reportHtml,
  toCsv,
  type CaseReportRow,
  type OrderReportRow,
  type ReportHtmlInput,
} from '../../src/ui/report/index.js';

const ZONE = 'America/New_York';
const t = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const rows = (csv: string): Record<string, string>[] => parse(csv, { bom: true, columns: true, relax_quotes: false });

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠A1'];

describe('CSV formula injection', () => {
  it.each(HOSTILE)('makes %j inert with a leading apostrophe', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text alone, including formula characters after the first', () => {
    for (const text of ['Where is my order?', 'a=b', "'quoted already", ' =1 (a space first)', '', 'Ünïcode ☃'])
      expect(neutraliseFormula(text)).toBe(text);
  });

  it('writes numbers the report computed as numbers, and quotes neutralised cells', () => {
    const csv = toCsv(
      [
        { header: 'Text', value: (r: { text: string; n: number }) => r.text },
        { header: 'N', value: (r) => r.n },
      ],
      [{ text: '-2+3', n: -2.5 }],
    );
    expect(csv).toBe('\uFEFFText,N\r\n"\'-2+3",-2.5\r\n');
  });

  it('round-trips any text through csv-parse, apostrophe added exactly where a formula could start', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 5 }), (texts) => {
        const csv = toCsv(
          [{ header: 'Text', value: (r: string) => r }],
          texts.map((x) => x),
        );
        const back = rows(csv).map((r) => r.Text);
        expect(back).toEqual(texts.map((x) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(x) ? `'${x}` : x)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cases.csv, orders.csv, metrics.csv', () => {
  const cases: CaseReportRow[] = [
    {
      id: 41,
      kind: 'message',
      marketplace: 'etsy',
      orderExternalId: '1001',
      subject: 'Where is my "blue" scarf?\nIt was due, Monday',
      openedAt: t('2026-11-02T09:00'),
      firstReplyAt: t('2026-11-02T10:30'),
      resolvedAt: t('2026-11-03T12:00'),
      resolution: 'refund_partial',
      refundedCents: 1250,
      currency: 'USD',
      breached: [],
    },
    {
      id: 42,
      kind: 'dispute',
      marketplace: 'ebay',
      subject: HOSTILE[0],
      openedAt: t('2026-11-05T20:00'),
      firstReplyAt: null,
      resolvedAt: null,
      resolution: null,
      refundedCents: null,
      currency: 'USD',
      breached: ['target', 'maximum'],
    },
  ];

  it('writes one row per case, times in the shop zone with their offset, and reads back the same', () => {
    const back = rows(casesCsv(cases, ZONE));
    expect(back).toEqual([
      {
        Case: '41',
        Kind: 'Buyer message',
        Marketplace: 'etsy',
        Order: '1001',
        Subject: 'Where is my "blue" scarf?\nIt was due, Monday',
        Opened: '2026-11-02T09:00:00-05:00',
        'First reply': '2026-11-02T10:30:00-05:00',
        'First reply after (minutes)': '90',
        Resolved: '2026-11-03T12:00:00-05:00',
        Resolution: 'refund partial',
        Refunded: '12.50',
        Currency: 'USD',
        Breached: '',
      },
      {
        Case: '42',
        Kind: 'Dispute',
        Marketplace: 'ebay',
        Order: '',
        Subject: `'${HOSTILE[0]}`,
        Opened: '2026-11-05T20:00:00-05:00',
        'First reply': '',
        'First reply after (minutes)': '',
        Resolved: '',
        Resolution: '',
        Refunded: '',
        Currency: '',
        Breached: 'target; maximum',
      },
    ]);
  });

  it('writes orders with on-time and tracking, neutralising a hostile tracking number', () => {
    const orders: OrderReportRow[] = [
      {
        externalId: '1001',
        marketplace: 'etsy',
        paidAt: t('2026-11-01T08:00'),
        shipBy: t('2026-11-03T23:59'),
        shippedAt: t('2026-11-03T15:00'),
        cancelledAt: null,
        carrier: 'USPS',
        tracking: '=cmd|" /C calc"!A0',
        trackingValid: false,
        valueCents: 4500,
        currency: 'USD',
      },
    ];
    const [row] = rows(ordersCsv(orders, ZONE));
    expect(row).toMatchObject({
      Order: '1001',
      'Shipped on time': 'yes',
      'Tracking valid': 'no',
      Tracking: `'=cmd|" /C calc"!A0`,
      Value: '45.00',
    });
  });

  it('writes metrics with the value, its unit and the text as shown', () => {
    const csv = metricsCsv([
      { metric: 'On-time shipping (30 d)', value: 51 / 55, unit: 'ratio', shown: '92.7% of 55', threshold: 0.9 },
      { metric: 'Overdue cases', value: 0, unit: 'count', shown: '0' },
    ]);
    expect(rows(csv)).toEqual([
      { Metric: 'On-time shipping (30 d)', Value: String(51 / 55), Unit: 'ratio', 'Shown as': '92.7% of 55', Threshold: '0.9' },
      { Metric: 'Overdue cases', Value: '0', Unit: 'count', 'Shown as': '0', Threshold: '' },
    ]);
  });
});

describe('report.html', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const input = (over: Partial<ReportHtmlInput> = {}): ReportHtmlInput => ({
    title: 'Shop report · November 2026',
    shop: { id: 'maple', name: 'Maple <b>&</b> Thread', timeZone: ZONE },
    period: { from: t('2026-11-01T00:00'), to: t('2026-11-30T23:59') },
    generatedAt: t('2026-12-01T09:00'),
    views: [
      card({
        title: 'Maple · shop status',
        summary: 'x',
        accent: 'warning',
        nodes: [
          { type: 'fields', fields: [{ label: 'On-time shipping (30 d)', value: '92.7% of 55', inline: true }] },
          { type: 'quote', text: '</blockquote><script>alert(1)</script>', author: '"><img src=x onerror=alert(2)>' },
          { type: 'links', links: [{ url: 'https://kb.example/shipping', label: 'Shipping guide' }] },
          { type: 'actions', buttons: [{ actionId: 'case.refund:1', label: 'Refund' }] },
        ],
      }),
    ],
    charts: [{ title: 'Open cases', alt: 'Alt with <tags> & "quotes"', png, width: 1600, height: 900 }],
    tables: [{ title: 'Cases', columns: ['Subject'], rows: [['<iframe src="http://evil.example">']] }],
    files: ['cases.csv', '../etc/passwd', 'http://evil.example/x.csv', 'javascript:alert(1)'],
    ...over,
  });

  it('has no http(s) reference: link addresses are left out and the page brings no remote asset', () => {
    expect(reportHtml(input({ tables: [] }))).not.toMatch(/https?:/i);
  });

  it('lets hostile text through only as escaped text, never as an attribute, and allows nothing from the network', () => {
    const html = reportHtml(input());
    const attributes = [...html.matchAll(/\s([a-z-]+)="([^"]*)"/gi)].map((m) => `${m[1]}=${m[2]}`);
    expect(attributes.filter((a) => /https?:|javascript:/i.test(a))).toEqual([]);
    expect(html).not.toMatch(/(src|href)="(?!data:image\/png;base64,|cases\.csv")/);
    expect(html).not.toMatch(/<script|<iframe|<link|@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).toContain('<a href="cases.csv">cases.csv</a>');
    expect(html).not.toContain('passwd');
    expect(html).not.toContain('javascript:');
  });

  it('escapes every text: shop name, card text, alt text, table cells', () => {
    const html = reportHtml(input());
    expect(html).toContain('Maple &lt;b&gt;&amp;&lt;/b&gt; Thread');
    expect(html).toContain('&lt;/blockquote&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('alt="Alt with &lt;tags&gt; &amp; &quot;quotes&quot;"');
    expect(html).not.toContain('<img src=x');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('embeds each chart PNG as a data: URI that decodes to the same bytes', () => {
    const html = reportHtml(input());
    const uris = [...html.matchAll(/src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)];
    expect(uris).toHaveLength(1);
    expect(Buffer.from(uris[0]![1]!, 'base64').equals(png)).toBe(true);
    expect(html).toContain('width="800" height="450"');
  });

  it('shows the cards as text, the link names without their addresses, no buttons', () => {
    const html = reportHtml(input());
    expect(html).toContain('<dt>On-time shipping (30 d)</dt><dd>92.7% of 55</dd>');
    expect(html).toContain('<li>Shipping guide</li>');
    expect(html).not.toContain('Refund');
    expect(html).toContain('Made by SellerDesk on 1 Dec 2026, 09:00 (America/New_York)');
  });
});
