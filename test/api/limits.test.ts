import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPrefix } from '../support/redis-prefix.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { rawRequest } from './support/http-request.ts';
import { startRedisServer, type RedisServerProcess } from './support/redis-server-process.ts';

const HOUR = 3_600_000;

/** Commands a Redis executes, as seen by MONITOR. */
async function watchCommands(url: string) {
  const client = new Redis(url);
  const monitor = await client.monitor();
  const seen: string[][] = [];
  const waiters: Array<() => void> = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    seen.push(args);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (what: () => boolean): Promise<void> => {
    while (!what()) await new Promise<void>((r) => waiters.push(r));
  };
  return {
    seen,
    until,
    /** Sends a marker through another connection and waits for MONITOR to show it: everything before it is in `seen`. */
    async sync(other: Redis): Promise<void> {
      const marker = `marker-${Math.random()}`;
      await other.get(marker);
      await until(() => seen.some((a) => a[1] === marker));
    },
    async close() {
      monitor.disconnect();
      client.disconnect();
    },
  };
}

describe('API limits: bounded work per request', () => {
  let redis: RedisServerProcess;
  let api: ApiFixture;
  let clock = Date.now();
  let admin: Redis;
  const logged: Array<Record<string, unknown>> = [];
  const logWaiters: Array<() => void> = [];
  const waitForLog = async (what: () => boolean) => {
    while (!what()) await new Promise<void>((r) => logWaiters.push(r));
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    api = await startApiFixture({
      redisUrl: redis.url,
      prefix: testPrefix('limits'),
      now: () => clock,
      log: pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _enc, done) {
            for (const l of chunk.toString().split('\n'))
              if (l.trim()) logged.push(JSON.parse(l) as Record<string, unknown>);
            for (const w of logWaiters.splice(0)) w();
            done();
          },
        }),
      ),
      limits: {
        maxNewSeriesPerMinute: 5,
        requestDeadlineMs: 500,
        headersTimeoutMs: 500,
        requestTimeoutMs: 1_000,
        maxConcurrentBands: 2,
      },
    });
    await api.metrics.put(
      Array.from({ length: 100 }, (_, i) => ({
        namespace: 'Shop',
        metricName: 'Latency',
        dimensions: {},
        timestamp: Date.now() - i * 60_000,
        value: 100 + (i % 7),
        unit: 'Milliseconds' as const,
      })),
    );
  });
  afterAll(async () => {
    admin?.disconnect();
    await api?.close();
    await redis?.stop();
  });

  it('GET /api/metrics/band refuses an answer too large before reading any data', async () => {
    const watch = await watchCommands(redis.url);
    try {
      for (const q of [
        'namespace=Shop&metricName=Latency&period=1',
        `namespace=Shop&metricName=Latency&period=60&start=${Date.now() - 90 * 24 * HOUR}&end=${Date.now()}`,
        `namespace=Shop&metricName=Latency&period=1&trainingDays=90&start=${Date.now() - HOUR}`,
      ]) {
        const res = await rawRequest(api.url, { method: 'GET', path: `/api/metrics/band?${q}` });
        expect(res.status, q).toBe(413);
        expect(JSON.parse(res.body.toString()).message, q).toMatch(/at most/);
      }
      await watch.sync(admin);
      expect(watch.seen.filter((a) => a.some((x) => x.includes(':metrics:')))).toEqual([]);
      const ok = await rawRequest(api.url, {
        method: 'GET',
        path: `/api/metrics/band?namespace=Shop&metricName=Latency&period=60&start=${Date.now() - HOUR}`,
      });
      expect(ok.status).toBe(200);
    } finally {
      await watch.close();
    }
  });

  it('GET /api/metrics/band answers 429 past the concurrent band computations', async () => {
    const path = `/api/metrics/band?namespace=Shop&metricName=Latency&period=60&start=${Date.now() - HOUR}`;
    // While Redis is frozen the two computations cannot finish; the log says when both hold their slot.
    redis.freeze();
    try {
      const started = logged.length;
      const held = [1, 2].map(() => rawRequest(api.url, { method: 'GET', path }));
      await waitForLog(() => logged.slice(started).filter((l) => l.msg === 'band computation started').length === 2);
      const third = await rawRequest(api.url, { method: 'GET', path });
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(third.body.toString()).message).toMatch(/at most 2 band computations/);
      // The held requests meet the deadline (503) while Redis is frozen.
      for (const r of await Promise.all(held)) expect(r.status).toBe(503);
    } finally {
      redis.thaw();
    }
    // Once Redis answers, the computations end and free their slots.
    await waitForLog(() => logged.filter((l) => l.msg === 'band computation ended').length >= 3);
    expect((await rawRequest(api.url, { method: 'GET', path })).status).toBe(200);
  });

  it('POST /api/metrics accepts at most maxNewSeriesPerMinute new series, then 429 without storing anything', async () => {
    const put = (names: string[]) =>
      rawRequest(api.url, {
        method: 'POST',
        path: '/api/metrics',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ namespace: 'Cap', metricData: names.map((n) => ({ metricName: n, value: 1 })) }),
      });
    expect((await put(['a', 'b', 'c'])).status).toBe(200);
    expect((await put(['a', 'd', 'e'])).status).toBe(200);
    const before = await api.metrics.list('Cap');
    const refused = await put(['a', 'f']);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(refused.body.toString()).message).toMatch(/1 new series.*at most 5 new series per minute/);
    const names = async () => (await api.metrics.list('Cap')).map((s) => s.metricName).sort();
    expect(await names()).toEqual(before.map((s) => s.metricName).sort());
    expect(await names()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const samples = await api.metrics.samples(
      { namespace: 'Cap', metricName: 'a', dimensions: {} },
      0,
      Date.now() + HOUR,
    );
    expect(samples).toHaveLength(2);
    expect((await put(['a', 'b'])).status).toBe(200);
    clock += 61_000;
    expect((await put(['f'])).status).toBe(200);
  });

  it('a request that outlives the deadline is answered 503 with a message', async () => {
    redis.freeze();
    try {
      const res = await rawRequest(api.url, { method: 'GET', path: '/api/alarms' });
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body.toString()).message).toMatch(/500 ms/);
    } finally {
      redis.thaw();
    }
    expect((await rawRequest(api.url, { method: 'GET', path: '/api/alarms' })).status).toBe(200);
  });

  it('a client that never finishes its headers is cut off (headersTimeout)', async () => {
    const url = new URL(api.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
