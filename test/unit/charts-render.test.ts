import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openCasesChart,
  renderChart,
  renderSvg,
  responseTimesChart,
  shippingChart,
  standingTrendChart,
  svgToPng,
  type ChartSpec,
} from '../../src/ui/charts/index.js';
import { openCasesDataset, responseTimesDataset, shippingDataset, standingTrendDataset } from '../charts/datasets.js';
import { pixelStats, pngHeader } from '../charts/png.js';

/**
 * Golden SVGs: one fixed dataset per chart. They change only on purpose:
 * UPDATE_GOLDEN=1 npx vitest run test/unit/charts-render.test.ts (then look at the PNGs: npx tsx test/charts/render-examples.ts).
 */
const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'charts');
const update = process.env.UPDATE_GOLDEN === '1';

const specs: Array<[string, () => ChartSpec]> = [
  ['response-times', () => responseTimesChart(responseTimesDataset())],
  ['shipping', () => shippingChart(shippingDataset())],
  ['open-cases', () => openCasesChart(openCasesDataset())],
  ['standing-trend', () => standingTrendChart(standingTrendDataset())],
];

/** A chart's luminance variance is in the thousands; a white page is 0, a page with one line of text about 50. */
const VARIANCE_FLOOR = 300;

describe('charts render to the golden SVG and to a PNG that is not blank', () => {
  it.each(specs)('%s matches its golden SVG', async (id, build) => {
    const svg = await renderSvg(build());
    const file = join(GOLDEN, `${id}.svg`);
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`no golden SVG at ${file}: run with UPDATE_GOLDEN=1 and look at the chart`);
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, svg);
    }
    expect(svg).toBe(readFileSync(file, 'utf8'));
  });

  it.each(specs)('%s is a 1600x900 PNG with ink on it', async (_id, build) => {
    const chart = await renderChart(build());
    const header = pngHeader(chart.png);
    expect(header).toEqual({ signature: true, chunk: 'IHDR', width: 1600, height: 900 });
    expect([chart.width, chart.height]).toEqual([1600, 900]);
    const stats = pixelStats(chart.png);
    expect([stats.width, stats.height]).toEqual([1600, 900]);
    expect(stats.variance).toBeGreaterThan(VARIANCE_FLOOR);
    // Mostly white paper, but lines, bars and words on it.
    expect(stats.inked).toBeGreaterThan(0.01);
    expect(stats.inked).toBeLessThan(0.6);
    // Within Discord's 10 MB attachment limit by far (Slack's is 1 GB).
    expect(chart.png.length).toBeLessThan(1_000_000);
  });

  it('the variance floor tells a blank or near-blank PNG from a chart', async () => {
    const blank = await svgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"><rect width="800" height="450" fill="#fff"/></svg>',
    );
    expect(pixelStats(blank.png).variance).toBeLessThan(VARIANCE_FLOOR);
    const oneLine = await svgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"><rect width="800" height="450" fill="#fff"/><text x="20" y="40" font-size="16">Only a title</text></svg>',
    );
    expect(pixelStats(oneLine.png).variance).toBeLessThan(VARIANCE_FLOOR);
  });

  it('draws text with the bundled font alone (system fonts are off)', async () => {
    const text = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><rect width="400" height="60" fill="#fff"/><text x="10" y="40" font-family="${family}" font-size="28">Open cases 42</text></svg>`;
    const inter = pixelStats((await svgToPng(text('Inter'))).png);
    expect(inter.inked).toBeGreaterThan(0.02);
    // A family that is not bundled falls back to Inter, not to nothing and not to a system font.
    expect(pixelStats((await svgToPng(text('Arial'))).png).inked).toBeCloseTo(inter.inked, 5);
  });

  it('gives the same SVG for the same data, whatever was rendered before', async () => {
    const a = await renderSvg(shippingChart(shippingDataset()));
    await renderSvg(openCasesChart(openCasesDataset()));
    expect(await renderSvg(shippingChart(shippingDataset()))).toBe(a);
  });

  it('escapes the shop name in the SVG', async () => {
    const data = openCasesDataset();
    data.shop = { ...data.shop, name: '<script>alert(1)</script> & "Co"' };
    const svg = await renderSvg(openCasesChart(data));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    const png = await svgToPng(svg);
    expect(pngHeader(png.png).signature).toBe(true);
  });

  it('renders empty data with a note instead of failing', async () => {
    const data = responseTimesDataset();
    data.days = data.days.map((d) => ({ day: d.day, firstReplyMinutes: null }));
    const chart = await renderChart(responseTimesChart(data));
    expect(chart.svg).toContain('No answered cases in these days');
    expect(pixelStats(chart.png).variance).toBeGreaterThan(VARIANCE_FLOOR);
    const none = await renderChart(openCasesChart({ ...openCasesDataset(), counts: [] }));
    expect(none.svg).toContain('No open cases');
  });

  it('renders at a chat preview width', async () => {
    const small = await svgToPng(await renderSvg(openCasesChart(openCasesDataset())), { width: 480 });
    expect(pngHeader(small.png)).toMatchObject({ width: 480, height: 270 });
  });
});
