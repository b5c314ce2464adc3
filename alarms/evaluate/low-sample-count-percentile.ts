import { formatDatapointValue } from './format-value.ts';

/**
 * The alarm setting CloudWatch calls `EvaluateLowSampleCountPercentile`:
 * what a percentile-based alarm does when a period has too few samples for the
 * percentile to be statistically meaningful.
 */
export type EvaluateLowSampleCountPercentile = 'evaluate' | 'ignore';

/** What the engine should do with a percentile datapoint, see {@link decideLowSampleCountPercentile}. */
export interface LowSampleCountDecision {
  /** `'evaluate'`: evaluate the alarm normally. `'retain'`: skip this evaluation and keep the current state. */
  action: 'evaluate' | 'retain';
  /** Whether `sampleCount` is below {@link LowSampleCountDecision.minimumSampleCount}. */
  lowSampleCount: boolean;
  /** Samples needed for the percentile to count as significant (0 when the rule does not apply). */
  minimumSampleCount: number;
  /** Human-readable explanation, suitable for a state reason when `action` is `'retain'`. */
  reason: string;
}

/**
 * Number of samples below which a percentile counts as "low sample count", per
 * the CloudWatch user guide ("Percentile-based alarms and low data samples"):
 * for percentiles from 0.5 (inclusive) to 1.00 (exclusive) it is
 * `10 / (1 - percentile)`, for percentiles above 0 and below 0.5 it is
 * `10 / percentile` (percentile as a fraction). p99 needs 1000 samples, p50
 * needs 20, p10 needs 100.
 *
 * @param percentile the number of a `pNN` statistic, from 0 to 100
 *   (`p99` → `99`, `p99.9` → `99.9`, `p0.5` → `0.5`). `p0` and `p100` (the
 *   minimum and maximum) are outside both ranges of the rule, so they return 0.
 * @throws RangeError when `percentile` is not a number from 0 to 100.
 */
export function minimumPercentileSampleCount(percentile: number): number {
  if (typeof percentile !== 'number' || !Number.isFinite(percentile) || percentile < 0 || percentile > 100) {
    throw new RangeError(`percentile must be a number from 0 to 100 (p99 is 99), got ${String(percentile)}`);
  }
  if (percentile === 0 || percentile === 100) return 0;
  // Computed in percent units (1000 / (100 - p) rather than 10 / (1 - p/100)) so
  // that p99 gives exactly 1000; rounding removes the remaining binary noise
  // (p99.9 would otherwise need 10000.0000000006 samples).
  const exact = percentile >= 50 ? 1000 / (100 - percentile) : 1000 / percentile;
  return Number(exact.toPrecision(10));
}

/**
 * Decides whether a percentile-based alarm evaluates a period, implementing
 * `EvaluateLowSampleCountPercentile`.
 *
 * The engine calls this once per evaluation, before
 * `evaluateMetricAlarm`, with the alarm's setting, the percentile of its
 * statistic and the number of samples (the `SampleCount` statistic) behind
 * the percentile value. Then:
 *
 * - sample count high enough: `action: 'evaluate'`, whatever the mode;
 * - too few samples and mode `'evaluate'`: `action: 'evaluate'` (CloudWatch
 *   "evaluates the statistic anyway and possibly changes the alarm state");
 * - too few samples and mode `'ignore'`: `action: 'retain'`; the engine keeps
 *   the alarm's current state and does not call `evaluateMetricAlarm` ("the
 *   alarm ignores the metric while the sample size is low").
 *
 * ```ts
 * const d = decideLowSampleCountPercentile('ignore', 99, 420);
 * // { action: 'retain', lowSampleCount: true, minimumSampleCount: 1000, reason: '…' }
 * ```
 *
 * @param mode the alarm's `EvaluateLowSampleCountPercentile` setting.
 * @param percentile the number of the `pNN` statistic, 0–100 (see {@link minimumPercentileSampleCount}).
 * @param sampleCount samples behind the percentile in the period (a non-negative number).
 * @throws RangeError for an unknown mode, a percentile outside 0–100 or a negative / NaN sample count.
 */
export function decideLowSampleCountPercentile(
  mode: EvaluateLowSampleCountPercentile,
  percentile: number,
  sampleCount: number,
): LowSampleCountDecision {
  if (mode !== 'evaluate' && mode !== 'ignore') {
    throw new RangeError(`EvaluateLowSampleCountPercentile must be 'evaluate' or 'ignore', got ${String(mode)}`);
  }
  if (typeof sampleCount !== 'number' || Number.isNaN(sampleCount) || sampleCount < 0) {
    throw new RangeError(`sampleCount must be a non-negative number, got ${String(sampleCount)}`);
  }
  const minimumSampleCount = minimumPercentileSampleCount(percentile);
  const lowSampleCount = sampleCount < minimumSampleCount;
  const stat = `p${formatDatapointValue(percentile)}`;
  if (!lowSampleCount) {
    return {
      action: 'evaluate',
      lowSampleCount,
      minimumSampleCount,
      reason: `${formatDatapointValue(sampleCount)} samples are enough for ${stat} (minimum ${formatDatapointValue(minimumSampleCount)}).`,
    };
  }
  const shortfall = `${formatDatapointValue(sampleCount)} samples are fewer than the ${formatDatapointValue(minimumSampleCount)} needed for ${stat}`;
  return mode === 'evaluate'
    ? {
        action: 'evaluate',
        lowSampleCount,
        minimumSampleCount,
        reason: `${shortfall}; evaluating anyway (EvaluateLowSampleCountPercentile: evaluate).`,
      }
    : {
        action: 'retain',
        lowSampleCount,
        minimumSampleCount,
        reason: `${shortfall}; retaining the current state (EvaluateLowSampleCountPercentile: ignore).`,
      };
}
