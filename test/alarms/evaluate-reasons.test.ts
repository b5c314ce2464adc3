import { describe, expect, it } from 'vitest';
import { evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { formatDatapointValue } from '../../alarms/evaluate/format-value.ts';
import { parseSeries, seriesAlarm } from '../support/series-notation.ts';

const reason = (
  m: number,
  series: string,
  treat: 'missing' | 'ignore' | 'breaching' | 'notBreaching',
  current: 'OK' | 'ALARM' = 'OK',
) => evaluateMetricAlarm(seriesAlarm(m, 3, treat), parseSeries(series), current).reason;

describe('state reasons', () => {
  it('ALARM in CloudWatch style', () => {
    const alarm = {
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 100,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'missing',
    } as const;
    expect(evaluateMetricAlarm(alarm, [0, 0], 'OK').reason).toBe(
      'Threshold Crossed: 2 out of the last 2 datapoints [0, 0] were less than the threshold (100) (minimum 2 datapoints for OK -> ALARM transition).',
    );
  });

  it('OK counts the datapoints that did not breach', () => {
    expect(reason(3, '0 - X - X', 'missing')).toBe(
      'Threshold Crossed: 1 out of the last 3 datapoints [0, 1, 1] was not greater than the threshold (0) (minimum 1 datapoint for ALARM -> OK transition).',
    );
  });

  it('filled datapoints are listed as - and summarised', () => {
    expect(reason(2, '0 - X - -', 'breaching')).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [0, 1, -] were greater than the threshold (0) (minimum 2 datapoints for OK -> ALARM transition). 1 missing datapoint was treated as [Breaching].',
    );
    expect(reason(3, '- - - - -', 'notBreaching')).toBe(
      'Threshold Crossed: no datapoints were received for 5 periods and 3 missing datapoints were treated as [NonBreaching].',
    );
  });

  it('premature ALARM, insufficient data and retained state explain themselves', () => {
    expect(reason(3, '- - X - -', 'missing')).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints [1] was greater than the threshold (0); the oldest of them is 3 periods old, at least DatapointsToAlarm (3), and every more recent datapoint is breaching or missing (premature ALARM rule).',
    );
    expect(reason(3, '- - - - X', 'missing')).toBe(
      'Insufficient Data: 1 out of the last 1 datapoints [1] was greater than the threshold (0), but 2 of the 3 datapoints needed were missing (minimum 3 datapoints for OK -> ALARM transition).',
    );
    expect(reason(3, '- - - - -', 'ignore', 'ALARM')).toBe(
      'Retaining current state ALARM: no datapoints were received for 5 periods and missing data is ignored (treatMissingData: ignore).',
    );
  });

  it('formats values without binary noise', () => {
    expect(formatDatapointValue(0.1 + 0.2)).toBe('0.3');
    expect(formatDatapointValue(100)).toBe('100');
    expect(formatDatapointValue(-2.5)).toBe('-2.5');
    expect(formatDatapointValue(Infinity)).toBe('Infinity');
  });
});
