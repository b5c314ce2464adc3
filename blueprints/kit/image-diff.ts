import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** A rectangle in image pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Comparison {
  diffPixels: number;
  totalPixels: number;
  diffPercent: number;
  /** PNG of the baseline with changed pixels in red and ignored regions tinted blue. */
  diffPng: Buffer;
}

/** Colour painted over ignored regions in both images, so they always compare equal. */
const MASK_RGBA = [128, 128, 128, 255] as const;
/** Tint of ignored regions in the diff image. */
const IGNORED_TINT = [80, 140, 255] as const;

export function decodePng(buf: Buffer): PNG {
  return PNG.sync.read(buf);
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png);
}

/** CSS-pixel boxes → whole image-pixel rectangles (grown outwards), clipped to the image; empty ones dropped. */
export function toPixelRects(boxes: readonly PixelRect[], scale: number, width: number, height: number): PixelRect[] {
  const out: PixelRect[] = [];
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x * scale));
    const y0 = Math.max(0, Math.floor(b.y * scale));
    const x1 = Math.min(width, Math.ceil((b.x + b.width) * scale));
    const y1 = Math.min(height, Math.ceil((b.y + b.height) * scale));
    if (x1 > x0 && y1 > y0) out.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }
  return out;
}

function eachPixel(png: PNG, rects: readonly PixelRect[], fn: (offset: number) => void): void {
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.height; y++) {
      for (let x = r.x; x < r.x + r.width; x++) fn((y * png.width + x) * 4);
    }
  }
}

/** Paints `rects` (image pixels, already clipped) in one flat colour. */
export function paintRegions(png: PNG, rects: readonly PixelRect[]): void {
  eachPixel(png, rects, (o) => {
    for (let i = 0; i < 4; i++) png.data[o + i] = MASK_RGBA[i] ?? 255;
  });
}

/**
 * Compares two images of the same size after masking `ignore` in both. Pixels differ when their colour
 * distance exceeds `threshold` (pixelmatch; anti-aliasing is not counted).
 */
export function compareImages(
  current: PNG,
  baseline: PNG,
  opts: { threshold: number; ignore: readonly PixelRect[] },
): Comparison {
  const { width, height } = current;
  if (baseline.width !== width || baseline.height !== height) {
    throw new Error(`cannot compare ${width}×${height} with ${baseline.width}×${baseline.height}`);
  }
  const a = new PNG({ width, height });
  const b = new PNG({ width, height });
  current.data.copy(a.data);
  baseline.data.copy(b.data);
  paintRegions(a, opts.ignore);
  paintRegions(b, opts.ignore);
  const diff = new PNG({ width, height });
  const diffPixels = pixelmatch(b.data, a.data, diff.data, width, height, { threshold: opts.threshold });
  eachPixel(diff, opts.ignore, (o) => {
    for (let i = 0; i < 3; i++) diff.data[o + i] = Math.round(((diff.data[o + i] ?? 0) + (IGNORED_TINT[i] ?? 0)) / 2);
  });
  const totalPixels = width * height;
  return {
    diffPixels,
    totalPixels,
    diffPercent: totalPixels === 0 ? 0 : (diffPixels / totalPixels) * 100,
    diffPng: encodePng(diff),
  };
}

/** 0 → "0.00", 3.14159 → "3.14", 0.000098 → "0.000098" (a tiny diff never reads as zero). */
export function formatPercent(p: number): string {
  if (p > 0 && p < 0.01) return String(Number(p.toPrecision(2)));
  return p.toFixed(2);
}
