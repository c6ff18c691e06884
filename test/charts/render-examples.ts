/**
 * Renders the fixed datasets to PNG (docs/charts/) and, with --preview, also at 480 px wide,
 * the size Slack and Discord show in the message.  npx tsx test/charts/render-examples.ts [DIR] [--preview]
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
} from '../../src/ui/charts/index.js';
import { openCasesDataset, responseTimesDataset, shippingDataset, standingTrendDataset } from './datasets.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? 'docs/charts';
mkdirSync(dir, { recursive: true });
const specs = [
  responseTimesChart(responseTimesDataset()),
  shippingChart(shippingDataset()),
  openCasesChart(openCasesDataset()),
  standingTrendChart(standingTrendDataset()),
];
for (const spec of specs) {
  const chart = await renderChart(spec);
  writeFileSync(join(dir, chart.fileName), chart.png);
  console.log(`${chart.fileName}: ${chart.width}x${chart.height}, ${chart.png.length} bytes`);
  if (args.includes('--preview')) {
    const small = await svgToPng(await renderSvg(spec), { width: 480 });
    writeFileSync(join(dir, `${spec.id}.preview.png`), small.png);
  }
}
