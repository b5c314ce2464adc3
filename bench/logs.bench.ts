/**
 * npm run bench:logs — log ingestion throughput (events/s): `POST /api/logs/:group/:stream` in batches of 1, 100 and
 * 10,000 with 40 metric filters attached (10 of each syntax: terms, JSON, space-delimited, regex), and the syslog
 * UDP listener, against the XADD ceiling of the same Redis measured in the same run (`redis-benchmark` pipelined
 * XADD when installed, and a pipelined ioredis XADD loop). Server and clients share this process. Not a test.
 * Scale with SCALE=0.2 or SCALE=5.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import express from 'express';
import { Redis } from 'ioredis';
import { createLogService } from '../logs/log-service.ts';
import type { MetricFilterConfig } from '../logs/metric-filter-config.ts';
import { startSyslogListener } from '../logs/syslog/syslog-listener.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { logRoutes } from '../server/routes/log-routes.ts';
import { deletePrefix, testPrefix } from '../test/support/redis-prefix.ts';

const SCALE = Number(process.env.SCALE ?? 1);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = promisify(execFile);
const prefix = testPrefix('bench-logs');
const redis = new Redis(REDIS_URL);

const filters: MetricFilterConfig[] = [];
for (let i = 0; i < 10; i++) {
  const common = { metricNamespace: 'Bench', metricValue: '1' };
  filters.push({ ...common, name: `t${i}`, pattern: `ERROR code${i}`, metricName: `Terms${i}` });
  filters.push({
    ...common,
    name: `j${i}`,
    pattern: `{ $.status = 50${i} && $.latency > 100 }`,
    metricName: `Json${i}`,
  });
  filters.push({
    ...common,
    name: `s${i}`,
    pattern: `[ip, user, status = 50${i}, bytes > 1000]`,
    metricName: `Space${i}`,
  });
  filters.push({ ...common, name: `r${i}`, pattern: `%timeout\\safter\\s${i}[0-9]+ms%`, metricName: `Regex${i}` });
}
const groups = [{ name: '/bench', metricFilters: filters }];
const metrics = new MetricStore(redis, prefix);
const logs = createLogService({ redis, prefix, metrics, groups: () => groups, maxEventsPerGroup: 10_000_000 });

const MESSAGES = [
  'ERROR code3 payment declined for order 1234',
  '{"status": 503, "latency": 250, "path": "/cart"}',
  '10.0.0.1 frank 502 2048',
  'WARN timeout after 512ms talking to db',
  'INFO request served in 12 ms',
];
const message = (i: number) => MESSAGES[i % MESSAGES.length] as string;

async function ceiling(): Promise<{ tool?: number; ioredis: number }> {
  const out: { tool?: number; ioredis: number } = { ioredis: 0 };
  const key = `${prefix}:xadd-ceiling`;
  try {
    const { stdout } = await run('redis-benchmark', [
      '-q',
      '-n',
      String(Math.round(200_000 * SCALE)),
      '-P',
      '100',
      'XADD',
      key,
      '*',
      's',
      'web-1',
      't',
      '1764763200000',
      'm',
      MESSAGES[0] as string,
    ]);
    const m = /([\d.]+) requests per second/.exec(stdout);
    if (m) out.tool = Number(m[1]);
  } catch {
    /* not installed */
  }
  const n = Math.round(200_000 * SCALE);
  const t0 = performance.now();
  for (let i = 0; i < n; i += 10_000) {
    const p = redis.pipeline();
    for (let j = 0; j < 10_000; j++) p.xadd(key, '*', 's', 'web-1', 't', String(Date.now()), 'm', message(j));
    await p.exec();
  }
  out.ioredis = n / ((performance.now() - t0) / 1000);
  await redis.del(key);
  return out;
}

async function http(url: string, batch: number, total: number, concurrency: number): Promise<number> {
  const bodies = Array.from({ length: Math.min(4, Math.ceil(total / batch)) }, () => '');
  const makeBody = () =>
    JSON.stringify({
      events: Array.from({ length: batch }, (_, i) => ({ timestamp: Date.now(), message: message(i) })),
    });
  let sent = 0;
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (sent < total) {
      sent += batch;
      const body = bodies[w % bodies.length] || makeBody();
      const res = await fetch(`${url}/api/logs/%2Fbench/w${w}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return sent / ((performance.now() - t0) / 1000);
}

async function syslogUdp(total: number): Promise<{ perSecond: number; received: number }> {
  const listener = await startSyslogListener({
    udp: '127.0.0.1:0',
    rules: [{ match: {}, group: '/bench', stream: '{hostname}' }],
    ingestor: logs.ingestor,
    flushIntervalMs: 50,
    maxMessageBytes: 65_536,
  });
  const sock = createSocket('udp4');
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const line = Buffer.from(`<14>1 ${new Date().toISOString()} host${i % 4} app - - - ${message(i)}`);
    await new Promise<void>((resolve) => sock.send(line, listener.udpPort, '127.0.0.1', () => resolve()));
    if (i % 200 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  const deadline = Date.now() + 10_000;
  while (listener.stats.accepted < listener.stats.received || listener.stats.received === 0) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await listener.flush();
  const seconds = (performance.now() - t0) / 1000;
  sock.close();
  await listener.close();
  return { perSecond: listener.stats.accepted / seconds, received: listener.stats.received };
}

async function main(): Promise<void> {
  await logs.syncConfig();
  const app = express();
  app.use(logRoutes({ store: logs.store, ingestor: logs.ingestor }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  try {
    const c = await ceiling();
    console.log(
      `XADD ceiling: redis-benchmark -P 100 ${c.tool ? fmt(c.tool) : 'n/a'} /s, ioredis pipelined ${fmt(c.ioredis)} /s`,
    );
    // Matching alone (no I/O): the 40 filters over the message mix.
    const live = logs.ingestor;
    void live;
    const b1 = await http(url, 1, Math.round(3000 * SCALE), 8);
    console.log(`HTTP, batches of 1, 40 filters: ${fmt(b1)} events/s`);
    const b100 = await http(url, 100, Math.round(100_000 * SCALE), 4);
    console.log(`HTTP, batches of 100, 40 filters: ${fmt(b100)} events/s`);
    const b10k = await http(url, 10_000, Math.round(300_000 * SCALE), 2);
    console.log(`HTTP, batches of 10,000, 40 filters: ${fmt(b10k)} events/s`);
    const u = await syslogUdp(Math.round(50_000 * SCALE));
    console.log(
      `syslog UDP, 40 filters: ${fmt(u.perSecond)} events/s accepted (${u.received} of ${Math.round(50_000 * SCALE)} datagrams received)`,
    );
  } finally {
    server.closeAllConnections();
    server.close();
    await deletePrefix(prefix);
    redis.disconnect();
  }
}

await main();
