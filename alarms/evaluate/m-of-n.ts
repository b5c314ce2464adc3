/**
 * The M-out-of-N algorithm shared by static-threshold and band alarms, pure.
 *
 * Everything about missing data, filling and the premature-ALARM rule lives
 * here; what "breaching" means and how it is worded is a {@link Judge}, so
 * `evaluateMetricAlarm` (one threshold) and `evaluateBandAlarm` (a lower and an
 * upper threshold per datapoint) run exactly the same decision procedure.
 * See `evaluateMetricAlarm` for the rules.
 */
import type { AlarmState, TreatMissingData } from '../../core/types.ts';
import {
  allMissingInsufficientReason,
  ignoreRetainReason,
  partialBreachingReason,
  partialInsufficientReason,
  partialNotBreachingReason,
  prematureReason,
  thresholdReason,
  type ReasonContext,
} from './evaluation-reason.ts';
import type { EvaluatedDatapoint, EvaluationResult, EvaluationRule } from './evaluation-types.ts';

/** The alarm settings the algorithm itself uses. */
export interface MOfNSettings {
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
}

/** How a family of comparison operators judges and words datapoints. */
export interface Judge<P extends EvaluatedDatapoint> extends ReasonContext<P> {
  /**
   * The evaluated datapoint at `index` of the values (negative for padding before them):
   * a real `value`, or `null` with `filled` saying how the missing datapoint was filled.
   */
  point(index: number, value: number | null, filled: 'breaching' | 'notBreaching' | null): P;
}

/** A period of the evaluation range. `age` is 1 for the most recent period, 2 for the one before, … */
interface Slot {
  index: number;
  value: number | null;
  age: number;
}

/** Throws RangeError unless N is an integer ≥ 1 and M an integer from 1 to N. */
export function assertMOfN(alarm: Pick<MOfNSettings, 'evaluationPeriods' | 'datapointsToAlarm'>): void {
  const { evaluationPeriods: n, datapointsToAlarm: m } = alarm;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`evaluationPeriods must be an integer ≥ 1, got ${String(n)}`);
  if (!Number.isInteger(m) || m < 1 || m > n) {
    throw new RangeError(`datapointsToAlarm must be an integer from 1 to evaluationPeriods (${n}), got ${String(m)}`);
  }
}

/**
 * Runs the M-of-N decision over one value per period (oldest first, `null` or NaN = missing).
 * The caller validates the settings first ({@link assertMOfN}).
 */
export function evaluateMOfN<P extends EvaluatedDatapoint>(
  alarm: MOfNSettings,
  judge: Judge<P>,
  values: ReadonlyArray<number | null>,
  currentState: AlarmState,
): EvaluationResult<P> {
  const n = alarm.evaluationPeriods;
  const slots = toSlots(values, n);
  const real = slots.filter((s) => s.value !== null);
  const realPoints = (from: readonly Slot[]) => from.map((s) => judge.point(s.index, s.value, null));

  if (real.length === slots.length)
    return decide(alarm, judge, 'no-missing-data', realPoints(real.slice(-n)), slots.length);
  if (real.length >= n) return decide(alarm, judge, 'enough-real-datapoints', realPoints(real.slice(-n)), slots.length);

  const treat = alarm.treatMissingData;
  switch (treat) {
    case 'breaching':
    case 'notBreaching':
      return decide(alarm, judge, 'filled-missing-data', fill(judge, slots, n - real.length, treat), slots.length);
    case 'missing':
    case 'ignore':
      return evaluatePartial(alarm, judge, slots, real, treat, currentState);
    default: {
      const never: never = treat;
      throw new RangeError(`Unknown treatMissingData: ${String(never)}`);
    }
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

/** All real datapoints plus the `count` most recent missing ones, filled, oldest first. */
function fill<P extends EvaluatedDatapoint>(
  judge: Judge<P>,
  slots: readonly Slot[],
  count: number,
  how: 'breaching' | 'notBreaching',
): P[] {
  const chosen = new Set(slots.filter((s) => s.value === null).slice(-count));
  return slots
    .filter((s) => s.value !== null || chosen.has(s))
    .map((s) => judge.point(s.index, s.value, s.value === null ? how : null));
}

function countBreaching(points: readonly EvaluatedDatapoint[]): number {
  return points.filter((p) => p.breaching).length;
}

/** Plain M-out-of-N decision over exactly N datapoints. */
function decide<P extends EvaluatedDatapoint>(
  alarm: MOfNSettings,
  judge: Judge<P>,
  rule: EvaluationRule,
  points: P[],
  rangeLength: number,
): EvaluationResult<P> {
  const breachingCount = countBreaching(points);
  const state = breachingCount >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
  return {
    state,
    reason: thresholdReason(judge, points, breachingCount, state, rangeLength),
    datapoints: points,
    breachingCount,
    rule,
    retained: false,
  };
}

/** Fewer than N real datapoints with `treatMissingData` `missing` or `ignore`. */
function evaluatePartial<P extends EvaluatedDatapoint>(
  alarm: MOfNSettings,
  judge: Judge<P>,
  slots: readonly Slot[],
  real: readonly Slot[],
  treat: 'missing' | 'ignore',
  currentState: AlarmState,
): EvaluationResult<P> {
  const points = real.map((s) => judge.point(s.index, s.value, null));
  const breachingCount = countBreaching(points);
  const result = (state: AlarmState, rule: EvaluationRule, reason: string): EvaluationResult<P> => ({
    state,
    reason,
    datapoints: points,
    breachingCount,
    rule,
    retained: false,
  });
  const retain = (): EvaluationResult<P> => ({
    ...result(currentState, 'ignore-retain', ignoreRetainReason(judge, points, slots.length, currentState)),
    retained: true,
  });

  if (breachingCount >= alarm.datapointsToAlarm) {
    return result('ALARM', 'm-of-n-breaching', partialBreachingReason(judge, points, breachingCount, treat));
  }
  if (breachingCount < points.length) {
    return result('OK', 'partial-data-not-breaching', partialNotBreachingReason(judge, points, breachingCount, treat));
  }
  if (treat === 'ignore') return retain();
  const oldest = real[0];
  if (oldest === undefined)
    return result('INSUFFICIENT_DATA', 'all-missing-insufficient', allMissingInsufficientReason(slots.length));
  if (oldest.age >= alarm.datapointsToAlarm) {
    return result('ALARM', 'premature-alarm', prematureReason(judge, points, oldest.age));
  }
  return result('INSUFFICIENT_DATA', 'partial-data-insufficient', partialInsufficientReason(judge, points));
}
