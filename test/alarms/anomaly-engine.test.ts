import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import type { MetricAlarmDefinition, MetricDatum } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { bandRoute } from '../../server/routes/band-route.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

const MIN = 60_000;
const alarm: MetricAlarmDefinition = {
  name: 'checkout-latency-anomaly',
  namespace: 'Shop',
  metricName: 'Latency',
  dimensions: { Service: 'checkout' },
  statistic: 'Average',
  evaluateLowSampleCountPercentile: 'evaluate',
  period: 60,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
  treatMissingData: 'missing',
  anomalyDetection: { width: 3, trainingDays: 3, seasonality: 'auto', excludedTimeRanges: [] },
  actionsEnabled: true,
  alarmActions: [],
  okActions: [],
  insufficientDataActions: [],
  source: 'test',
  sourcePath: 'alarms[0]',
};
// A daily cycle between ~100 and ~300 ms plus a little deterministic noise.
const normal = (t: number) => 200 + 100 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000) + ((t / MIN) % 7) - 3;

describe('anomaly detection alarms in the engine, and the band API (real Redis)', () => {
  const prefix = testPrefix('anomaly');
  let redis: Redis;
  let metrics: MetricStore;
  let store: AlarmStateStore;
  let server: Server;
  let base: string;
  const tick = Math.floor(Date.now() / MIN) * MIN;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    metrics = new MetricStore(redis, prefix);
    store = new AlarmStateStore(redis, prefix);
    const data: MetricDatum[] = [];
    for (let t = tick - 3 * 86_400_000; t < tick - MIN; t += MIN) {
      data.push({
        namespace: 'Shop',
        metricName: 'Latency',
        dimensions: { Service: 'checkout' },
        timestamp: t + 1000,
        value: normal(t),
        unit: 'Milliseconds',
      });
    }
    for (let i = 0; i < data.length; i += 2000) await metrics.put(data.slice(i, i + 2000));
    const app = express();
    app.use(bandRoute({ store: metrics, alarms: () => [alarm] }));
    app.use(
      (err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        void res.status(err.status ?? 500).json({ message: err.message }),
    );
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('stays OK on a normal value and goes to ALARM on a spike outside the band', async () => {
    const engine = new AlarmEngine({
      redis,
      prefix,
      store,
      metrics,
      alarms: () => [alarm],
      enqueueActions: async () => {},
      evaluationDelayMs: 0,
      now: () => tick,
    });
    const ok = await engine.evaluateTick(tick);
    expect(ok.map((t) => t.newState)).toEqual(['OK']);
    await metrics.put([
      {
        namespace: 'Shop',
        metricName: 'Latency',
        dimensions: { Service: 'checkout' },
        timestamp: tick + 1000,
        value: normal(tick) + 400,
        unit: 'Milliseconds',
      },
    ]);
    const spike = await engine.evaluateTick(tick + MIN);
    expect(spike.map((t) => t.newState)).toEqual(['ALARM']);
    expect(spike[0]?.reason).toMatch(
      /^Thresholds Crossed: 1 out of the last 1 datapoints \[[\d.]+\] was less than the lower thresholds \[[\d.]+\] or greater than the upper thresholds \[[\d.]+\]/,
    );
    const trace = (await store.evaluations(alarm.name, 1))[0] as {
      periods: Array<{ lower: number | null; upper: number | null }>;
      model: string;
    };
    expect(trace.model).toEqual(expect.any(String));
    expect(trace.periods.some((p) => p.upper !== null)).toBe(true);
  });

  it('serves the band for plotting, containing the normal points', async () => {
    const res = await fetch(
      `${base}/api/metrics/band?alarm=${alarm.name}&start=${tick - 6 * 3_600_000}&end=${tick - 3 * MIN}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      points: Array<{ timestamp: number; lower: number; upper: number }>;
    };
    expect(body.status).toBe('ready');
    expect(body.points.length).toBeGreaterThan(300);
    const inside = body.points.filter((p) => normal(p.timestamp) >= p.lower && normal(p.timestamp) <= p.upper).length;
    expect(inside / body.points.length).toBeGreaterThan(0.99);
  });

  it('answers 4xx on bad queries', async () => {
    expect((await fetch(`${base}/api/metrics/band?alarm=ghost`)).status).toBe(404);
    const bad = await fetch(`${base}/api/metrics/band?namespace=Shop&period=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/metricName: is required.*period/);
  });
});
