import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { decideAlarm } from '../../alarms/decide-alarm.ts';
import type { MetricAlarmDefinition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { aggregate } from '../../metrics/statistics.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

const alarm = (extra: Partial<MetricAlarmDefinition>): MetricAlarmDefinition => ({
  name: 'shop-errors',
  namespace: 'Shop',
  metricName: 'Errors',
  dimensions: {},
  statistic: 'Sum',
  evaluateLowSampleCountPercentile: 'evaluate',
  period: 1,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  threshold: 0,
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

const HINT = 'Datapoints for Shop/Errors arrive at 60 s resolution; publish with storageResolution 1 for a 1 s period.';

describe('a 1 s alarm period on standard-resolution data says why it sees no datapoints', () => {
  const prefix = testPrefix('arrival');
  let redis: Redis;
  let metrics: MetricStore;
  let states: AlarmStateStore;
  // 10:00:30 UTC: the evaluation range of a 1 s alarm, [10:00:26, 10:00:30), holds no minute boundary.
  const T = Date.parse('2026-03-02T10:00:30Z');

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    metrics = new MetricStore(redis, prefix);
    states = new AlarmStateStore(redis, prefix);
    for (const [metricName, storageResolution] of [
      ['Errors', 60],
      ['Latency', 1],
    ] as const) {
      // The same publisher, twice a minute: standard resolution stores both at the start of their minute.
      await metrics.putMany(
        [T - 65_000, T - 35_000, T - 5_000].map((timestamp) => ({
          namespace: 'Shop',
          metricName,
          dimensions: {},
          value: 3,
          unit: 'Count' as const,
          timestamp,
          storageResolution,
        })),
      );
    }
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('the store reads the resolution at which each series arrives', async () => {
    const series = (metricName: string) => ({ namespace: 'Shop', metricName, dimensions: {} });
    expect(await metrics.arrivalResolutions([series('Errors'), undefined, series('Latency'), series('None')])).toEqual([
      60,
      undefined,
      1,
      undefined,
    ]);
  });

  it("the engine's reason names the resolution, and the decision is CloudWatch's", async () => {
    const alarms = [
      alarm({ name: 'std-missing' }),
      alarm({ name: 'std-breaching', treatMissingData: 'breaching' }),
      alarm({ name: 'hires-missing', metricName: 'Latency' }),
      alarm({ name: 'hires-breaching', metricName: 'Latency', treatMissingData: 'breaching' }),
      alarm({ name: 'std-minute', period: 60, evaluationPeriods: 1, datapointsToAlarm: 1 }),
    ];
    const engine = new AlarmEngine({
      redis,
      prefix,
      store: states,
      metrics,
      alarms: () => alarms,
      enqueueActions: async () => {},
      evaluationDelayMs: 0,
      now: () => T,
    });
    const transitions = await engine.evaluateTick(T);
    const reasonOf = async (name: string) =>
      ((await states.evaluations(name, 1))[0] as { reason: string; state: string }) ?? { reason: '', state: '' };

    const stdMissing = await reasonOf('std-missing');
    const hiresMissing = await reasonOf('hires-missing');
    expect(stdMissing.state).toBe('INSUFFICIENT_DATA');
    expect(hiresMissing.state).toBe('INSUFFICIENT_DATA');
    expect(stdMissing.reason).toBe(`${hiresMissing.reason} ${HINT}`);
    expect(hiresMissing.reason).not.toMatch(/resolution/);

    const byAlarm = new Map(transitions.map((t) => [t.alarm, t]));
    expect(byAlarm.get('std-breaching')?.newState).toBe('ALARM');
    expect(byAlarm.get('hires-breaching')?.newState).toBe('ALARM');
    expect(byAlarm.get('std-breaching')?.reason).toBe(`${byAlarm.get('hires-breaching')?.reason} ${HINT}`);
    expect(byAlarm.get('std-breaching')?.reason).toMatch(/^Threshold Crossed: no datapoints were received/);

    // A period at least as long as the resolution sees its datapoints, and gets no hint.
    expect((await reasonOf('std-minute')).reason).not.toMatch(/resolution/);
  });
});

describe('decideAlarm: the arrival resolution changes the reason only', () => {
  const period = (t: number, v: number) => aggregate([{ t, v }], 1000)[0];
  const cases: Array<[string, ReturnType<typeof period>[]]> = [
    ['all missing', [undefined, undefined, undefined, undefined]],
    ['one datapoint in four', [undefined, period(2000, 5), undefined, undefined]],
    ['breaching then missing', [period(0, 1), period(1000, 1), period(2000, 1), undefined]],
  ];
  for (const [what, stats] of cases) {
    for (const treatMissingData of ['missing', 'breaching', 'notBreaching', 'ignore'] as const) {
      it(`${what}, treatMissingData ${treatMissingData}`, () => {
        const a = alarm({ treatMissingData });
        for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
          const plain = decideAlarm(a, stats, 0, current, undefined);
          const hinted = decideAlarm(a, stats, 0, current, undefined, 60);
          expect({ ...hinted, reason: plain.reason, trace: plain.trace }).toEqual(plain);
          expect(hinted.reason).toBe(`${plain.reason} ${HINT}`);
          expect(decideAlarm(a, stats, 0, current, undefined, 1)).toEqual(plain);
        }
      });
    }
  }

  it('adds nothing when every period has a datapoint', () => {
    const stats = [period(0, 1), period(1000, 1), period(2000, 1), period(3000, 1)];
    expect(decideAlarm(alarm({}), stats, 0, 'OK', undefined, 60)).toEqual(
      decideAlarm(alarm({}), stats, 0, 'OK', undefined),
    );
  });
});
