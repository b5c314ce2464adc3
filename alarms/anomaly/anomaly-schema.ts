/**
 * Config for anomaly-detection alarms: the `anomalyDetection` field of a metric alarm, and the
 * cross-field rule between `comparisonOperator`, `threshold` and `anomalyDetection`.
 */
import { z } from 'zod';
import { BAND_COMPARISON_OPERATORS, isBandOperator } from '../evaluate/band-comparison.ts';
import { BAND_MODEL_DEFAULTS, SEASONALITIES, type BandModelOptions } from './band-model.ts';
import { DAY_MS } from './seasonal-layer.ts';

export { BAND_COMPARISON_OPERATORS };

/** An instant with an explicit offset, to the minute or finer: `2026-11-27T10:00Z`, `2026-11-27T11:00:00+01:00`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const instant = z.string().refine((s) => INSTANT.test(s) && Number.isFinite(Date.parse(s)), {
  message: 'expected an ISO 8601 date-time with an offset, such as 2026-11-27T10:00:00Z',
});

const excludedRange = z
  .strictObject({ start: instant, end: instant })
  .refine((r) => Date.parse(r.end) > Date.parse(r.start), { message: 'end must be after start', path: ['end'] });

/** `anomalyDetection` of a metric alarm; `{}` takes every default. */
export const anomalyDetectionSchema = z.strictObject({
  /** Band half-width in standard deviations. */
  width: z.number().positive().max(100).default(BAND_MODEL_DEFAULTS.width),
  /** How much history the model learns from. */
  trainingDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(BAND_MODEL_DEFAULTS.trainingMs / DAY_MS),
  seasonality: z.enum(SEASONALITIES).default(BAND_MODEL_DEFAULTS.seasonality),
  /** Deploys, incidents, tests: left out of training. */
  excludedTimeRanges: z.array(excludedRange).max(100).default([]),
});

export type AnomalyDetectionInput = z.input<typeof anomalyDetectionSchema>;
export type AnomalyDetection = z.output<typeof anomalyDetectionSchema>;

/** The model options for an alarm's (parsed) `anomalyDetection` when training at `now`. */
export function bandModelOptions(settings: AnomalyDetection, now: number): BandModelOptions {
  return {
    now,
    width: settings.width,
    trainingMs: settings.trainingDays * DAY_MS,
    seasonality: settings.seasonality,
    excluded: settings.excludedTimeRanges.map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end) })),
  };
}

/** The fields {@link checkAnomalyFields} looks at. */
export interface AnomalyFieldsInput {
  comparisonOperator: string;
  threshold?: number | undefined;
  anomalyDetection?: unknown;
}

/** The part of zod's refinement context that {@link checkAnomalyFields} uses. */
export type IssueSink = Pick<z.RefinementCtx, 'addIssue'>;

const BAND_LIST = BAND_COMPARISON_OPERATORS.join(', ');

/**
 * For a metric alarm's `superRefine`: a band operator (`LessThanLowerOrGreaterThanUpperThreshold`,
 * `GreaterThanUpperThreshold`, `LessThanLowerThreshold`) needs `anomalyDetection` and takes no
 * `threshold` (the band is the threshold); a static operator needs `threshold` and takes no
 * `anomalyDetection`. Adds one issue per problem, at the offending field.
 */
export function checkAnomalyFields(alarm: AnomalyFieldsInput, ctx: IssueSink): void {
  const op = alarm.comparisonOperator;
  if (isBandOperator(op)) {
    if (alarm.anomalyDetection === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['anomalyDetection'],
        message: `required with comparisonOperator ${op}, which compares with an anomaly-detection band: add anomalyDetection: {} for the defaults (width 2, trainingDays 14, seasonality auto)`,
      });
    }
    if (alarm.threshold !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `not used with comparisonOperator ${op}: the anomaly-detection band is the threshold (set anomalyDetection.width instead)`,
      });
    }
    return;
  }
  if (alarm.threshold === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['threshold'],
      message: `required with comparisonOperator ${op} (only the band operators ${BAND_LIST} use anomalyDetection instead)`,
    });
  }
  if (alarm.anomalyDetection !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['anomalyDetection'],
      message: `only used with the band operators ${BAND_LIST}; comparisonOperator ${op} compares with threshold`,
    });
  }
}
