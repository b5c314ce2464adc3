import { describe, expect, it } from 'vitest';
import { evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { parseSeries, seriesAlarm } from '../support/series-notation.ts';

/** Fewer real datapoints than EvaluationPeriods, treatMissingData missing / ignore. */
const run = (m: number, n: number, series: string, treat: 'missing' | 'ignore' = 'missing') =>
  evaluateMetricAlarm(seriesAlarm(m, n, treat), parseSeries(series), 'OK');

describe('partial data with missing / ignore', () => {
  it('real datapoints that already reach M breaching → ALARM', () => {
    for (const treat of ['missing', 'ignore'] as const) {
      const result = run(2, 3, '- - - X X', treat);
      expect(result).toMatchObject({ state: 'ALARM', rule: 'm-of-n-breaching', breachingCount: 2, retained: false });
      expect(result.datapoints.map((p) => p.index)).toEqual([3, 4]);
    }
    expect(run(1, 3, '- - - - X').state).toBe('ALARM');
  });

  it('a non-breaching real datapoint and fewer than M breaching → OK', () => {
    for (const treat of ['missing', 'ignore'] as const) {
      expect(run(2, 3, '- - - - 0', treat)).toMatchObject({ state: 'OK', rule: 'partial-data-not-breaching' });
      expect(run(3, 3, 'X - - - 0', treat)).toMatchObject({ state: 'OK', rule: 'partial-data-not-breaching' });
      expect(run(2, 3, 'X - 0 - -', treat)).toMatchObject({ state: 'OK', rule: 'partial-data-not-breaching' });
    }
  });
});

describe('avoiding premature transitions to alarm state', () => {
  it.each([
    // N = 3, M = 3: the oldest breaching datapoint must be at least 3 periods old.
    [3, '- - - - X', 'INSUFFICIENT_DATA', 'partial-data-insufficient'],
    [3, '- - - X -', 'INSUFFICIENT_DATA', 'partial-data-insufficient'],
    [3, '- - X - -', 'ALARM', 'premature-alarm'],
    [3, '- X - - -', 'ALARM', 'premature-alarm'],
    [3, 'X - - - -', 'ALARM', 'premature-alarm'],
    [3, '- - X - X', 'ALARM', 'premature-alarm'],
    [3, '- - - X X', 'INSUFFICIENT_DATA', 'partial-data-insufficient'],
    // N = 3, M = 2 ("this alarm logic applies to M out of N alarms as well").
    [2, '- - - - X', 'INSUFFICIENT_DATA', 'partial-data-insufficient'],
    [2, '- - - X -', 'ALARM', 'premature-alarm'],
    [2, '- - X - -', 'ALARM', 'premature-alarm'],
  ] as const)('M=%i %s → %s', (m, series, state, rule) => {
    expect(run(m, 3, series)).toMatchObject({ state, rule, retained: false });
  });

  it('does not apply once a non-breaching datapoint is in the range (guide row 0 - X - -)', () => {
    expect(run(2, 3, '0 - X - -').state).toBe('OK');
    expect(run(3, 3, '0 - X - -').state).toBe('OK');
  });

  it('the next non-breaching datapoint turns - - - - X into OK, as the guide explains', () => {
    expect(run(3, 3, '- - - - X').state).toBe('INSUFFICIENT_DATA');
    expect(run(3, 3, '- - - X 0').state).toBe('OK');
    expect(run(3, 3, '- - X - 0').state).toBe('OK');
  });

  it('ignore retains the current state instead', () => {
    for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
      for (const series of ['- - X - -', '- - - - X']) {
        const result = evaluateMetricAlarm(seriesAlarm(3, 3, 'ignore'), parseSeries(series), current);
        expect(result).toMatchObject({ state: current, rule: 'ignore-retain', retained: true });
      }
    }
  });
});
