import type { MetricAlarmDefinition } from '../core/types.ts';

/**
 * How many periods back an evaluation looks. CloudWatch retrieves more datapoints than evaluationPeriods
 * (its documented examples use 5 for 3 evaluation periods) so that missing recent data can be bridged
 * by older real datapoints.
 */
export function evaluationRangeLength(alarm: Pick<MetricAlarmDefinition, 'evaluationPeriods'>): number {
  return alarm.evaluationPeriods + 2;
}
