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
import { isBreaching } from './comparison.ts';
import {
  allMissingInsufficientReason,
  ignoreRetainReason,
  partialBreachingReason,
  partialInsufficientReason,
  partialNotBreachingReason,
  prematureReason,
  thresholdReason,
} from './evaluation-reason.ts';
import type { EvaluableAlarm, EvaluatedDatapoint, EvaluationResult, EvaluationRule } from './evaluation-types.ts';

export type { EvaluableAlarm, EvaluatedDatapoint, EvaluationResult, EvaluationRule } from './evaluation-types.ts';
export { EVALUATION_RULES } from './evaluation-types.ts';
export { COMPARISON_OPERATORS, comparisonPhrase, isBreaching } from './comparison.ts';
export type { ComparisonPhrase } from './comparison.ts';
export {
  decideLowSampleCountPercentile,
  minimumPercentileSampleCount,
} from './low-sample-count-percentile.ts';
export type { EvaluateLowSampleCountPercentile, LowSampleCountDecision } from './low-sample-count-percentile.ts';

/** A period of the evaluation range. `age` is 1 for the most recent period, 2 for the one before, … */
interface Slot {
  index: number;
  value: number | null;
  age: number;
}

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
  const n = alarm.evaluationPeriods;
  const slots = toSlots(values, n);
  const real = slots.filter((s) => s.value !== null);

  if (real.length === slots.length) return decide(alarm, 'no-missing-data', real.slice(-n).map((s) => point(alarm, s, null)), slots.length);
  if (real.length >= n) return decide(alarm, 'enough-real-datapoints', real.slice(-n).map((s) => point(alarm, s, null)), slots.length);

  const treat = alarm.treatMissingData;
  switch (treat) {
    case 'breaching':
    case 'notBreaching':
      return decide(alarm, 'filled-missing-data', fill(alarm, slots, n - real.length, treat), slots.length);
    case 'missing':
    case 'ignore':
      return evaluatePartial(alarm, slots, real, treat, currentState);
    default: {
      const never: never = treat;
      throw new RangeError(`Unknown treatMissingData: ${String(never)}`);
    }
  }
}

function assertEvaluable(alarm: EvaluableAlarm): void {
  const { evaluationPeriods: n, datapointsToAlarm: m } = alarm;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`evaluationPeriods must be an integer ≥ 1, got ${String(n)}`);
  if (!Number.isInteger(m) || m < 1 || m > n) {
    throw new RangeError(`datapointsToAlarm must be an integer from 1 to evaluationPeriods (${n}), got ${String(m)}`);
  }
  if (typeof alarm.threshold !== 'number' || Number.isNaN(alarm.threshold)) {
    throw new RangeError(`threshold must be a number, got ${String(alarm.threshold)}`);
  }
}

function toSlots(values: ReadonlyArray<number | null>, n: number): Slot[] {
  const padding = Math.max(0, n - values.length);
  const length = padding + values.length;
  const slots: Slot[] = [];
  for (let position = 0; position < length; position++) {
    const index = position - padding;
    const raw = index < 0 ? null : (values[index] ?? null);
    const value = typeof raw === 'number' && !Number.isNaN(raw) ? raw : null;
    slots.push({ index, value, age: length - position });
  }
  return slots;
}

function point(alarm: EvaluableAlarm, slot: Slot, filled: 'breaching' | 'notBreaching' | null): EvaluatedDatapoint {
  const breaching = slot.value === null ? filled === 'breaching' : isBreaching(alarm.comparisonOperator, slot.value, alarm.threshold);
  return { index: slot.index, value: slot.value, filled, breaching };
}

/** All real datapoints plus the `count` most recent missing ones, filled, oldest first. */
function fill(alarm: EvaluableAlarm, slots: readonly Slot[], count: number, how: 'breaching' | 'notBreaching'): EvaluatedDatapoint[] {
  const chosen = new Set(slots.filter((s) => s.value === null).slice(-count));
  return slots
    .filter((s) => s.value !== null || chosen.has(s))
    .map((s) => point(alarm, s, s.value === null ? how : null));
}

function countBreaching(points: readonly EvaluatedDatapoint[]): number {
  return points.filter((p) => p.breaching).length;
}

/** Plain M-out-of-N decision over exactly N datapoints. */
function decide(alarm: EvaluableAlarm, rule: EvaluationRule, points: EvaluatedDatapoint[], rangeLength: number): EvaluationResult {
  const breachingCount = countBreaching(points);
  const state = breachingCount >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
  return {
    state,
    reason: thresholdReason(alarm, points, breachingCount, state, rangeLength),
    datapoints: points,
    breachingCount,
    rule,
    retained: false,
  };
}

/** Fewer than N real datapoints with `treatMissingData` `missing` or `ignore`. */
function evaluatePartial(
  alarm: EvaluableAlarm,
  slots: readonly Slot[],
  real: readonly Slot[],
  treat: 'missing' | 'ignore',
  currentState: AlarmState,
): EvaluationResult {
  const points = real.map((s) => point(alarm, s, null));
  const breachingCount = countBreaching(points);
  const result = (state: AlarmState, rule: EvaluationRule, reason: string): EvaluationResult => ({
    state,
    reason,
    datapoints: points,
    breachingCount,
    rule,
    retained: false,
  });
  const retain = (): EvaluationResult => ({
    ...result(currentState, 'ignore-retain', ignoreRetainReason(alarm, points, slots.length, currentState)),
    retained: true,
  });

  if (breachingCount >= alarm.datapointsToAlarm) {
    return result('ALARM', 'm-of-n-breaching', partialBreachingReason(alarm, points, breachingCount, treat));
  }
  if (breachingCount < points.length) {
    return result('OK', 'partial-data-not-breaching', partialNotBreachingReason(alarm, points, breachingCount, treat));
  }
  if (treat === 'ignore') return retain();
  const oldest = real[0];
  if (oldest === undefined) return result('INSUFFICIENT_DATA', 'all-missing-insufficient', allMissingInsufficientReason(slots.length));
  if (oldest.age >= alarm.datapointsToAlarm) {
    return result('ALARM', 'premature-alarm', prematureReason(alarm, points, oldest.age));
  }
  return result('INSUFFICIENT_DATA', 'partial-data-insufficient', partialInsufficientReason(alarm, points));
}
