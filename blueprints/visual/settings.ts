import { z } from 'zod';
import { DEFAULT_SHOT } from '../kit/visual-compare.ts';
import { ignoreRegion, screenshotCompareShape } from '../kit/visual-compare-settings.ts';

export { DEFAULT_SHOT };
/** Name of the navigation step (so no screenshot may take it). */
export const LOAD_STEP = 'load';

const shotName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  error: 'expected 1-64 letters, digits, "-" or "_" starting with a letter or digit',
});

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
  ...screenshotCompareShape,
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
export type ScreenshotSpec = z.output<typeof screenshotSchema>;

/** The screenshots a run takes: `screenshots`, or the default full-page one. */
export function shotsOf(settings: Pick<VisualSettings, 'screenshots'>): ScreenshotSpec[] {
  return settings.screenshots ?? [{ name: DEFAULT_SHOT, ignore: [] }];
}
