import { describe, expect, it } from 'vitest';
import { evaluateMetricAlarm, type EvaluableAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { seriesAlarm } from '../support/series-notation.ts';

describe('input validation and edge cases', () => {
  it.each([
    [{ evaluationPeriods: 0, datapointsToAlarm: 1 }],
    [{ evaluationPeriods: 1.5, datapointsToAlarm: 1 }],
    [{ evaluationPeriods: 3, datapointsToAlarm: 4 }],
    [{ evaluationPeriods: 3, datapointsToAlarm: 0 }],
    [{ threshold: Number.NaN }],
  ])('rejects %o', (override) => {
    const alarm: EvaluableAlarm = { ...seriesAlarm(1, 1, 'missing'), ...override };
    expect(() => evaluateMetricAlarm(alarm, [1], 'OK')).toThrow(RangeError);
  });

  it('treats NaN as missing', () => {
    const result = evaluateMetricAlarm(seriesAlarm(1, 1, 'missing'), [Number.NaN], 'OK');
    expect(result.state).toBe('INSUFFICIENT_DATA');
  });

  it('pads a range shorter than N with missing periods before it', () => {
    const result = evaluateMetricAlarm(seriesAlarm(2, 3, 'notBreaching'), [1, 1], 'OK');
    expect(result.state).toBe('ALARM');
    expect(result.datapoints.map((p) => [p.index, p.filled])).toEqual([
      [-1, 'notBreaching'],
      [0, null],
      [1, null],
    ]);
    // Padded periods are old: a single breaching point is too recent for the premature rule.
    expect(evaluateMetricAlarm(seriesAlarm(3, 3, 'missing'), [1], 'OK').state).toBe('INSUFFICIENT_DATA');
  });

  it('does not mutate its input', () => {
    const values = Object.freeze([null, 1, null, 0, 1]);
    expect(() => evaluateMetricAlarm(seriesAlarm(2, 3, 'breaching'), values, 'OK')).not.toThrow();
  });
});
