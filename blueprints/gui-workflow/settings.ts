import { z } from 'zod';
import { stepOptionsSchema, viewportSchema } from '../kit/step-settings.ts';
import { recordingFileSchema, recordingSchema } from './recording/recording-schema.ts';
import { guiStepSchema } from './step-schema.ts';

const variableName = /^[A-Za-z_][\w.-]*$/;

/**
 * Canary fields of the `gui-workflow` blueprint: a browser flow given either as declarative `steps`, or as a
 * Chrome DevTools Recorder export (`recording` inline, or `recordingFile`). Exactly one of the three.
 */
export const guiWorkflowSettings = z
  .object({
    steps: z.array(guiStepSchema).min(1, { error: 'steps must not be empty' }).optional(),
    recording: recordingSchema.optional(),
    recordingFile: recordingFileSchema.optional(),
    /** Values for `{{name}}` in urls, typed text, select values and expected text (not secrets). */
    variables: z
      .record(
        z.string().regex(variableName, {
          error: 'variable names are letters, digits, "_", "-" or "." (not starting with "env.")',
        }),
        z.string(),
      )
      .optional(),
    /** StepOptions of every step, unless a step overrides them. Default: screenshot on failure only. */
    stepDefaults: stepOptionsSchema.optional(),
    /** Browser viewport; default 1280×800 (a recording's setViewport step overrides it). */
    viewport: viewportSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const given = (['steps', 'recording', 'recordingFile'] as const).filter((k) => s[k] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: 'required field is missing: give steps (a list of actions), recording or recordingFile',
      });
    } else if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ?? 'steps'],
        message: `give only one of steps, recording and recordingFile (got ${given.join(' and ')})`,
      });
    }
    for (const name of Object.keys(s.variables ?? {})) {
      if (name.startsWith('env.'))
        ctx.addIssue({
          code: 'custom',
          path: ['variables', name],
          message: '"env." is reserved for environment variables ({{env.NAME}})',
        });
    }
  });

export type GuiWorkflowSettings = z.output<typeof guiWorkflowSettings>;
export type GuiWorkflowSettingsInput = z.input<typeof guiWorkflowSettings>;
