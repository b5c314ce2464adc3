import { z } from 'zod';
import { stepOptionsShape } from '../kit/step-settings.ts';
import { screenshotCompareShape } from '../kit/visual-compare-settings.ts';

const selector = z.string().min(1, { error: 'selector must not be empty' });

/** Fields every step has: an optional name, a timeout (ms) and the StepOptions. */
const common = {
  /** Shown in reports; default `<action> <selector|url|key|name>`. */
  name: z.string().min(1, { error: 'name must not be empty' }).max(200).optional(),
  /** How long the step may wait, in ms (default 10 000); never beyond what is left of the canary's timeout. */
  timeout: z
    .int({ error: 'timeout must be a whole number of milliseconds' })
    .positive({ error: 'timeout must be > 0 ms' })
    .max(840_000)
    .optional(),
  ...stepOptionsShape,
};

const action = <A extends string, S extends z.core.$ZodLooseShape>(name: A, shape: S) =>
  z.strictObject({ action: z.literal(name), ...common, ...shape });

/** A URL, or a template rendered at run time (`{{env.BASE_URL}}/login`). */
const url = z.string().refine((u) => u.includes('{{') || /^https?:\/\/[^/\s]+/i.test(u), {
  error: 'url must be an absolute http:// or https:// URL (or a {{template}})',
});

export const stepSchemas = [
  action('navigate', { url }),
  action('click', { selector }),
  action('clickAndNavigate', { selector }),
  action('type', {
    selector,
    /** May use `{{env.NAME}}` (a secret) and `{{var}}`. */
    text: z.string(),
    /** Never shown in reports, logs, step names or stored records. */
    secret: z.boolean().optional(),
  }),
  action('select', { selector, value: z.string() }),
  action('hover', { selector }),
  action('press', { key: z.string().min(1, { error: 'key must not be empty (e.g. "Enter", "Tab", "a")' }) }),
  action('waitForSelector', { selector, visible: z.boolean().optional() }),
  action('verifySelector', { selector, visible: z.boolean().optional() }),
  action('verifyText', { selector, text: z.string(), match: z.enum(['contains', 'equals']).optional() }),
  action('screenshot', {
    /** Compare this screenshot with a baseline keyed by canary and step name, as the visual blueprint does. */
    compare: z
      .strictObject({
        threshold: screenshotCompareShape.threshold,
        maxDiffPercent: screenshotCompareShape.maxDiffPercent,
        ignore: screenshotCompareShape.ignore,
        fullPage: screenshotCompareShape.fullPage,
        /** Screenshot (and compare) only the first element matching this selector. */
        selector: z.string().min(1).optional(),
      })
      .optional(),
  }).superRefine((s, ctx) => {
    if (s.compare && !(s.name && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s.name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'a compared screenshot needs a name (1-64 letters, digits, "-" or "_"): it keys the baseline',
      });
    }
  }),
] as const;

export const ACTIONS = stepSchemas.map((s) => s.shape.action.value);

/** One declarative step; a discriminated union on `action` so an error points at its step and field. */
export const guiStepSchema = z.discriminatedUnion('action', [...stepSchemas], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `unknown action: expected one of ${ACTIONS.join(', ')}` : undefined,
});

export type GuiStep = z.output<typeof guiStepSchema>;
export type GuiStepInput = z.input<typeof guiStepSchema>;
export type GuiAction = GuiStep['action'];
