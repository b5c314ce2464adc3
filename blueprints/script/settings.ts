import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stepOptionsSchema, viewportSchema } from '../kit/step-settings.ts';
import type { ScriptContext } from './context.ts';

/** The canary's script: `async run({ page, step, request, log, env }) { … }`. */
export type ScriptFunction = (ctx: ScriptContext) => unknown;

const RUN_ERROR = 'expected an async function run({ page, step, request, log, env })';

/** Canary fields of the `script` blueprint: the canary is code. */
export const scriptSettings = z.object({
  /**
   * The script. Output: the function plus a hash of its source, so the definition's hash (and a `once`
   * schedule) changes when the code does.
   */
  run: z
    .custom<ScriptFunction>((v) => typeof v === 'function', { error: RUN_ERROR })
    .transform((fn) => ({ fn, sourceHash: createHash('sha256').update(fn.toString()).digest('hex').slice(0, 16) })),
  /** StepOptions applied to every `step()` unless the step overrides them. */
  stepDefaults: stepOptionsSchema.optional(),
  /** Browser viewport; default 1280×800. */
  viewport: viewportSchema.optional(),
});

export type ScriptSettings = z.output<typeof scriptSettings>;
export type ScriptSettingsInput = z.input<typeof scriptSettings>;
