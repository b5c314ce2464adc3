import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../core/types.ts';
import { evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { parseSeries, seriesAlarm } from '../support/series-notation.ts';

const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

describe('evaluation range with every datapoint missing', () => {
  const allMissing = parseSeries('- - - - -');

  it('missing → INSUFFICIENT_DATA, from any state', () => {
    for (const current of STATES) {
      const result = evaluateMetricAlarm(seriesAlarm(2, 3, 'missing'), allMissing, current);
      expect(result).toMatchObject({
        state: 'INSUFFICIENT_DATA',
        rule: 'all-missing-insufficient',
        retained: false,
        breachingCount: 0,
      });
      expect(result.datapoints).toEqual([]);
      expect(result.reason).toBe('Insufficient Data: 5 datapoints were unknown.');
    }
  });

  it('ignore → retains the current state', () => {
    for (const current of STATES) {
      const result = evaluateMetricAlarm(seriesAlarm(2, 3, 'ignore'), allMissing, current);
      expect(result).toMatchObject({ state: current, rule: 'ignore-retain', retained: true });
    }
  });

  it('breaching → ALARM with N filled datapoints', () => {
    const result = evaluateMetricAlarm(seriesAlarm(3, 3, 'breaching'), allMissing, 'OK');
    expect(result.state).toBe('ALARM');
    expect(result.breachingCount).toBe(3);
    expect(result.datapoints.map((p) => [p.index, p.value, p.filled])).toEqual([
      [2, null, 'breaching'],
      [3, null, 'breaching'],
      [4, null, 'breaching'],
    ]);
  });

  it('notBreaching → OK', () => {
    const result = evaluateMetricAlarm(seriesAlarm(1, 3, 'notBreaching'), allMissing, 'ALARM');
    expect(result.state).toBe('OK');
    expect(result.breachingCount).toBe(0);
    expect(result.datapoints.every((p) => p.filled === 'notBreaching')).toBe(true);
  });

  it('an empty range counts as N missing periods', () => {
    expect(evaluateMetricAlarm(seriesAlarm(1, 2, 'missing'), [], 'OK').state).toBe('INSUFFICIENT_DATA');
    const filled = evaluateMetricAlarm(seriesAlarm(1, 2, 'breaching'), [], 'OK');
    expect(filled.state).toBe('ALARM');
    expect(filled.datapoints.map((p) => p.index)).toEqual([-2, -1]);
  });
});
