import type { AlarmState, MetricAlarmDefinition } from '../core/types.ts';
import { pickStatistic, type PeriodStats } from '../metrics/statistics.ts';
import { parseStatistic } from '../metrics/statistic-name.ts';
import type { BandModel } from './anomaly/band-model.ts';
import { bandPoints } from './anomaly/band-series.ts';
import { evaluateBandAlarm, isBandOperator } from './evaluate/index.ts';
import { evaluateMetricAlarm } from './evaluate/evaluate-metric-alarm.ts';
import { arrivalResolutionHint } from './evaluate/evaluation-reason.ts';
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
 *
 * `arrivalSeconds` (optional) is the resolution at which the alarm's series arrives (`MetricStore.arrivalResolutions`).
 * It never changes the decision; when it is coarser than the period and a period of the range has no datapoint,
 * the reason says why (e.g. a 1 s period over standard-resolution data sees one datapoint a minute).
 */
export function decideAlarm(
  alarm: MetricAlarmDefinition,
  stats: ReadonlyArray<PeriodStats | undefined>,
  start: number,
  current: AlarmState,
  model: BandModel | undefined,
  arrivalSeconds?: number,
): AlarmDecision {
  const decision = decide(alarm, stats, start, current, model);
  if (arrivalSeconds === undefined || arrivalSeconds <= alarm.period || stats.every((s) => s !== undefined))
    return decision;
  return {
    ...decision,
    reason: `${decision.reason} ${arrivalResolutionHint(alarm, arrivalSeconds, alarm.period)}`,
    trace: { ...decision.trace, arrivalResolution: arrivalSeconds },
  };
}

function decide(
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
