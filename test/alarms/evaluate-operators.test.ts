import { describe, expect, it } from 'vitest';
import type { ComparisonOperator } from '../../core/types.ts';
import {
  COMPARISON_OPERATORS,
  comparisonPhrase,
  evaluateMetricAlarm,
  isBreaching,
} from '../../alarms/evaluate/evaluate-metric-alarm.ts';

describe('comparison operators', () => {
  it('has a phrase for every operator', () => {
    expect(COMPARISON_OPERATORS.map((op) => comparisonPhrase(op))).toEqual([
      'greater than',
      'greater than or equal to',
      'less than',
      'less than or equal to',
    ]);
    const narrowed: 'less than' = comparisonPhrase('LessThanThreshold');
    expect(narrowed).toBe('less than');
  });

  it('rejects an unknown operator at run time', () => {
    expect(() => comparisonPhrase('EqualToThreshold' as ComparisonOperator)).toThrow(TypeError);
    expect(() => isBreaching('EqualToThreshold' as ComparisonOperator, 1, 1)).toThrow(TypeError);
  });

  it.each([
    ['GreaterThanThreshold', [false, false, true]],
    ['GreaterThanOrEqualToThreshold', [false, true, true]],
    ['LessThanThreshold', [true, false, false]],
    ['LessThanOrEqualToThreshold', [true, true, false]],
  ] as const)('%s at 9, 10 and 11 against threshold 10', (op, expected) => {
    expect([9, 10, 11].map((v) => isBreaching(op, v, 10))).toEqual(expected);
  });

  it.each(COMPARISON_OPERATORS)('%s drives the evaluation and the reason', (op) => {
    const alarm = {
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 10,
      comparisonOperator: op,
      treatMissingData: 'missing',
    } as const;
    const result = evaluateMetricAlarm(alarm, [10], 'OK');
    expect(result.state).toBe(isBreaching(op, 10, 10) ? 'ALARM' : 'OK');
    expect(result.reason).toContain(`${comparisonPhrase(op)} the threshold (10)`);
  });

  it('handles negative thresholds and infinities', () => {
    const alarm = {
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: -5,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'missing',
    } as const;
    expect(evaluateMetricAlarm(alarm, [-6, -Infinity], 'OK').state).toBe('ALARM');
    expect(evaluateMetricAlarm(alarm, [-6, -5], 'OK').state).toBe('OK');
  });
});
