import { CHART_HEIGHT, CHART_WIDTH } from './theme.js';

/**
 * Where the words of each reference line go: above or below the line, at its right or left
 * end, whichever spot no data line, other reference line or earlier label crosses. Pure
 * geometry on the plot area; a label spot that nothing frees falls back to the least crowded.
 */

export type LabelSpot = 'insideEndTop' | 'insideEndBottom' | 'insideStartTop' | 'insideStartBottom';
const SPOTS: LabelSpot[] = ['insideEndTop', 'insideEndBottom', 'insideStartTop', 'insideStartBottom'];

export interface PlotGeometry {
  grid: { left: number; right: number; top: number; bottom: number };
  /** Maps a value to 0 (bottom of the plot) .. 1 (top). */
  scale: (value: number) => number;
  /** Category count of the x axis (points sit in the middle of their band). */
  categories: number;
}

interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const LABEL_HEIGHT = 20;
/** Inter semibold at 15 px averages about 8.4 px a character. */
const labelWidth = (text: string): number => text.length * 8.4 + 12;

/** The data lines as points every few pixels, in plot pixels (y up). */
function samplePoints(series: Array<Array<number | null>>, g: PlotGeometry, width: number, height: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const x = (i: number) => ((i + 0.5) / g.categories) * width;
  for (const s of series) {
    s.forEach((v, i) => {
      if (v === null) return;
      const y = g.scale(v) * height;
      points.push([x(i), y]);
      const next = s[i + 1];
      if (next === undefined || next === null) return;
      const y2 = g.scale(next) * height;
      for (let k = 1; k < 8; k++) points.push([x(i) + ((x(i + 1) - x(i)) * k) / 8, y + ((y2 - y) * k) / 8]);
    });
  }
  return points;
}

export function labelSpots(
  labels: Array<{ text: string; value: number }>,
  series: Array<Array<number | null>>,
  g: PlotGeometry,
): LabelSpot[] {
  const width = CHART_WIDTH - g.grid.left - g.grid.right;
  const height = CHART_HEIGHT - g.grid.top - g.grid.bottom;
  const points = samplePoints(series, g, width, height);
  const lines = labels.map((l) => g.scale(l.value) * height);
  const placed: Rect[] = [];
  return labels.map((label, i) => {
    const y = lines[i]!;
    const w = labelWidth(label.text);
    const rect = (spot: LabelSpot): Rect => {
      const end = spot.startsWith('insideEnd');
      const top = spot.endsWith('Top');
      return {
        x0: end ? width - w : 0,
        x1: end ? width : w,
        y0: top ? y + 1 : y - LABEL_HEIGHT - 1,
        y1: top ? y + LABEL_HEIGHT + 1 : y - 1,
      };
    };
    const hits = (r: Rect): number => {
      const pad = 4;
      let n = points.filter(([px, py]) => px >= r.x0 - pad && px <= r.x1 + pad && py >= r.y0 - pad && py <= r.y1 + pad).length;
      n += lines.filter((ly, j) => j !== i && ly >= r.y0 && ly <= r.y1).length * 50;
      n += placed.filter((p) => p.x0 < r.x1 && r.x0 < p.x1 && p.y0 < r.y1 && r.y0 < p.y1).length * 100;
      // Outside the plot (above its top or under its bottom) is allowed but worse than a free spot inside.
      if (r.y1 > height + LABEL_HEIGHT || r.y0 < -LABEL_HEIGHT) n += 1000;
      return n;
    };
    let best = SPOTS[0]!;
    let bestHits = Infinity;
    for (const spot of SPOTS) {
      const h = hits(rect(spot));
      if (h < bestHits) [best, bestHits] = [spot, h];
      if (h === 0) break;
    }
    placed.push(rect(best));
    return best;
  });
}

export const linearScale =
  (min: number, max: number) =>
  (v: number): number =>
    (v - min) / (max - min);

export const log2Scale =
  (min: number, max: number) =>
  (v: number): number =>
    (Math.log2(v) - Math.log2(min)) / (Math.log2(max) - Math.log2(min));
