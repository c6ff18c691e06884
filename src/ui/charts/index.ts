/**
 * Charts of a shop's service levels: pure builders (figures -> ChartSpec) and a renderer
 * (ChartSpec -> SVG -> PNG) that loads ECharts, fontkit and resvg on first use only.
 */
export type * from './types.js';
export { responseTimesChart, CHANNEL_WORDS } from './response-times.js';
export { shippingChart } from './shipping.js';
export { openCasesChart, ageBandOf, AGE_BANDS } from './open-cases.js';
export { standingTrendChart, firstForecastPastLine } from './standing-trend.js';
export { metricThresholds, standingTrendFromMetric, type MetricDay, type StandingTrendFromMetric } from './from-standing.js';
export { deadlineLine } from './response-times.js';
export { renderChart, renderSvg, svgToPng, type PngOptions, type SvgOptions } from './render.js';
export { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, KIND_COLOURS, OKABE_ITO } from './theme.js';
