import { PNG } from 'pngjs';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk (the first chunk, right after the signature). */
export function pngHeader(png: Buffer): { signature: boolean; chunk: string; width: number; height: number } {
  return {
    signature: png.subarray(0, 8).equals(PNG_SIGNATURE),
    chunk: png.subarray(12, 16).toString('latin1'),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
  };
}

/** Decodes with pngjs: luminance variance, and the share of pixels that are not near-white. */
export function pixelStats(png: Buffer): { width: number; height: number; variance: number; inked: number } {
  const image = PNG.sync.read(png);
  const n = image.width * image.height;
  let sum = 0;
  let sumSq = 0;
  let inked = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const alpha = image.data[o + 3]! / 255;
    // Composite on white, as chat clients show a transparent PNG on a light theme.
    const [r, g, b] = [0, 1, 2].map((k) => image.data[o + k]! * alpha + 255 * (1 - alpha)) as [number, number, number];
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sumSq += y * y;
    if (y < 200) inked++;
  }
  const mean = sum / n;
  return { width: image.width, height: image.height, variance: sumSq / n - mean * mean, inked: inked / n };
}
