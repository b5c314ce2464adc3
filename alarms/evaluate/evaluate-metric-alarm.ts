/**
 * CloudWatch metric alarm evaluation, pure: no clock, no storage, no I/O.
 *
 * Reproduces the CloudWatch user guide, "Configuring how CloudWatch alarms
 * treat missing data" → "How alarm state is evaluated when data is missing"
 * and "Avoiding premature transitions to alarm state", including every row of
 * both example tables (see test/alarms/fixtures/guide-tables.ts).
 *
 * The caller fetches the whole *evaluation range* — more periods than
 * EvaluationPeriods, e.g. 5 for N = 3 as in the guide — and passes one value
 * per period, oldest first, `null` where the period has no data.
 */
import type { AlarmState } from '../../core/types.ts';
import { comparisonPhrase, isBreaching } from './comparison.ts';
import type { ComparisonWording } from './evaluation-reason.ts';
import type { EvaluableAlarm, EvaluatedDatapoint, EvaluationResult } from './evaluation-types.ts';
import { formatDatapointValue } from './format-value.ts';
import { assertMOfN, evaluateMOfN, type Judge } from './m-of-n.ts';

export type { EvaluableAlarm, EvaluatedDatapoint, EvaluationResult, EvaluationRule } from './evaluation-types.ts';
export { EVALUATION_RULES } from './evaluation-types.ts';
export { COMPARISON_OPERATORS, comparisonPhrase, isBreaching } from './comparison.ts';
export type { ComparisonPhrase } from './comparison.ts';
export { decideLowSampleCountPercentile, minimumPercentileSampleCount } from './low-sample-count-percentile.ts';
export type { EvaluateLowSampleCountPercentile, LowSampleCountDecision } from './low-sample-count-percentile.ts';

/**
 * Evaluates a metric alarm over its evaluation range.
 *
 * With N = `evaluationPeriods`, M = `datapointsToAlarm` and R = the number of
 * real (non-null) datapoints in `values`:
 *
 * 1. Nothing missing: the most recent N datapoints decide; ALARM when at least
 *    M breach, otherwise OK (`no-missing-data`).
 * 2. Some missing but R ≥ N: the most recent N *real* datapoints decide, and
 *    `treatMissingData` is not used (`enough-real-datapoints`).
 * 3. R < N (missing datapoints must be filled):
 *    - `breaching` / `notBreaching`: every real datapoint plus the N − R most
 *      recent missing ones, filled as breaching / not breaching, decide
 *      (`filled-missing-data`). A range with nothing but missing data is ALARM
 *      / OK respectively.
 *    - `missing` / `ignore`, with the real datapoints only:
 *      - at least M breach → ALARM (`m-of-n-breaching`);
 *      - otherwise, if any does not breach → OK (`partial-data-not-breaching`,
 *        guide rows `0 - - - -`, `0 - X - -` and `- - - - 0`);
 *      - otherwise (all real datapoints breach, fewer than M): the premature
 *        ALARM rule — when the oldest of them is at least M periods old and
 *        every more recent datapoint is breaching or missing, `missing` goes
 *        to ALARM (`premature-alarm`, rows `- - X - -` and `- - - X -`);
 *        otherwise `missing` goes to INSUFFICIENT_DATA
 *        (`partial-data-insufficient`, row `- - - - X` of earlier editions);
 *      - no real datapoint at all → `missing` goes to INSUFFICIENT_DATA
 *        (`all-missing-insufficient`).
 *      `ignore` retains `currentState` wherever `missing` would give
 *      INSUFFICIENT_DATA or a premature ALARM (`ignore-retain`), which is what
 *      the guide's IGNORE column shows.
 *
 * If `values` holds fewer than N periods, the range is treated as if padded
 * with missing periods before the first value; padded periods that get filled
 * appear in `datapoints` with negative indices (-1 is just before `values[0]`).
 * NaN is treated as missing.
 *
 * @throws RangeError when N is not an integer ≥ 1, M is not an integer from 1
 *   to N, or the threshold is NaN.
 */
export function evaluateMetricAlarm(
  alarm: EvaluableAlarm,
  values: ReadonlyArray<number | null>,
  currentState: AlarmState,
): EvaluationResult {
  assertEvaluable(alarm);
  return evaluateMOfN(alarm, staticJudge(alarm), values, currentState);
}

function assertEvaluable(alarm: EvaluableAlarm): void {
  assertMOfN(alarm);
  if (typeof alarm.threshold !== 'number' || Number.isNaN(alarm.threshold)) {
    throw new RangeError(`threshold must be a number, got ${String(alarm.threshold)}`);
  }
}

/** One static threshold for every datapoint: `… were greater than the threshold (100)`. */
function staticJudge(alarm: EvaluableAlarm): Judge<EvaluatedDatapoint> {
  const describe = (): ComparisonWording => {
    const phrase = comparisonPhrase(alarm.comparisonOperator);
    const threshold = `the threshold (${formatDatapointValue(alarm.threshold)})`;
    return {
      subject: 'Threshold',
      breaching: `${phrase} ${threshold}`,
      notBreaching: `not ${phrase} ${threshold}`,
      breachingShort: `${phrase} it`,
    };
  };
  return {
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    describe,
    point: (index, value, filled) => ({
      index,
      value,
      filled,
      breaching:
        value === null ? filled === 'breaching' : isBreaching(alarm.comparisonOperator, value, alarm.threshold),
    }),
  };
}
