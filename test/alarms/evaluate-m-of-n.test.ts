import { describe, expect, it } from 'vitest';
import type { TreatMissingData } from '../../core/types.ts';
import { evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { parseSeries, seriesAlarm } from '../support/series-notation.ts';

const run = (m: number, n: number, series: string, treat: TreatMissingData = 'missing') =>
  evaluateMetricAlarm(seriesAlarm(m, n, treat), parseSeries(series), 'OK');

describe('M out of N without missing data', () => {
  it.each([
    [1, 1, 'X', 'ALARM'],
    [1, 1, '0', 'OK'],
    [3, 3, 'X X X', 'ALARM'],
    [3, 3, 'X 0 X', 'OK'],
    [2, 3, 'X 0 X', 'ALARM'],
    [2, 3, '0 0 X', 'OK'],
    [4, 5, 'X X 0 X X', 'ALARM'],
    [4, 5, 'X 0 0 X X', 'OK'],
    [1, 5, '0 0 0 0 X', 'ALARM'],
  ] as const)('%i of %i over %s → %s', (m, n, series, state) => {
    const result = run(m, n, series);
    expect(result.state).toBe(state);
    expect(result.rule).toBe('no-missing-data');
    expect(result.retained).toBe(false);
  });

  it('evaluates only the most recent N of a longer range', () => {
    const result = run(3, 3, 'X X 0 0 0');
    expect(result.state).toBe('OK');
    expect(result.datapoints.map((p) => p.index)).toEqual([2, 3, 4]);
    expect(result.breachingCount).toBe(0);
    expect(run(2, 3, '0 0 X X 0').state).toBe('ALARM');
    expect(run(3, 3, 'X X X 0 0').state).toBe('OK');
  });

  it('breaching datapoints need not be consecutive', () => {
    expect(run(3, 5, 'X 0 X 0 X').state).toBe('ALARM');
  });
});

describe('M out of N with enough real datapoints', () => {
  it('skips missing periods and evaluates the most recent N real datapoints', () => {
    const result = run(3, 3, 'X X - X -');
    expect(result.state).toBe('ALARM');
    expect(result.rule).toBe('enough-real-datapoints');
    expect(result.datapoints.map((p) => p.index)).toEqual([0, 1, 3]);
    expect(result.datapoints.every((p) => p.filled === null)).toBe(true);
  });

  it('ignores treatMissingData', () => {
    for (const treat of ['missing', 'ignore', 'breaching', 'notBreaching'] as const) {
      const result = evaluateMetricAlarm(seriesAlarm(2, 3, treat), parseSeries('0 X - 0 -'), 'ALARM');
      expect(result.state).toBe('OK');
      expect(result.rule).toBe('enough-real-datapoints');
    }
  });
});

describe('M out of N with filled datapoints', () => {
  it('uses missing datapoints as few times as possible, the most recent ones', () => {
    const result = run(2, 3, '0 - X - -', 'breaching');
    expect(result.rule).toBe('filled-missing-data');
    expect(result.datapoints.map((p) => [p.index, p.filled])).toEqual([
      [0, null],
      [2, null],
      [4, 'breaching'],
    ]);
    expect(result.breachingCount).toBe(2);
    expect(result.state).toBe('ALARM');
  });

  it('includes every real datapoint, however old', () => {
    const result = run(3, 3, 'X - - - -', 'notBreaching');
    expect(result.datapoints.map((p) => p.index)).toEqual([0, 3, 4]);
    expect(result.state).toBe('OK');
  });
});
