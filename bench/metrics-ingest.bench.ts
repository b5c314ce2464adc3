/**
 * npx tsx bench/metrics-ingest.bench.ts — metric ingest throughput (datapoints/s): validation alone, the library call
 * `putMetricData(store, body)` and `POST /api/metrics` (server and client in this process), next to
 * `redis-benchmark -t set -P 16 -q -n 200000` on 127.0.0.1 as the ceiling. Prints figures; not a test.
 * Scale with SCALE=0.2 (fewer datapoints) or SCALE=5.
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import express from 'express';
import { Redis } from 'ioredis';
import { MetricStore } from '../metrics/metric-store.ts';
import { putMetricData } from '../metrics/put-metric-data-call.ts';
import { parsePutMetricData } from '../metrics/put-metric-data.ts';
import { metricsRoutes } from '../server/routes/metrics-routes.ts';
import { deletePrefix, testPrefix } from '../test/support/redis-prefix.ts';

const SCALE = Number(process.env.SCALE ?? 1);
const REDIS_URL = 'redis://127.0.0.1:6379';

const prefix = testPrefix('bench-metrics');
const redis = new Redis(REDIS_URL);
const store = new MetricStore(redis, prefix);

/** A request body of `size` datapoints over 10 series, timestamps in the last minute. */
function body(size: number, seq: number): string {
  const now = Date.now();
  return JSON.stringify({
    namespace: 'Bench',
    metricData: Array.from({ length: size }, (_, i) => ({
      metricName: 'Latency',
      dimensions: { Service: `svc-${(seq + i) % 10}`, Env: 'bench' },
      timestamp: new Date(now - ((seq * 7 + i) % 60_000)).toISOString(),
      value: (i * 37) % 1000,
      unit: 'Milliseconds',
    })),
  });
}

async function measure(
  label: string,
  batch: number,
  total: number,
  concurrency: number,
  send: (body: string, seq: number) => Promise<void>,
) {
  const batches = Math.max(1, Math.round(total / batch));
  const bodies = Array.from({ length: Math.min(batches, 64) }, (_, i) => body(batch, i));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) {
        const seq = next++;
        await send(bodies[seq % bodies.length] as string, seq);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const perSecond = (batches * batch) / seconds;
  process.stdout.write(
    `${label.padEnd(66)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} datapoints/s  (${(batches * batch).toLocaleString('en-US')} in ${seconds.toFixed(2)} s)\n`,
  );
  return perSecond;
}

async function redisBenchmark(): Promise<string> {
  const existed = await redis.exists('key:__rand_int__');
  try {
    const { stdout } = await promisify(execFile)(
      'redis-benchmark',
      ['-h', '127.0.0.1', '-p', '6379', '-t', 'set', '-P', '16', '-q', '-n', '200000'],
      { timeout: 120_000 },
    );
    const line = stdout
      .split(/\r|\n/)
      .map((s) => s.trim())
      .filter((s) => s.startsWith('SET:'))
      .pop();
    return line ?? stdout.trim();
  } catch (err) {
    return `redis-benchmark failed: ${(err as Error).message}`;
  } finally {
    if (!existed) await redis.del('key:__rand_int__');
  }
}

const app = express();
app.use(metricsRoutes({ store }));
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics`;
const post = async (b: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`POST answered ${res.status}`);
};

try {
  process.stdout.write(
    `metrics ingest, Node ${process.version}, Redis at 127.0.0.1:6379, ${new Date().toISOString()}\n\n`,
  );
  await measure('validation only (parsePutMetricData), batches of 1000', 1000, 200_000 * SCALE, 1, async (b) => {
    parsePutMetricData(JSON.parse(b));
  });
  await measure(
    'library putMetricData(store, body), batches of 1000, 4 at once',
    1000,
    200_000 * SCALE,
    4,
    async (b) => {
      await putMetricData(store, JSON.parse(b));
    },
  );
  await measure('library putMetricData(store, body), batches of 20, 16 at once', 20, 40_000 * SCALE, 16, async (b) => {
    await putMetricData(store, JSON.parse(b));
  });
  await measure('POST /api/metrics, batches of 1000, 4 at once', 1000, 200_000 * SCALE, 4, post);
  await measure('POST /api/metrics, batches of 20, 16 at once', 20, 40_000 * SCALE, 16, post);
  await measure('POST /api/metrics, batches of 1, 16 at once', 1, 5_000 * SCALE, 16, post);
  process.stdout.write(`\nceiling: redis-benchmark -t set -P 16 -q -n 200000 → ${await redisBenchmark()}\n`);
} finally {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await deletePrefix(prefix);
  redis.disconnect();
}
