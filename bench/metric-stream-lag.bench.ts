/**
 * npm run bench:metric-streams — metric-stream lag: a datapoint written through the metric store (the write path of
 * `POST /api/metrics`, the workers and log metric filters) until it is visible in a real Prometheus
 * (`/usr/bin/prometheus`, remote-write receiver) through `/api/v1/query`, polled every 5 ms. One datapoint at a
 * time, each its own series; prints the median and p99. N=200 by default (N=1000 for more). Not a test.
 */
import { Redis } from 'ioredis';
import { metricStreamsSchema } from '../config/metric-streams-schema.ts';
import { createLogger } from '../core/logger.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { MetricStreams } from '../streams/metric-streams.ts';
import { MetricStreamTap } from '../streams/metric-stream-tap.ts';
import { startPrometheus } from '../test/support/prometheus.ts';
import { deletePrefix, testPrefix } from '../test/support/redis-prefix.ts';

const N = Number(process.env.N ?? 200);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const prom = await startPrometheus();
const prefix = testPrefix('bench-mstream');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const config = metricStreamsSchema.parse([
  { name: 'bench', output: { type: 'prometheus-remote-write', url: prom.writeUrl } },
]);
const store = new MetricStore(redis, prefix, { tap: new MetricStreamTap(prefix, () => config) });
const streams = new MetricStreams({ redis, prefix, log: createLogger('bench') });
await streams.apply(config);

const lags: number[] = [];
try {
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await store.putMany([
      {
        namespace: 'Bench',
        metricName: 'Lag',
        dimensions: { Seq: String(i) },
        timestamp: Date.now(),
        unit: 'Count',
        value: i,
      },
    ]);
    const deadline = started + 30_000;
    for (;;) {
      const r = await prom.query(`Bench_Lag{statistic="sum",Seq="${i}"}`);
      if (r.length > 0) break;
      if (performance.now() > deadline) throw new Error(`datapoint ${i} not visible in Prometheus after 30 s`);
      await new Promise((res) => setTimeout(res, 5));
    }
    lags.push(performance.now() - started);
  }
} finally {
  await streams.close();
  await redis.quit();
  await prom.stop();
  await deletePrefix(prefix);
}
lags.sort((a, b) => a - b);
const at = (q: number) => lags[Math.min(lags.length - 1, Math.ceil(q * lags.length) - 1)] ?? NaN;
console.log(
  `metric-stream lag, ingest → visible in Prometheus (${N} datapoints): median ${at(0.5).toFixed(1)} ms, ` +
    `p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`,
);
