/** The public SDK of canarykit. */
export { defineCanary, defineConfig, defineDrill, type CanaryInput } from './config/define.ts';
export type { DrillInput } from './config/drill-schema.ts';
export type * from './core/drill.ts';
export type { ConfigInput } from './config/config-schema.ts';
export { evaluateMetricAlarm } from './alarms/evaluate/evaluate-metric-alarm.ts';
export { parseSchedule, type Schedule } from './core/schedule.ts';
export { loadProject } from './config/load-project.ts';
export { ConfigError, type Diagnostic } from './core/diagnostics.ts';
export type * from './core/types.ts';
export { parseAlarmRule, evaluateAlarmRule, explainAlarmRule, AlarmRuleSyntaxError } from './alarms/rule/index.ts';
export { decideLowSampleCountPercentile } from './alarms/evaluate/index.ts';
export {
  putMetricData,
  parsePutMetricData,
  MetricDataError,
  MetricStore,
  parseStatistic,
  StatisticSyntaxError,
  metricsRetentionSchema,
  startMetricsRollup,
} from './metrics/index.ts';
export type {
  MetricInput,
  StatisticSet,
  MetricDataIssue,
  ParsedStatistic,
  PutMetricDataResult,
  MetricsRetention,
  StatisticsDatapoint,
} from './metrics/index.ts';
export { trainBandModel, bandAt, bandSeries } from './alarms/anomaly/index.ts';
export { evaluateBandAlarm } from './alarms/evaluate/index.ts';
export type { ScriptContext } from './blueprints/script/index.ts';
