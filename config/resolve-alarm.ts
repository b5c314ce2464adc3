import type { z } from 'zod';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import type { metricAlarmSchema } from './alarm-schema.ts';

/** Applies CloudWatch-style defaults; a canary's alarms imply namespace CanaryKit and dimension CanaryName. */
export function resolveAlarm(
  a: z.output<typeof metricAlarmSchema>,
  source: string,
  index: number,
  canaryName?: string,
): MetricAlarmDefinition {
  return {
    name: a.name,
    ...(a.description === undefined ? {} : { description: a.description }),
    namespace: a.namespace ?? CANARY_NAMESPACE,
    metricName: a.metricName,
    dimensions: a.dimensions ?? (canaryName === undefined ? {} : { CanaryName: canaryName }),
    statistic: a.statistic,
    evaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
    period: a.period,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
    ...(a.threshold === undefined ? {} : { threshold: a.threshold }),
    ...(a.anomalyDetection === undefined ? {} : { anomalyDetection: a.anomalyDetection }),
    comparisonOperator: a.comparisonOperator,
    treatMissingData: a.treatMissingData,
    actionsEnabled: a.actionsEnabled,
    alarmActions: a.alarmActions,
    okActions: a.okActions,
    insufficientDataActions: a.insufficientDataActions,
    ...(a.reminderInterval === undefined ? {} : { reminderInterval: a.reminderInterval }),
    source,
    sourcePath: `alarms[${index}]`,
  };
}
