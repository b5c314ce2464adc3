/**
 * Anomaly-detection (band) alarm evaluation, pure: the same M-of-N, missing-data
 * and premature-ALARM rules as `evaluateMetricAlarm`, but each datapoint is
 * compared with its own band (`lower`, `upper`) instead of one static threshold,
 * as CloudWatch does for alarms whose threshold is an ANOMALY_DETECTION_BAND.
 */
import type { AlarmState, TreatMissingData } from '../../core/types.ts';
import { formatBandThreshold, isBandBreaching, type BandComparisonOperator } from './band-comparison.ts';
import type { ComparisonWording } from './evaluation-reason.ts';
import type { EvaluatedDatapoint, EvaluationResult } from './evaluation-types.ts';
import { assertMOfN, evaluateMOfN, type Judge } from './m-of-n.ts';

export { BAND_COMPARISON_OPERATORS, formatBandThreshold, isBandBreaching, isBandOperator } from './band-comparison.ts';
export type { BandComparisonOperator } from './band-comparison.ts';

/** The part of a band alarm definition that the evaluator needs. */
export interface BandEvaluableAlarm {
  /** N: how many datapoints are evaluated. Integer ≥ 1. */
  evaluationPeriods: number;
  /** M: how many of the N must breach for ALARM. Integer, 1 ≤ M ≤ N. */
  datapointsToAlarm: number;
  comparisonOperator: BandComparisonOperator;
  treatMissingData: TreatMissingData;
}

/**
 * One period of the evaluation range: the statistic's value (`null` = no data) and the band at that
 * period. The whole point is `null` when the band is unknown (model not trained yet, too little history);
 * such a period counts as missing, whatever its value.
 */
export type BandPoint = { value: number | null; lower: number; upper: number } | null;

/** An evaluated datapoint with the band it was compared with (`null` when the band was unknown). */
export interface BandEvaluatedDatapoint extends EvaluatedDatapoint {
  lower: number | null;
  upper: number | null;
}

export type BandEvaluationResult = EvaluationResult<BandEvaluatedDatapoint>;

/**
 * Evaluates a band alarm over its evaluation range (`points`, oldest first, one per period).
 *
 * A period is *missing* when its point is `null`, its value is `null` or NaN, or its band is NaN.
 * Everything else — which datapoints are evaluated, how missing ones are filled, when the alarm goes
 * to INSUFFICIENT_DATA or keeps its state — is exactly `evaluateMetricAlarm`'s algorithm, with
 * "breaching" meaning below `lower` and/or above `upper` (by the operator; the edges do not breach).
 *
 * Reasons read like CloudWatch's: `Thresholds Crossed: 1 out of the last 1 datapoints [250] was
 * greater than the upper thresholds [180.3] (minimum 1 datapoint for OK -> ALARM transition).`,
 * listing the evaluated datapoints' thresholds in the same order (`-` for a filled datapoint
 * without a band).
 *
 * @throws RangeError when N or M are invalid (see `evaluateMetricAlarm`), or a point's `lower`
 *   is greater than its `upper`.
 */
export function evaluateBandAlarm(
  alarm: BandEvaluableAlarm,
  points: ReadonlyArray<BandPoint>,
  currentState: AlarmState,
): BandEvaluationResult {
  assertMOfN(alarm);
  const values = points.map((p, i) => {
    if (p === null || Number.isNaN(p.lower) || Number.isNaN(p.upper)) return null;
    if (p.lower > p.upper) throw new RangeError(`points[${i}]: lower (${p.lower}) is greater than upper (${p.upper})`);
    return p.value;
  });
  return evaluateMOfN(alarm, bandJudge(alarm, points), values, currentState);
}

function bandJudge(alarm: BandEvaluableAlarm, points: ReadonlyArray<BandPoint>): Judge<BandEvaluatedDatapoint> {
  const op = alarm.comparisonOperator;
  return {
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    describe: (evaluated) => bandWording(op, evaluated),
    point: (index, value, filled) => {
      const band = index >= 0 ? (points[index] ?? null) : null;
      const known = band !== null && !Number.isNaN(band.lower) && !Number.isNaN(band.upper);
      const lower = known ? band.lower : null;
      const upper = known ? band.upper : null;
      const breaching =
        value === null || lower === null || upper === null
          ? filled === 'breaching'
          : isBandBreaching(op, value, lower, upper);
      return { index, value, filled, breaching, lower, upper };
    },
  };
}

function thresholds(points: readonly BandEvaluatedDatapoint[], side: 'lower' | 'upper'): string {
  return `the ${side} thresholds [${points.map((p) => (p[side] === null ? '-' : formatBandThreshold(p[side]))).join(', ')}]`;
}

function bandWording(op: BandComparisonOperator, points: readonly BandEvaluatedDatapoint[]): ComparisonWording {
  const upper = thresholds(points, 'upper');
  const lower = thresholds(points, 'lower');
  switch (op) {
    case 'GreaterThanUpperThreshold':
      return {
        subject: 'Thresholds',
        breaching: `greater than ${upper}`,
        notBreaching: `not greater than ${upper}`,
        breachingShort: 'greater than their upper thresholds',
      };
    case 'LessThanLowerThreshold':
      return {
        subject: 'Thresholds',
        breaching: `less than ${lower}`,
        notBreaching: `not less than ${lower}`,
        breachingShort: 'less than their lower thresholds',
      };
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return {
        subject: 'Thresholds',
        breaching: `less than ${lower} or greater than ${upper}`,
        notBreaching: `neither less than ${lower} nor greater than ${upper}`,
        breachingShort: 'outside their thresholds',
      };
    default: {
      const never: never = op;
      throw new TypeError(`Unknown band comparison operator: ${String(never)}`);
    }
  }
}
