import { z } from 'zod';
import {
  anomalyDetectionSchema,
  BAND_COMPARISON_OPERATORS,
  checkAnomalyFields,
} from '../alarms/anomaly/anomaly-schema.ts';
import { parseStatistic } from '../metrics/statistic-name.ts';

const NAME = /^[^\x00-\x1f]{1,255}$/;

export const comparisonOperators = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export const treatMissingDataModes = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;
export const statistics = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;

const actionList = z.array(z.string().min(1)).default([]);

/** A metric alarm as written in a canary file or `canary.config.ts`. */
export const metricAlarmSchema = z
  .strictObject({
    name: z.string().regex(NAME, 'expected 1-255 printable characters'),
    description: z.string().max(1024).optional(),
    namespace: z.string().min(1).max(255).optional(),
    metricName: z.string().min(1).max(255),
    dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).optional(),
    /** Average, Sum, Minimum, Maximum, SampleCount, or an extended statistic: p99, p99.9, tm90, TM(10%:90%), IQM. */
    statistic: z
      .string()
      .default('Average')
      .superRefine((s, ctx) => {
        try {
          parseStatistic(s);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            message: `${(err as Error).message} (expected ${statistics.join(', ')}, pNN, pNN.N, tmNN or TM(a%:b%))`,
          });
        }
      }),
    /** For percentiles on periods with few samples: `evaluate` as usual, or `ignore` (keep the current state). */
    evaluateLowSampleCountPercentile: z.enum(['evaluate', 'ignore']).default('evaluate'),
    period: z.number().int().min(1, 'period must be at least 1 second'),
    evaluationPeriods: z.number().int().min(1),
    datapointsToAlarm: z.number().int().min(1).optional(),
    /** Required for the static operators; band operators use `anomalyDetection` instead. */
    threshold: z.number().optional(),
    comparisonOperator: z.enum([...comparisonOperators, ...BAND_COMPARISON_OPERATORS]),
    anomalyDetection: anomalyDetectionSchema.optional(),
    treatMissingData: z.enum(treatMissingDataModes).default('missing'),
    actionsEnabled: z.boolean().default(true),
    alarmActions: actionList,
    okActions: actionList,
    insufficientDataActions: actionList,
    /** Seconds between reminders (alarmActions again) while the alarm stays in ALARM. */
    reminderInterval: z.number().int().min(1).optional(),
  })
  .superRefine((a, ctx) => {
    checkAnomalyFields(a, ctx);
    if (a.datapointsToAlarm !== undefined && a.datapointsToAlarm > a.evaluationPeriods) {
      ctx.addIssue({
        code: 'custom',
        path: ['datapointsToAlarm'],
        message: `expected at most evaluationPeriods (${a.evaluationPeriods}), got ${a.datapointsToAlarm}`,
      });
    }
    if (a.period * a.evaluationPeriods > 86_400 * 7) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluationPeriods'],
        message: 'period × evaluationPeriods must not exceed 7 days',
      });
    }
    if (a.dimensions && Object.keys(a.dimensions).length > 30) {
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'at most 30 dimensions are allowed' });
    }
  });

export type MetricAlarmInput = z.input<typeof metricAlarmSchema>;
