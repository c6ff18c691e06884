import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The chart libraries (ECharts/zrender, fontkit, resvg) load on the first render only: the bot's
 * start-up and any module that merely imports the chart API stay without them.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CHART_LIBRARIES = /node_modules\/(echarts|zrender|fontkit|@resvg)\//;

/** Module URLs a script resolves, from the hook in test/charts/record-imports.mjs. */
function modules(script: string): string[] {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/charts/record-imports.mjs', '--input-type=module', '-e', script],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr.slice(-2000)}`);
  return result.stderr.split('\n').filter((l) => l.startsWith('resolved '));
}

describe('chart libraries load lazily', () => {
  it('importing the chart and report modules loads none of them', () => {
    const seen = modules(`await import('./src/ui/charts/index.ts'); await import('./src/ui/report/index.ts')`);
    expect(seen.some((l) => l.includes('src/ui/charts/render.ts'))).toBe(true);
    expect(seen.filter((l) => CHART_LIBRARIES.test(l))).toEqual([]);
  });

  it('the bot start-up module loads none of them', () => {
    const seen = modules(`await import('./src/main.ts')`);
    expect(seen.some((l) => l.includes('src/main.ts'))).toBe(true);
    expect(seen.filter((l) => CHART_LIBRARIES.test(l))).toEqual([]);
  });

  it('rendering loads them (so the check above can see them)', () => {
    const seen = modules(
      `const c = await import('./src/ui/charts/index.ts'); const d = await import('./test/charts/datasets.ts'); await c.renderChart(c.openCasesChart(d.openCasesDataset()))`,
    );
    expect(seen.some((l) => /node_modules\/echarts\//.test(l))).toBe(true);
    expect(seen.some((l) => /node_modules\/@resvg\//.test(l))).toBe(true);
    expect(seen.some((l) => /node_modules\/fontkit\//.test(l))).toBe(true);
  });
});
