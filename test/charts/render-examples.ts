/**
 * Renders the fixed datasets: the four chart PNGs (docs/charts/), with --preview also at 480 px
 * wide (about what Slack and Discord show in the message), with --report an example report.html
 * and its CSV files.   npx tsx test/charts/render-examples.ts [DIR] [--preview] [--report]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  openCasesChart,
  renderChart,
  renderSvg,
  responseTimesChart,
  shippingChart,
  standingTrendChart,
  svgToPng,
  type RenderedChart,
} from '../../src/ui/charts/index.js';
import { casesCsv, metricsCsv, ordersCsv, reportHtml } from '../../src/ui/report/index.js';
import { card } from '../../src/ui/view.js';
import { openCasesDataset, responseTimesDataset, SHOP, shippingDataset, standingTrendDataset } from './datasets.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? 'docs/charts';
mkdirSync(dir, { recursive: true });
const specs = [
  responseTimesChart(responseTimesDataset()),
  shippingChart(shippingDataset()),
  openCasesChart(openCasesDataset()),
  standingTrendChart(standingTrendDataset()),
];
const charts: RenderedChart[] = [];
for (const spec of specs) {
  const started = performance.now();
  const chart = await renderChart(spec);
  charts.push(chart);
  writeFileSync(join(dir, chart.fileName), chart.png);
  console.log(
    `${chart.fileName}: ${chart.width}x${chart.height}, ${chart.png.length} bytes, ${Math.round(performance.now() - started)} ms`,
  );
  if (args.includes('--preview')) {
    const small = await svgToPng(await renderSvg(spec), { width: 480 });
    writeFileSync(join(dir, `${spec.id}.preview.png`), small.png);
  }
}

if (args.includes('--report')) {
  const shipping = shippingDataset();
  const due = shipping.weeks.reduce((n, w) => n + w.shipDue, 0);
  const onTime = shipping.weeks.reduce((n, w) => n + w.shippedOnTime, 0);
  const last = openCasesDataset().asOf;
  const status = card({
    title: `${SHOP.name} · shop status`,
    summary: `${SHOP.name}: At risk`,
    accent: 'warning',
    nodes: [
      {
        type: 'fields',
        fields: [
          { label: 'Standing', value: 'At risk', inline: true },
          { label: 'On-time shipping (13 weeks)', value: `${Math.round((onTime / due) * 1000) / 10}% of ${due}`, inline: true },
          { label: 'Open cases', value: '24', inline: true },
          { label: 'Overdue cases', value: '3', inline: true },
          { label: 'Messages first replies', value: '71.4% within target, 100% within maximum (86)' },
        ],
      },
      { type: 'list', items: ['3 buyer case(s) past their response target'] },
      { type: 'text', text: 'One thing to improve: Clear the overdue cases: a short acknowledgement stops the clock.' },
    ],
  });
  const html = reportHtml({
    title: `${SHOP.name} · November 2026`,
    shop: { id: 'maple-thread', name: SHOP.name, timeZone: SHOP.timeZone },
    period: { from: responseTimesDataset().days[0]!.day, to: last },
    generatedAt: last,
    views: [status],
    charts,
    tables: [
      {
        title: 'Weeks',
        columns: ['Week starting', 'Due', 'On time', 'Shipped', 'Valid tracking'],
        rows: shipping.weeks.map((w) => [w.weekStart.toISOString().slice(0, 10), w.shipDue, w.shippedOnTime, w.shipped, w.validTracking]),
      },
    ],
    files: ['cases.csv', 'orders.csv', 'metrics.csv'],
  });
  writeFileSync(join(dir, 'report.html'), html);
  const opened = responseTimesDataset().days[3]!.day;
  writeFileSync(
    join(dir, 'cases.csv'),
    casesCsv(
      [
        {
          id: 41,
          kind: 'message',
          marketplace: 'etsy',
          orderExternalId: '1001',
          subject: '=HYPERLINK("http://evil.example","Where is my order?")',
          openedAt: opened,
          firstReplyAt: new Date(opened.getTime() + 95 * 60_000),
          resolvedAt: null,
          resolution: null,
          refundedCents: null,
          currency: 'USD',
          breached: [],
        },
      ],
      SHOP.timeZone,
    ),
  );
  writeFileSync(join(dir, 'orders.csv'), ordersCsv([], SHOP.timeZone));
  writeFileSync(
    join(dir, 'metrics.csv'),
    metricsCsv([{ metric: 'On-time shipping', value: onTime / due, unit: 'ratio', shown: `of ${due}` }]),
  );
  console.log(`report.html: ${html.length} bytes`);
}
