/**
 * Evaluation on arrival: a canary alarm's period is *complete* once every run the schedule places in it has
 * been recorded, and can then be evaluated at once instead of waiting for the period to close plus
 * `evaluationDelayMs`. Pure: which (alarm, period) a finished run may complete, and how many datapoints of the
 * alarm's series that period must hold.
 */
import type { CanaryDefinition } from '../core/canary.ts';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';

/** A period the engine may evaluate ahead of its tick, if its series holds `minSamples` datapoints by then. */
export interface CompletionRequest {
  alarm: string;
  /** End of the period (exclusive), epoch ms. */
  periodEnd: number;
  /** Runs the schedule places in the period: the datapoints (one per run) the period must hold. */
  minSamples: number;
}

/** The part of a finished run that decides what it completes. */
export interface FinishedRun {
  canary: string;
  startedAt: number;
  endedAt: number;
  /** False for ERROR runs: they publish no SuccessPercent, Duration or Failed datapoint. */
  published: boolean;
}

/**
 * The alarms of `run`'s canary whose current period the run may complete: a `rate(…)` canary whose rate
 * divides the alarm's period (one run per rate interval), and a run that started and ended inside that
 * period (its datapoints are timestamped at its end). Anything else waits for the tick, as before.
 */
export function completionRequests(
  run: FinishedRun,
  canaries: ReadonlyArray<Pick<CanaryDefinition, 'name' | 'schedule'>>,
  alarms: ReadonlyArray<Pick<MetricAlarmDefinition, 'name' | 'namespace' | 'dimensions' | 'period'>>,
): CompletionRequest[] {
  if (!run.published) return [];
  const canary = canaries.find((c) => c.name === run.canary);
  if (canary?.schedule.kind !== 'rate') return [];
  const everyMs = canary.schedule.everyMs;
  const out: CompletionRequest[] = [];
  for (const a of alarms) {
    if (a.namespace !== CANARY_NAMESPACE || a.dimensions.CanaryName !== run.canary) continue;
    const periodMs = a.period * 1000;
    if (periodMs % everyMs !== 0) continue;
    const start = Math.floor(run.startedAt / periodMs) * periodMs;
    if (run.endedAt < start || run.endedAt >= start + periodMs) continue;
    out.push({ alarm: a.name, periodEnd: start + periodMs, minSamples: periodMs / everyMs });
  }
  return out;
}
