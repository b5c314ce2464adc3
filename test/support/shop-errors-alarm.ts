import type { MetricAlarmDefinition } from '../../core/types.ts';

/**
 * A resolved 1-of-1 metric alarm on `Shop/Errors` (Sum > 5 over 1 s, missing data not breaching), one series per
 * alarm (`Service: <name>`), with actions `<name>-page` and `<name>-ok` unless `extra` says otherwise.
 */
export function shopErrorsAlarm(name: string, extra: Partial<MetricAlarmDefinition> = {}): MetricAlarmDefinition {
  return {
    name,
    namespace: 'Shop',
    metricName: 'Errors',
    dimensions: { Service: name },
    statistic: 'Sum',
    evaluateLowSampleCountPercentile: 'evaluate',
    period: 1,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 5,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [`${name}-page`],
    okActions: [`${name}-ok`],
    insufficientDataActions: [],
    source: 'test',
    sourcePath: 'alarms[0]',
    ...extra,
  };
}
