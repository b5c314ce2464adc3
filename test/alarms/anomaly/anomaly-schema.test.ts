import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  anomalyDetectionSchema,
  bandModelOptions,
  checkAnomalyFields,
} from '../../../alarms/anomaly/anomaly-schema.ts';
import { BAND_COMPARISON_OPERATORS } from '../../../alarms/evaluate/band-comparison.ts';

// How config/alarm-schema.ts is expected to use it (a trimmed-down alarm).
const alarmSchema = z
  .strictObject({
    threshold: z.number().optional(),
    comparisonOperator: z.enum(['GreaterThanThreshold', 'LessThanThreshold', ...BAND_COMPARISON_OPERATORS]),
    anomalyDetection: anomalyDetectionSchema.optional(),
  })
  .superRefine((a, ctx) => checkAnomalyFields(a, ctx));

const issues = (input: unknown) => {
  const result = alarmSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('anomalyDetectionSchema', () => {
  it('fills in the defaults', () => {
    expect(anomalyDetectionSchema.parse({})).toEqual({
      width: 2,
      trainingDays: 14,
      seasonality: 'auto',
      excludedTimeRanges: [],
    });
  });

  it('accepts ISO date-times with an offset, to the minute or finer', () => {
    const parsed = anomalyDetectionSchema.parse({
      width: 3,
      trainingDays: 7,
      seasonality: 'daily',
      excludedTimeRanges: [
        { start: '2026-11-27T10:00Z', end: '2026-11-27T11:30:00+01:00' },
        { start: '2026-11-20T00:00:00.000Z', end: '2026-11-21T00:00:00Z' },
      ],
    });
    expect(bandModelOptions(parsed, 1_000)).toEqual({
      now: 1_000,
      width: 3,
      trainingMs: 7 * 86_400_000,
      seasonality: 'daily',
      excluded: [
        { start: Date.UTC(2026, 10, 27, 10), end: Date.UTC(2026, 10, 27, 10, 30) },
        { start: Date.UTC(2026, 10, 20), end: Date.UTC(2026, 10, 21) },
      ],
    });
  });

  it.each([
    [{ width: 0 }, 'width'],
    [{ trainingDays: 0.5 }, 'trainingDays'],
    [{ trainingDays: 91 }, 'trainingDays'],
    [{ seasonality: 'monthly' }, 'seasonality'],
    [{ excludedTimeRanges: [{ start: '2026-11-27', end: '2026-11-28' }] }, 'excludedTimeRanges.0.start'],
    [
      { excludedTimeRanges: [{ start: '2026-11-27T10:00:00', end: '2026-11-27T11:00:00Z' }] },
      'excludedTimeRanges.0.start',
    ],
    [{ excludedTimeRanges: [{ start: '2026-11-27T11:00Z', end: '2026-11-27T10:00Z' }] }, 'excludedTimeRanges.0.end'],
    [{ windowSize: 3 }, ''],
  ])('rejects %o at %s', (input, path) => {
    const result = anomalyDetectionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('checkAnomalyFields', () => {
  it('accepts a band operator with anomalyDetection, and a static operator with threshold', () => {
    expect(issues({ comparisonOperator: 'GreaterThanUpperThreshold', anomalyDetection: {} })).toEqual([]);
    expect(issues({ comparisonOperator: 'GreaterThanThreshold', threshold: 100 })).toEqual([]);
  });

  it('a band operator requires anomalyDetection and takes no threshold', () => {
    expect(issues({ comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold', threshold: 5 })).toEqual([
      'anomalyDetection: required with comparisonOperator LessThanLowerOrGreaterThanUpperThreshold, which compares with an anomaly-detection band: add anomalyDetection: {} for the defaults (width 2, trainingDays 14, seasonality auto)',
      'threshold: not used with comparisonOperator LessThanLowerOrGreaterThanUpperThreshold: the anomaly-detection band is the threshold (set anomalyDetection.width instead)',
    ]);
  });

  it('a static operator requires threshold and takes no anomalyDetection', () => {
    expect(issues({ comparisonOperator: 'LessThanThreshold', anomalyDetection: {} })).toEqual([
      'threshold: required with comparisonOperator LessThanThreshold (only the band operators LessThanLowerOrGreaterThanUpperThreshold, GreaterThanUpperThreshold, LessThanLowerThreshold use anomalyDetection instead)',
      'anomalyDetection: only used with the band operators LessThanLowerOrGreaterThanUpperThreshold, GreaterThanUpperThreshold, LessThanLowerThreshold; comparisonOperator LessThanThreshold compares with threshold',
    ]);
  });
});
