import type { CaseKind } from '../../domain/types.js';

/**
 * Size, type and colour of every chart.
 *
 * Size: 800 x 450 CSS pixels (16:9), rasterised at 2x (1600 x 900 PNG). Slack and Discord show
 * an image in the message at roughly 400-520 px wide; at 480 px the 16 px labels come out at
 * about 10 px and the 22 px title at 13 px, still legible, and the full-size view is sharp on
 * high-density screens. A 1000 px canvas with the same type would shrink labels to ~7 px.
 */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 450;
export const CHART_SCALE = 2;

export const FONT_FAMILY = 'Inter';
export const FONT = { title: 22, label: 16, small: 15 } as const;

/** Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

const INK_TEXT = '#1F2328';
export const INK = { text: INK_TEXT, muted: '#57606A', grid: '#D8DEE4', axis: '#8C959F', background: '#FFFFFF' } as const;

/** Series colours: data lines in blue and orange; reference lines also differ by dash, not by colour alone. */
export const SERIES = { primary: OKABE_ITO.blue, secondary: OKABE_ITO.orange } as const;

/** Reference lines, from the mildest to the hardest. */
export const REFERENCE_COLOURS = [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.black] as const;
export const REFERENCE_DASHES: ReadonlyArray<number[]> = [
  [10, 5],
  [4, 4],
  [2, 3],
  [12, 4, 2, 4],
];

/** Marketplace thresholds (the line, the at-risk mark, a second metric's line): warm colours, each its own dash. */
export const THRESHOLD_COLOURS = [OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, INK_TEXT] as const;
export const THRESHOLD_DASHES: ReadonlyArray<number[]> = [
  [4, 4],
  [10, 5],
  [2, 3],
];

/** One colour per case kind, the same in every chart (yellow left out: too light on white). */
export const KIND_COLOURS: Record<CaseKind, string> = {
  message: OKABE_ITO.blue,
  review: OKABE_ITO.orange,
  return: OKABE_ITO.bluishGreen,
  dispute: OKABE_ITO.vermillion,
  chargeback: OKABE_ITO.reddishPurple,
};

/** Options shared by every chart: white background (Discord's dark theme), the bundled font, no animation. */
export function baseOption(title: string, subtitle: string): Record<string, unknown> {
  return {
    animation: false,
    backgroundColor: INK.background,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT.label, color: INK.text },
    title: {
      text: title,
      subtext: subtitle,
      left: 24,
      top: 14,
      itemGap: 8,
      // Long shop names and metrics end in "…" rather than run off the picture.
      textStyle: {
        fontFamily: FONT_FAMILY,
        fontSize: FONT.title,
        fontWeight: 600,
        color: INK.text,
        width: CHART_WIDTH - 48,
        overflow: 'truncate',
      },
      subtextStyle: { fontFamily: FONT_FAMILY, fontSize: FONT.small, color: INK.muted, width: CHART_WIDTH - 48, overflow: 'truncate' },
    },
    legend: {
      bottom: 10,
      left: 'center',
      itemWidth: 28,
      itemHeight: 12,
      itemGap: 22,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT.small, color: INK.text },
    },
  };
}

export const axisLabel = { fontFamily: FONT_FAMILY, fontSize: FONT.label, color: INK.muted };
export const axisName = { fontFamily: FONT_FAMILY, fontSize: FONT.small, color: INK.text };
/** A value axis' name runs along the plot's height (268 px): cut it short rather than past the corners. */
export const axisNameTruncate = { maxWidth: 260, ellipsis: '…' };
