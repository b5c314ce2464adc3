import type { AlarmState } from '../../core/types.ts';
import type { EvaluatedDatapoint } from './evaluation-types.ts';
import { formatDatapointValue } from './format-value.ts';

/*
 * State reasons in the style of CloudWatch's StateReason, without timestamps
 * (the evaluator is pure and has no clock), e.g.
 *   Threshold Crossed: 2 out of the last 2 datapoints [0, 0] were less than the
 *   threshold (100) (minimum 2 datapoints for OK -> ALARM transition).
 * Filled (missing) datapoints are listed as `-`, as in the guide's tables.
 * What a datapoint was compared with comes from a {@link ReasonContext}, so
 * static thresholds and anomaly-detection bands share these sentences.
 */

/** How the comparison of one evaluation is worded, for the datapoints it evaluated. */
export interface ComparisonWording {
  /** First word of a crossed reason: `Threshold` (one static threshold) or `Thresholds` (per-datapoint band). */
  subject: 'Threshold' | 'Thresholds';
  /** What a breaching datapoint was, e.g. `greater than the threshold (100)`. */
  breaching: string;
  /** What a non-breaching datapoint was, e.g. `not greater than the threshold (100)`. */
  notBreaching: string;
  /** Short form after "and 2 were …", e.g. `greater than it`. */
  breachingShort: string;
}

/** What the reasons need to know about an alarm. */
export interface ReasonContext<P extends EvaluatedDatapoint = EvaluatedDatapoint> {
  evaluationPeriods: number;
  datapointsToAlarm: number;
  /** The wording for exactly these datapoints (a band lists each datapoint's thresholds). */
  describe(points: readonly P[]): ComparisonWording;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function wasWere(n: number): string {
  return n === 1 ? 'was' : 'were';
}

function list(points: readonly EvaluatedDatapoint[]): string {
  return `[${points.map((p) => (p.value === null ? '-' : formatDatapointValue(p.value))).join(', ')}]`;
}

function toAlarmMinimum(alarm: Pick<ReasonContext, 'datapointsToAlarm'>): string {
  return `minimum ${count(alarm.datapointsToAlarm, 'datapoint')} for OK -> ALARM transition`;
}

function toOkMinimum(alarm: Pick<ReasonContext, 'evaluationPeriods' | 'datapointsToAlarm'>): string {
  return `minimum ${count(alarm.evaluationPeriods - alarm.datapointsToAlarm + 1, 'datapoint')} for ALARM -> OK transition`;
}

function treatedAs(filled: number, how: 'breaching' | 'notBreaching'): string {
  return `${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${how === 'breaching' ? 'Breaching' : 'NonBreaching'}]`;
}

function notFilled(missing: number, treat: 'missing' | 'ignore'): string {
  return `${count(missing, 'missing datapoint')} ${wasWere(missing)} not filled (treatMissingData: ${treat})`;
}

function breachSentence<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  breaching: number,
): string {
  return `${breaching} out of the last ${points.length} datapoints ${list(points)} ${wasWere(breaching)} ${alarm.describe(points).breaching}`;
}

function okSentence<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  breaching: number,
): string {
  const notBreaching = points.length - breaching;
  return `${notBreaching} out of the last ${points.length} datapoints ${list(points)} ${wasWere(notBreaching)} ${alarm.describe(points).notBreaching}`;
}

function crossed<P extends EvaluatedDatapoint>(alarm: ReasonContext<P>, points: readonly P[]): string {
  return `${alarm.describe(points).subject} Crossed`;
}

/** Reason for an M-out-of-N decision over exactly N datapoints (real, or real plus filled). */
export function thresholdReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  breaching: number,
  state: 'OK' | 'ALARM',
  rangeLength: number,
): string {
  const filled = points.filter((p) => p.filled !== null);
  const fill = filled[0]?.filled ?? null;
  if (fill !== null && filled.length === points.length) {
    return `${crossed(alarm, points)}: no datapoints were received for ${count(rangeLength, 'period')} and ${treatedAs(filled.length, fill)}.`;
  }
  const main =
    state === 'ALARM'
      ? `${crossed(alarm, points)}: ${breachSentence(alarm, points, breaching)} (${toAlarmMinimum(alarm)}).`
      : `${crossed(alarm, points)}: ${okSentence(alarm, points, breaching)} (${toOkMinimum(alarm)}).`;
  return fill === null ? main : `${main} ${treatedAs(filled.length, fill)}.`;
}

/** Reason when fewer than N real datapoints exist but M of them already breach. */
export function partialBreachingReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  breaching: number,
  treat: 'missing' | 'ignore',
): string {
  const missing = alarm.evaluationPeriods - points.length;
  return `${crossed(alarm, points)}: ${breachSentence(alarm, points, breaching)} (${toAlarmMinimum(alarm)}); ${notFilled(missing, treat)}.`;
}

/** Reason when fewer than N real datapoints exist, fewer than M breach and at least one does not. */
export function partialNotBreachingReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  breaching: number,
  treat: 'missing' | 'ignore',
): string {
  const missing = alarm.evaluationPeriods - points.length;
  return (
    `${crossed(alarm, points)}: ${okSentence(alarm, points, breaching)}, and ${breaching} ${wasWere(breaching)} ` +
    `${alarm.describe(points).breachingShort}, fewer than the ${toAlarmMinimum(alarm)}; ${notFilled(missing, treat)}.`
  );
}

/** Reason for the premature-alarm rule. */
export function prematureReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  oldestAge: number,
): string {
  return (
    `${crossed(alarm, points)}: ${breachSentence(alarm, points, points.length)}; the oldest of them is ${count(oldestAge, 'period')} old, ` +
    `at least DatapointsToAlarm (${alarm.datapointsToAlarm}), and every more recent datapoint is breaching or missing ` +
    `(premature ALARM rule).`
  );
}

/** Reason for INSUFFICIENT_DATA when the real datapoints are all breaching but too few and too recent. */
export function partialInsufficientReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
): string {
  const missing = alarm.evaluationPeriods - points.length;
  return (
    `Insufficient Data: ${breachSentence(alarm, points, points.length)}, but ${missing} of the ${alarm.evaluationPeriods} datapoints needed ${wasWere(missing)} missing ` +
    `(${toAlarmMinimum(alarm)}).`
  );
}

/** Reason for INSUFFICIENT_DATA when the whole range is missing. */
export function allMissingInsufficientReason(rangeLength: number): string {
  return `Insufficient Data: ${count(rangeLength, 'datapoint')} ${wasWere(rangeLength)} unknown.`;
}

/** Reason for retaining the current state with `treatMissingData: ignore`. */
export function ignoreRetainReason<P extends EvaluatedDatapoint>(
  alarm: ReasonContext<P>,
  points: readonly P[],
  rangeLength: number,
  currentState: AlarmState,
): string {
  const what =
    points.length === 0
      ? `no datapoints were received for ${count(rangeLength, 'period')}`
      : `only ${points.length} of the ${alarm.evaluationPeriods} datapoints needed ${wasWere(points.length)} received ${list(points)}`;
  return `Retaining current state ${currentState}: ${what} and missing data is ignored (treatMissingData: ignore).`;
}

/**
 * Why a sub-minute period sees missing datapoints when the series arrives at a coarser resolution (as in
 * CloudWatch, an alarm with a 1 s period on standard-resolution data sees one datapoint a minute).
 */
export function arrivalResolutionHint(
  series: { namespace: string; metricName: string },
  arrivalSeconds: number,
  periodSeconds: number,
): string {
  return (
    `Datapoints for ${series.namespace}/${series.metricName} arrive at ${arrivalSeconds} s resolution; ` +
    `publish with storageResolution 1 for a ${periodSeconds} s period.`
  );
}
