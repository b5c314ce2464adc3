import type { MetricDatum, MetricUnit } from '../core/types.ts';

/** CloudWatch's unit names (`StandardUnit`), in its documented order. */
export const METRIC_UNITS: readonly MetricUnit[] = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];

/** CloudWatch's `StatisticSet`: a pre-aggregated summary of `sampleCount` values. */
export interface StatisticSet {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/** What every datapoint has besides its value(s). */
export type MetricInputBase = Omit<MetricDatum, 'value'> & {
  /**
   * 1 (high resolution: stored to the millisecond) or 60 (standard: the timestamp is truncated to the minute,
   * as CloudWatch stores it). Absent means 1, which is what the run worker's own metrics need.
   */
  storageResolution?: 1 | 60;
};

/**
 * One datapoint as the store accepts it: a plain {@link MetricDatum} (one value), CloudWatch's `Values` + `Counts`
 * (each value occurred `counts[i]` times; counts may be fractional, 0 is skipped), or a {@link StatisticSet}.
 */
export type MetricInput =
  | (MetricInputBase & { value: number })
  | (MetricInputBase & { values: ReadonlyArray<number>; counts: ReadonlyArray<number> })
  | (MetricInputBase & { statisticValues: StatisticSet });
