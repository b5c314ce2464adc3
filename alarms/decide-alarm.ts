import type { AlarmState, MetricAlarmDefinition } from '../core/types.ts';
import { pickStatistic, type PeriodStats } from '../metrics/statistics.ts';
import { parseStatistic } from '../metrics/statistic-name.ts';
import type { BandModel } from './anomaly/band-model.ts';
import { bandPoints } from './anomaly/band-series.ts';
import { evaluateBandAlarm, isBandOperator } from './evaluate/index.ts';
import { evaluateMetricAlarm } from './evaluate/evaluate-metric-alarm.ts';
import { decideLowSampleCountPercentile } from './evaluate/low-sample-count-percentile.ts';

export interface AlarmDecision {
  state: AlarmState;
  reason: string;
  retained: boolean;
  rule: string;
  /** Everything the evaluation used, for the trace. */
  trace: Record<string, unknown>;
}

/**
 * Decides one metric alarm from the per-period statistics of its evaluation range (oldest first, aligned to
 * `start`). Static operators use the CloudWatch evaluator; band operators the anomaly band; percentiles on
 * periods with too few samples follow `evaluateLowSampleCountPercentile`.
 */
export function decideAlarm(
  alarm: MetricAlarmDefinition,
  stats: ReadonlyArray<PeriodStats | undefined>,
  start: number,
  current: AlarmState,
  model: BandModel | undefined,
): AlarmDecision {
  const periodMs = alarm.period * 1000;
  const values = stats.map((s) => (s ? pickStatistic(s, alarm.statistic) : null));
  const periods = values.map((v, j) => ({
    start: new Date(start + j * periodMs).toISOString(),
    value: v,
    samples: stats[j]?.SampleCount ?? 0,
  }));
  const parsed = parseStatistic(alarm.statistic);
  if (parsed.kind === 'percentile') {
    const latest = [...stats].reverse().find((s) => s !== undefined);
    if (latest) {
      const d = decideLowSampleCountPercentile(
        alarm.evaluateLowSampleCountPercentile,
        parsed.percentile,
        latest.SampleCount,
      );
      if (d.action === 'retain')
        return {
          state: current,
          reason: d.reason,
          retained: true,
          rule: 'low-sample-count-percentile',
          trace: { periods, lowSampleCount: d },
        };
    }
  }
  const op = alarm.comparisonOperator;
  if (isBandOperator(op)) {
    if (!model)
      return {
        state: current,
        reason: 'anomaly band not trained yet',
        retained: true,
        rule: 'band-not-ready',
        trace: { periods },
      };
    const points = bandPoints(model, start, periodMs, values);
    const r = evaluateBandAlarm({ ...alarm, comparisonOperator: op }, points, current);
    return {
      ...r,
      trace: {
        ...r,
        periods: periods.map((p, j) => ({ ...p, lower: points[j]?.lower ?? null, upper: points[j]?.upper ?? null })),
        model: model.explanation,
      },
    };
  }
  const r = evaluateMetricAlarm({ ...alarm, comparisonOperator: op, threshold: alarm.threshold ?? 0 }, values, current);
  return { ...r, trace: { ...r, periods } };
}
