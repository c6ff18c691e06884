import type * as EChartsCoreModule from 'echarts/core';
import type * as ResvgModuleType from '@resvg/resvg-js';
import { FONT_FILES, textMeasurer } from './fonts.js';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, FONT_FAMILY } from './theme.js';
import type { ChartSpec, RenderedChart } from './types.js';

/**
 * ECharts' server-side SVG renderer (no DOM, no canvas), then resvg to PNG. Both, and fontkit,
 * are imported on first use only, so the bot starts without loading them.
 */

type EChartsCore = typeof EChartsCoreModule;

let runtime: Promise<EChartsCore> | undefined;
const ECHARTS_BUILD = 'echarts/dist/echarts.esm.min';

async function loadECharts(): Promise<EChartsCore> {
  // The one-file ES build (all of ECharts, minified): it loads in about 0.3 s through tsx, where
  // the per-module entry points (echarts/core, /charts, /components) take about 3.5 s.
  const [full, fontkit] = await Promise.all([import(ECHARTS_BUILD) as Promise<EChartsCore>, import('fontkit')]);
  // Lay text out with the widths of the font resvg will draw it in (zrender's fallback guesses).
  full.setPlatformAPI({ measureText: textMeasurer(fontkit.default ?? fontkit) });
  return full;
}

/**
 * zrender names its CSS classes (hover styles, unused in a picture) with process-wide counters
 * (zr0-cls-17) and prefixes its clip-path ids with the instance's number (zr3-c0): number the
 * classes by first appearance and drop the instance number, so the same data gives the same bytes.
 */
export function stableNames(svg: string): string {
  const classes = new Map<string, number>();
  return svg
    .replace(/\bzr\d+-cls-\d+\b/g, (name) => {
      if (!classes.has(name)) classes.set(name, classes.size);
      return `sd-cls-${classes.get(name)}`;
    })
    .replace(/\bzr\d+-/g, 'sd-');
}

export interface SvgOptions {
  width?: number;
  height?: number;
}

/** The chart as an SVG document, byte-identical for the same spec. */
export async function renderSvg(spec: ChartSpec, opts: SvgOptions = {}): Promise<string> {
  runtime ??= loadECharts();
  const echarts = await runtime;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: opts.width ?? CHART_WIDTH,
    height: opts.height ?? CHART_HEIGHT,
  });
  try {
    chart.setOption(spec.option);
    return stableNames(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

type ResvgModule = typeof ResvgModuleType;
let resvg: Promise<ResvgModule> | undefined;

export interface PngOptions {
  /** Pixels per SVG unit. Default CHART_SCALE (2). */
  scale?: number;
  /** Render to this pixel width instead (e.g. 480 to see a chat preview). */
  width?: number;
}

/** Rasterises an SVG with the bundled font only (system fonts off). */
export async function svgToPng(svg: string, opts: PngOptions = {}): Promise<{ png: Buffer; width: number; height: number }> {
  resvg ??= import('@resvg/resvg-js');
  const { Resvg } = await resvg;
  const r = new Resvg(svg, {
    fitTo: opts.width ? { mode: 'width', value: opts.width } : { mode: 'zoom', value: opts.scale ?? CHART_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.semibold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = r.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** SVG and PNG of a chart, with the words a message needs (title, alt text, file name). */
export async function renderChart(spec: ChartSpec, opts: PngOptions = {}): Promise<RenderedChart> {
  const svg = await renderSvg(spec);
  const { png, width, height } = await svgToPng(svg, opts);
  return { id: spec.id, title: spec.title, alt: spec.alt, fileName: `${spec.id}.png`, svg, png, width, height };
}
