/**
 * npm run bench:proxy — the fault proxy's overhead with no fault: N requests direct to a loopback upstream and the
 * same N through the proxy, at concurrency 1 (latency: added p50 and p99) and 16 (throughput, as a share of
 * direct), in the same run. The upstream and the proxy each run in their own process (as in `canary up`), so the
 * client does not share an event loop with either; rounds alternate direct/proxy to spread machine noise.
 * `N=…` sets the requests per round at concurrency 1 (×4 at 16), `ROUNDS=…` the rounds (default 3).
 */
import { fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.N ?? 3000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BODY = Buffer.alloc(512, 'x');

async function serveUpstream(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send?.((server.address() as AddressInfo).port);
}

async function serveProxy(upstreamPort: number): Promise<void> {
  const { startFaultProxy } = await import('../chaos/proxy/fault-proxy.ts');
  const { createLogger } = await import('../core/logger.ts');
  const proxy = await startFaultProxy({
    name: 'bench',
    listen: { host: '127.0.0.2', port: 0 },
    upstream: new URL(`http://127.0.0.1:${upstreamPort}`),
    faults: { active: () => [] },
    log: createLogger('bench-proxy'),
  });
  process.send?.(proxy.port);
}

function start(...args: string[]) {
  const child = fork(fileURLToPath(import.meta.url), args, { env: { ...process.env, LOG_LEVEL: 'silent' } });
  const port = new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
  return { child, port };
}

function get(host: string, port: number, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `total` requests by `concurrency` keep-alive clients: each request's latency (ms) and the wall time. */
async function run(host: string, port: number, concurrency: number, total: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const t = performance.now();
        await get(host, port, agent);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wall = performance.now() - t0;
  agent.destroy();
  return { latencies, wall, total };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const upstream = start('upstream');
  const upstreamPort = await upstream.port;
  const proxy = start('proxy', String(upstreamPort));
  const proxyPort = await proxy.port;
  const direct = { host: '127.0.0.1', port: upstreamPort };
  const proxied = { host: '127.0.0.2', port: proxyPort };
  try {
    await run(direct.host, direct.port, 16, 2000); // warm-up (JIT, pools)
    await run(proxied.host, proxied.port, 16, 2000);
    console.log(`fault proxy overhead: ${ROUNDS} rounds, 512-byte answers, keep-alive node:http clients`);
    for (const concurrency of [1, 16]) {
      const total = concurrency === 1 ? N : N * 4;
      const d: number[] = [];
      const p: number[] = [];
      let dWall = 0;
      let pWall = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const a = await run(direct.host, direct.port, concurrency, total);
        const b = await run(proxied.host, proxied.port, concurrency, total);
        d.push(...a.latencies);
        p.push(...b.latencies);
        dWall += a.wall;
        pWall += b.wall;
      }
      d.sort((x, y) => x - y);
      p.sort((x, y) => x - y);
      const rps = (wall: number) => (total * ROUNDS) / (wall / 1000);
      const f = (ms: number) => `${ms.toFixed(3)} ms`;
      console.log(
        `concurrency ${String(concurrency).padStart(2)}: direct p50 ${f(pct(d, 50))} p99 ${f(pct(d, 99))}, ` +
          `proxy p50 ${f(pct(p, 50))} p99 ${f(pct(p, 99))}; added p50 ${f(pct(p, 50) - pct(d, 50))}, ` +
          `p99 ${f(pct(p, 99) - pct(d, 99))}; throughput ${rps(dWall).toFixed(0)} vs ${rps(pWall).toFixed(0)} req/s ` +
          `(${((100 * rps(pWall)) / rps(dWall)).toFixed(1)} % of direct)`,
      );
    }
  } finally {
    upstream.child.kill();
    proxy.child.kill();
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'upstream') await serveUpstream();
else if (mode === 'proxy') await serveProxy(Number(arg));
else await main();
