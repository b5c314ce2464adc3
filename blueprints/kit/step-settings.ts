import { z } from 'zod';
import type { StepOptions } from './step-runner.ts';

/** Zod schema of StepOptions (CloudWatch Synthetics' per-step configuration), shared by step-based blueprints. */
export const stepOptionsSchema = z.strictObject({
  /** Keep running later steps after this one fails; the run still fails at the end. */
  continueOnStepFailure: z.boolean().optional(),
  screenshotOnStepStart: z.boolean().optional(),
  screenshotOnStepSuccess: z.boolean().optional(),
  screenshotOnStepFailure: z.boolean().optional(),
});

/** The StepOptions fields, to spread into a step's own strict object schema. */
export const stepOptionsShape = stepOptionsSchema.shape;

/** Browser viewport of a page; default 1280×800. */
export const viewportSchema = z.strictObject({
  width: z
    .int()
    .min(100, { error: 'width must be between 100 and 7680' })
    .max(7680, { error: 'width must be between 100 and 7680' }),
  height: z
    .int()
    .min(100, { error: 'height must be between 100 and 4320' })
    .max(4320, { error: 'height must be between 100 and 4320' }),
});

/** StepOptions without the keys that are undefined, so they never override a default with `undefined`. */
export function stepOptionsOf(o: { [K in keyof StepOptions]?: boolean | undefined } | undefined): StepOptions {
  const out: StepOptions = {};
  if (!o) return out;
  for (const key of [
    'continueOnStepFailure',
    'screenshotOnStepStart',
    'screenshotOnStepSuccess',
    'screenshotOnStepFailure',
  ] as const) {
    const v = o[key];
    if (typeof v === 'boolean') out[key] = v;
  }
  return out;
}
