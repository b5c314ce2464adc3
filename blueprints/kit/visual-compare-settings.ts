import { z } from 'zod';

/** A region left out of the comparison: a rectangle in CSS pixels of the screenshot, or the boxes of a selector's elements. */
export const ignoreRegion = z.union(
  [
    z.strictObject({
      x: z.number().min(0, { error: 'x must be >= 0' }),
      y: z.number().min(0, { error: 'y must be >= 0' }),
      width: z.number().positive({ error: 'width must be > 0' }),
      height: z.number().positive({ error: 'height must be > 0' }),
    }),
    z.strictObject({ selector: z.string().min(1, { error: 'selector must not be empty' }) }),
  ],
  { error: 'expected { x, y, width, height } (CSS pixels) or { selector }' },
);

/**
 * The fields that say how a screenshot is compared with its baseline, shared by every blueprint that compares
 * screenshots (the visual blueprint's top level, gui-workflow's `screenshot.compare`).
 */
export const screenshotCompareShape = {
  /** Screenshot the whole scrollable page (true) or the viewport only. */
  fullPage: z.boolean().default(true),
  /** pixelmatch colour threshold, 0 (exact) to 1. */
  threshold: z
    .number()
    .min(0, { error: 'threshold must be between 0 and 1' })
    .max(1, { error: 'threshold must be between 0 and 1' })
    .default(0.1),
  /** Percentage of differing pixels allowed before the run FAILS. */
  maxDiffPercent: z
    .number()
    .min(0, { error: 'maxDiffPercent must be >= 0' })
    .max(100, { error: 'maxDiffPercent must be <= 100' })
    .default(0),
  /** Regions ignored in every screenshot. */
  ignore: z.array(ignoreRegion).default([]),
};

export type IgnoreRegion = z.output<typeof ignoreRegion>;
