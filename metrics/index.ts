/** The metrics API: PutMetricData / GetMetricStatistics equivalents, storage tiers and statistics. */
export { putMetricData, type PutMetricDataResult } from './put-metric-data-call.ts';
export { parsePutMetricData, type ParsedPutMetricData, type ParseOptions } from './put-metric-data.ts';
export { MetricDataError, type MetricDataIssue } from './metric-data-error.ts';
export { METRIC_LIMITS } from './metric-name-rules.ts';
export type { MetricWriteTap } from './metric-write-tap.ts';
export { METRIC_UNITS, type MetricInput, type StatisticSet } from './metric-input.ts';
export {
  MetricStore,
  type MetricQuery,
  type MetricStoreOptions,
  type SeriesInfo,
  type StatisticsDatapoint,
} from './metric-store.ts';
export { parseStatisticsRequest, STATISTICS_LIMITS, type StatisticsRequest } from './statistics-request.ts';
export { parseStatistic, StatisticSyntaxError, type ParsedStatistic, type StatisticBound } from './statistic-name.ts';
export { aggregate, pickStatistic, type PeriodStats, type Sample } from './statistics.ts';
export {
  metricsRetentionSchema,
  DEFAULT_METRICS_RETENTION,
  type MetricsRetention,
  type RetentionTier,
} from './retention.ts';
export { startMetricsRollup, type RollupLoopOptions } from './rollup-loop.ts';
export type { RollupResult } from './rollup.ts';
export { SKETCH_RELATIVE_ACCURACY } from './sketch.ts';
