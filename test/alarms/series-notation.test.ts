import { describe, expect, it } from 'vitest';
import { evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { formatSeries, parseSeries, seriesAlarm } from '../support/series-notation.ts';

describe('series notation', () => {
  it('parses the guide notation: 0 → 0, X → 1, - → null', () => {
    expect(parseSeries('0 - X - X')).toEqual([0, null, 1, null, 1]);
    expect(parseSeries('- - - - -')).toEqual([null, null, null, null, null]);
  });

  it('accepts compact form, lower case and the letter O', () => {
    expect(parseSeries('0-x-X')).toEqual([0, null, 1, null, 1]);
    expect(parseSeries('- - - X O')).toEqual([null, null, null, 1, 0]);
    expect(parseSeries('')).toEqual([]);
  });

  it('rejects anything else with the position', () => {
    expect(() => parseSeries('0 - 1')).toThrow(/Unexpected '1' at char 5/);
  });

  it('round-trips through formatSeries', () => {
    expect(formatSeries(parseSeries('0 0 X - X'))).toBe('0 0 X - X');
  });

  it('seriesAlarm is a threshold-0 GreaterThanThreshold alarm', () => {
    const alarm = seriesAlarm(2, 3, 'missing');
    expect(alarm).toEqual({
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'missing',
    });
    expect(evaluateMetricAlarm(alarm, parseSeries('X X X'), 'OK').datapoints.every((p) => p.breaching)).toBe(true);
    expect(evaluateMetricAlarm(alarm, parseSeries('0 0 0'), 'OK').datapoints.some((p) => p.breaching)).toBe(false);
  });
});
