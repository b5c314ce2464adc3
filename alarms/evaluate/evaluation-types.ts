import type { AlarmState, ComparisonOperator, TreatMissingData } from '../../core/types.ts';

/** The part of a metric alarm definition that the evaluator needs. */
export interface EvaluableAlarm {
  /** N: how many datapoints are evaluated. Integer ≥ 1. */
  evaluationPeriods: number;
  /** M: how many of the N must breach for ALARM. Integer, 1 ≤ M ≤ N. */
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData: TreatMissingData;
}

/** One datapoint that took part in an evaluation. */
export interface EvaluatedDatapoint {
  /** Position in the `values` array given to the evaluator (negative for implicit padding, see `evaluateMetricAlarm`). */
  index: number;
  /** The real value, or `null` for a missing datapoint that was filled. */
  value: number | null;
  /** How a missing datapoint was filled (`treatMissingData`), or `null` for a real datapoint. */
  filled: 'breaching' | 'notBreaching' | null;
  breaching: boolean;
}

/**
 * Short machine-readable id of the rule that decided an evaluation.
 *
 * - `no-missing-data`: nothing missing in the range; the most recent N datapoints were evaluated.
 * - `enough-real-datapoints`: some missing, but at least N real ones; the most recent N real datapoints were evaluated and `treatMissingData` was not needed.
 * - `filled-missing-data`: fewer than N real datapoints and `treatMissingData` is `breaching` / `notBreaching`; all real datapoints plus as few filled ones as needed to reach N were evaluated.
 * - `m-of-n-breaching`: fewer than N real datapoints (`missing` / `ignore`), but the real ones already contain M breaching datapoints → ALARM.
 * - `partial-data-not-breaching`: fewer than N real datapoints (`missing` / `ignore`), fewer than M of them breaching and at least one not breaching → OK.
 * - `premature-alarm`: `missing`, every real datapoint breaching, fewer than M of them, but the oldest is at least M periods old → ALARM ("Avoiding premature transitions to alarm state").
 * - `partial-data-insufficient`: `missing`, every real datapoint breaching, fewer than M of them, too recent for the premature-alarm rule → INSUFFICIENT_DATA.
 * - `all-missing-insufficient`: `missing` and every datapoint in the range missing → INSUFFICIENT_DATA.
 * - `ignore-retain`: `ignore` and the state cannot be decided from the real datapoints (all missing, or the cases above that give ALARM by the premature rule or INSUFFICIENT_DATA) → current state retained.
 */
export type EvaluationRule =
  | 'no-missing-data'
  | 'enough-real-datapoints'
  | 'filled-missing-data'
  | 'm-of-n-breaching'
  | 'partial-data-not-breaching'
  | 'premature-alarm'
  | 'partial-data-insufficient'
  | 'all-missing-insufficient'
  | 'ignore-retain';

export const EVALUATION_RULES = [
  'no-missing-data',
  'enough-real-datapoints',
  'filled-missing-data',
  'm-of-n-breaching',
  'partial-data-not-breaching',
  'premature-alarm',
  'partial-data-insufficient',
  'all-missing-insufficient',
  'ignore-retain',
] as const satisfies readonly EvaluationRule[];

/** The result of an evaluation; `P` is the datapoint type (band alarms add each datapoint's thresholds). */
export interface EvaluationResult<P extends EvaluatedDatapoint = EvaluatedDatapoint> {
  state: AlarmState;
  /** CloudWatch-style state reason, e.g. `Threshold Crossed: 2 out of the last 3 datapoints [1, 0, 1] were …`. */
  reason: string;
  /** The datapoints actually evaluated, oldest first, with filled ones marked. */
  datapoints: P[];
  /** How many of `datapoints` are breaching (filled ones included). */
  breachingCount: number;
  rule: EvaluationRule;
  /** True when the result is "retain current state" (`state` is then the `currentState` passed in). */
  retained: boolean;
}
