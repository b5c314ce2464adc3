import { z } from 'zod';

/** Name of the screenshot taken when `screenshots` is not set, and of the navigation step. */
export const DEFAULT_SHOT = 'page';
export const LOAD_STEP = 'load';

const shotName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  error: 'expected 1-64 letters, digits, "-" or "_" starting with a letter or digit',
});

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

const screenshotSchema = z.strictObject({
  /** Names the step, the baseline file and the artifacts (`<name>.png`). */
  name: shotName,
  /** Screenshot of the first element matching this selector instead of the page. */
  selector: z.string().min(1, { error: 'selector must not be empty' }).optional(),
  /** Regions ignored for this screenshot only (rectangles are relative to the screenshot). */
  ignore: z.array(ignoreRegion).default([]),
});

/** Canary fields of the `visual` blueprint: screenshot a page and compare it with a stored baseline. */
export const visualSettings = z.object({
  url: z.url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' }),
  viewport: z
    .strictObject({
      width: z.int().min(100).max(7680),
      height: z.int().min(100).max(4320),
    })
    .default({ width: 1280, height: 800 }),
  deviceScaleFactor: z.number().min(0.5).max(4).default(1),
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
  /** Named screenshots; default one full-page screenshot named "page". */
  screenshots: z
    .array(screenshotSchema)
    .min(1, { error: 'screenshots must not be empty (leave it out for one full-page screenshot)' })
    .superRefine((shots, ctx) => {
      const seen = new Set<string>();
      shots.forEach((s, i) => {
        if (s.name === LOAD_STEP)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `"${LOAD_STEP}" is reserved for the navigation step`,
          });
        else if (seen.has(s.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate screenshot name "${s.name}"` });
        seen.add(s.name);
      });
    })
    .optional(),
  /** FAIL when no baseline exists instead of creating one. */
  requireBaseline: z.boolean().default(false),
});

export type VisualSettings = z.output<typeof visualSettings>;
export type VisualSettingsInput = z.input<typeof visualSettings>;
export type IgnoreRegion = z.output<typeof ignoreRegion>;
export type ScreenshotSpec = z.output<typeof screenshotSchema>;

/** The screenshots a run takes: `screenshots`, or the default full-page one. */
export function shotsOf(settings: Pick<VisualSettings, 'screenshots'>): ScreenshotSpec[] {
  return settings.screenshots ?? [{ name: DEFAULT_SHOT, ignore: [] }];
}
