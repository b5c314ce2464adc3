import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import type { AlarmTransition, MetricAlarmDefinition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';

const alarm = (name: string): MetricAlarmDefinition => ({
  name,
  namespace: 'Test',
  metricName: 'Errors',
  dimensions: { Service: name },
  statistic: 'Sum',
  evaluateLowSampleCountPercentile: 'evaluate',
  period: 1,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 0,
  comparisonOperator: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
  actionsEnabled: true,
  alarmActions: ['hook'],
  okActions: [],
  insufficientDataActions: [],
  source: 'test',
  sourcePath: 'alarms[0]',
});

describe('alarm engines in several processes', () => {
  const prefix = testPrefix('engines');
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await deletePrefix(prefix);
  });

  it('evaluate each alarm once per tick and fire each transition once', async () => {
    const alarms = ['a', 'b', 'c'].map(alarm);
    const enqueued: AlarmTransition[] = [];
    const engines = [0, 1, 2].map(() => {
      const redis = new Redis(TEST_REDIS_URL);
      clients.push(redis);
      return new AlarmEngine({
        redis,
        prefix,
        store: new AlarmStateStore(redis, prefix),
        metrics: new MetricStore(redis, prefix),
        alarms: () => alarms,
        enqueueActions: async (t) => void enqueued.push(t),
        evaluationDelayMs: 50,
      });
    });
    await Promise.all(engines.map((e) => e.start()));
    const metrics = new MetricStore(clients[0] as Redis, prefix);
    const store = new AlarmStateStore(clients[0] as Redis, prefix);
    // The engines are ticking: every alarm has been evaluated.
    await waitFor('first evaluations', async () => {
      for (const a of alarms) if ((await store.evaluations(a.name, 1)).length === 0) return false;
      return true;
    });
    await metrics.put(
      alarms.map((a) => ({
        namespace: 'Test',
        metricName: 'Errors',
        dimensions: a.dimensions,
        timestamp: Date.now(),
        value: 3,
        unit: 'Count',
      })),
    );
    // The spike stays in the evaluation range (evaluationPeriods + 2 periods), then notBreaching fills it → OK.
    await waitFor('every alarm back to OK after its ALARM', async () => {
      for (const a of alarms) {
        const history = await store.history(a.name);
        const wentToAlarm = history.some((h) => h.type === 'StateUpdate' && h.newState === 'ALARM');
        if (!wentToAlarm || (await store.get(a.name)).state !== 'OK') return false;
      }
      return true;
    });
    await Promise.all(engines.map((e) => e.stop()));

    for (const a of alarms) {
      const evals = (await store.evaluations(a.name)) as Array<{ tick: string }>;
      expect(evals.length).toBeGreaterThanOrEqual(3);
      expect(new Set(evals.map((e) => e.tick)).size).toBe(evals.length);
      expect((await store.get(a.name)).state).toBe('OK');
      const history = await store.history(a.name);
      expect(history.filter((h) => h.type === 'StateUpdate' && h.newState === 'ALARM')).toHaveLength(1);
    }
    expect(enqueued.filter((t) => t.newState === 'ALARM')).toHaveLength(3);
  });
});
