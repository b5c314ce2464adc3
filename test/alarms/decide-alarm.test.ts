import { describe, expect, it } from 'vitest';
import { decideAlarm } from '../../alarms/decide-alarm.ts';
import type { MetricAlarmDefinition } from '../../core/types.ts';
import { aggregate } from '../../metrics/statistics.ts';

const alarm = (extra: Partial<MetricAlarmDefinition>): MetricAlarmDefinition => ({
  name: 'p99',
  namespace: 'Shop',
  metricName: 'Latency',
  dimensions: {},
  statistic: 'p99',
  evaluateLowSampleCountPercentile: 'evaluate',
  period: 60,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 500,
  comparisonOperator: 'GreaterThanThreshold',
  treatMissingData: 'missing',
  actionsEnabled: true,
  alarmActions: [],
  okActions: [],
  insufficientDataActions: [],
  source: 't',
  sourcePath: 'alarms[0]',
  ...extra,
});
const period = (values: number[]) =>
  aggregate(
    values.map((v, i) => ({ t: 60_000 + i, v })),
    60_000,
  )[0];

describe('extended statistics in alarm decisions', () => {
  it("evaluates p99 on the period's samples", () => {
    const many = Array.from({ length: 2000 }, (_, i) => (i < 1970 ? 100 : 900));
    expect(decideAlarm(alarm({}), [period(many)], 60_000, 'OK', undefined).state).toBe('ALARM');
  });

  it('with evaluateLowSampleCountPercentile "ignore", keeps the state when too few samples back a percentile', () => {
    const few = [100, 900, 950];
    const ignored = decideAlarm(
      alarm({ evaluateLowSampleCountPercentile: 'ignore' }),
      [period(few)],
      60_000,
      'OK',
      undefined,
    );
    expect(ignored).toMatchObject({ state: 'OK', retained: true, rule: 'low-sample-count-percentile' });
    expect(decideAlarm(alarm({}), [period(few)], 60_000, 'OK', undefined).state).toBe('ALARM');
  });

  it('treats a trimmed mean like any statistic', () => {
    const values = [1, 2, 3, 4, 1000];
    expect(
      decideAlarm(alarm({ statistic: 'tm80', threshold: 50 }), [period(values)], 60_000, 'OK', undefined).state,
    ).toBe('OK');
    expect(
      decideAlarm(alarm({ statistic: 'Average', threshold: 50 }), [period(values)], 60_000, 'OK', undefined).state,
    ).toBe('ALARM');
  });
});
