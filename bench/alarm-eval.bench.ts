/**
 * Alarm evaluation time per tick for 1,000 and 10,000 alarms over as many series (1 s period), against
 * real Redis. Each alarm reads its evaluation range, evaluates, and records its trace; about 1 in 20 transitions.
 */
import { Redis } from 'ioredis';
import { AlarmEngine } from '../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { MetricAlarmDefinition, MetricDatum } from '../core/types.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../test/support/redis-prefix.ts';

const alarm = (i: number): MetricAlarmDefinition => ({
  name: `alarm-${i}`,
  namespace: 'Bench',
  metricName: 'Latency',
  dimensions: { Host: `h${i}` },
  statistic: 'Average',
  evaluateLowSampleCountPercentile: 'evaluate',
  period: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  threshold: 100,
  comparisonOperator: 'GreaterThanThreshold',
  treatMissingData: 'missing',
  actionsEnabled: true,
  alarmActions: [],
  okActions: [],
  insufficientDataActions: [],
  source: 'bench',
  sourcePath: `alarms[${i}]`,
});

async function measure(n: number): Promise<number[]> {
  const prefix = testPrefix(`bench-alarms-${n}`);
  const redis = new Redis(TEST_REDIS_URL);
  const metrics = new MetricStore(redis, prefix);
  const store = new AlarmStateStore(redis, prefix);
  const alarms = Array.from({ length: n }, (_, i) => alarm(i));
  const engine = new AlarmEngine({
    redis,
    prefix,
    store,
    metrics,
    alarms: () => alarms,
    enqueueActions: async () => {},
    evaluationDelayMs: 0,
  });
  const base = Math.floor(Date.now() / 1000) * 1000 - 30_000;
  // 20 s of history: one datapoint per series per second.
  for (let s = 0; s < 20; s++) {
    const batch: MetricDatum[] = alarms.map((a, i) => ({
      namespace: 'Bench',
      metricName: 'Latency',
      dimensions: a.dimensions,
      timestamp: base + s * 1000 + 500,
      value: (i + s) % 20 === 0 ? 500 : 50,
      unit: 'Milliseconds',
    }));
    for (let k = 0; k < batch.length; k += 2000) await metrics.put(batch.slice(k, k + 2000));
  }
  const times: number[] = [];
  for (let s = 6; s < 20; s++) {
    const t0 = performance.now();
    await engine.evaluateTick(base + s * 1000);
    times.push(performance.now() - t0);
  }
  redis.disconnect();
  await deletePrefix(prefix);
  return times;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
process.stdout.write('alarm evaluation per tick (1 s period, evaluationPeriods 3, real Redis):\n');
for (const n of [1_000, 10_000]) {
  const t = await measure(n);
  process.stdout.write(
    `  ${String(n).padStart(6)} alarms: median ${pct(t, 50).toFixed(0)} ms, p90 ${pct(t, 90).toFixed(0)} ms, max ${Math.max(...t).toFixed(0)} ms per tick\n`,
  );
}
process.stdout.write('  target: 10,000 alarms under 1,000 ms per tick\n');
