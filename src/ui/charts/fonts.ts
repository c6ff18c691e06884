import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Font } from 'fontkit';

/**
 * The bundled font: Inter 4 (Google Fonts v20 static instances, from the npm package
 * @expo-google-fonts/inter 0.4.2), SIL Open Font License 1.1 (fonts/OFL.txt). The same files
 * measure the text for the layout (fontkit) and draw it (resvg, with system fonts off), so a
 * bare machine renders the same pixels as a developer's.
 */
export const FONT_FILES = {
  regular: fileURLToPath(new URL('./fonts/Inter-Regular.ttf', import.meta.url)),
  semibold: fileURLToPath(new URL('./fonts/Inter-SemiBold.ttf', import.meta.url)),
} as const;

type Weight = keyof typeof FONT_FILES;

/** Loaded with the renderer only (fontkit is imported lazily by render.ts). */
export function textMeasurer(fontkit: { create(buffer: Buffer): unknown }): (text: string, font?: string) => { width: number } {
  const fonts = new Map<Weight, Font>();
  const fontOf = (weight: Weight): Font => {
    let f = fonts.get(weight);
    if (!f) {
      f = fontkit.create(readFileSync(FONT_FILES[weight])) as Font;
      fonts.set(weight, f);
    }
    return f;
  };
  const widths = new Map<string, number>();
  // zrender passes a CSS font shorthand: "16px Inter", "normal normal 600 22px Inter", "bold 14px Inter".
  return (text: string, font = '12px Inter') => {
    const key = `${font}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
      const weight: Weight = /\b(bold|bolder|[6-9]00)\b/.test(font) ? 'semibold' : 'regular';
      const f = fontOf(weight);
      width = (f.layout(text).advanceWidth / f.unitsPerEm) * size;
      widths.set(key, width);
    }
    return { width };
  };
}
