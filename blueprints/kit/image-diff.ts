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
  /**
   * PNG of the baseline with changed pixels in red and ignored regions tinted blue; when the sizes differ, it has
   * the larger width and height, and the area only one image covers is tinted red over that image.
   */
  diffPng: Buffer;
}

/** Colour painted over ignored regions in both images, so they always compare equal. */
const MASK_RGBA = [128, 128, 128, 255] as const;
/** Tint of ignored regions in the diff image. */
const IGNORED_TINT = [80, 140, 255] as const;
/** Tint, in the diff image, of the area only one of two differently sized images covers. */
const PADDING_RGB = [255, 0, 0] as const;

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

/** The top-left `width`×`height` of `png` (a copy). */
function crop(png: PNG, width: number, height: number): PNG {
  const out = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    png.data.copy(out.data, y * width * 4, y * png.width * 4, (y * png.width + width) * 4);
  return out;
}

/**
 * Compares two images after masking `ignore` in both. Pixels differ when their colour distance exceeds
 * `threshold` (pixelmatch; anti-aliasing is not counted). Images of different sizes are compared as if both were
 * padded to the larger width and height: where only one image (or neither) has pixels counts as different (unless
 * ignored), and the diff image, of the larger size, shows that area in red over the image that covers it.
 */
export function compareImages(
  current: PNG,
  baseline: PNG,
  opts: { threshold: number; ignore: readonly PixelRect[] },
): Comparison {
  const width = Math.max(current.width, baseline.width);
  const height = Math.max(current.height, baseline.height);
  // The area both images cover, compared pixel by pixel.
  const w0 = Math.min(current.width, baseline.width);
  const h0 = Math.min(current.height, baseline.height);
  const common = clipRects(opts.ignore, w0, h0);
  const a = crop(current, w0, h0);
  const b = crop(baseline, w0, h0);
  paintRegions(a, common);
  paintRegions(b, common);
  const core = new PNG({ width: w0, height: h0 });
  let diffPixels = w0 * h0 === 0 ? 0 : pixelmatch(b.data, a.data, core.data, w0, h0, { threshold: opts.threshold });
  const diff = new PNG({ width, height });
  for (let y = 0; y < h0; y++) core.data.copy(diff.data, y * width * 4, y * w0 * 4, (y + 1) * w0 * 4);
  const ignore = clipRects(opts.ignore, width, height);
  if (width !== w0 || height !== h0) {
    const ignored = new Uint8Array(width * height);
    for (const r of ignore)
      for (let y = r.y; y < r.y + r.height; y++) ignored.fill(1, y * width + r.x, y * width + r.x + r.width);
    for (let y = 0; y < height; y++) {
      for (let x = y < h0 ? w0 : 0; x < width; x++) {
        const src = x < baseline.width && y < baseline.height ? baseline : current;
        const covered = x < src.width && y < src.height;
        const o = (y * width + x) * 4;
        for (let i = 0; i < 3; i++) {
          const v = covered ? (src.data[(y * src.width + x) * 4 + i] ?? 0) : 255;
          diff.data[o + i] = Math.round((v + (PADDING_RGB[i] ?? 0)) / 2);
        }
        diff.data[o + 3] = 255;
        if (ignored[y * width + x] === 0) diffPixels += 1;
      }
    }
  }
  eachPixel(diff, ignore, (o) => {
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

function clipRects(rects: readonly PixelRect[], width: number, height: number): PixelRect[] {
  return toPixelRects(rects, 1, width, height);
}

/** 0 → "0.00", 3.14159 → "3.14", 0.000098 → "0.000098" (a tiny diff never reads as zero). */
export function formatPercent(p: number): string {
  if (p > 0 && p < 0.01) return String(Number(p.toPrecision(2)));
  return p.toFixed(2);
}
