import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../../core/logger.ts';
import { startFaultProxy, type FaultProxy } from '../../../chaos/proxy/fault-proxy.ts';
import { FaultListView } from '../../support/fault-list-view.ts';
import { seededRandom } from '../../support/prng.ts';
import { closedPort } from '../../support/closed-port.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fetchRaw, startUpstream, type Upstream } from './http-fixture.ts';

const SEED = 20261203;
let upstream: Upstream;
let proxy: FaultProxy;
let base: string;
const view = new FaultListView();

beforeAll(async () => {
  upstream = await startUpstream('127.0.0.1');
  proxy = await startFaultProxy({
    name: 'www-primary',
    listen: { host: '127.0.0.3', port: 0 },
    upstream: upstream.url,
    faults: view,
    log: createLogger('test-proxy'),
    holdCheckMs: 20,
  });
  base = `http://127.0.0.3:${proxy.port}`;
});
afterEach(() => view.clear());
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

const get = (path: string, method = 'GET') => fetchRaw(new URL(path, base), { method });
const http = (spec: Record<string, unknown>) => ({ type: 'http', proxy: 'www-primary', ...spec });

/** A request that the test can watch and abandon. */
function pending(path: string) {
  let settled: { status: number; body: string } | Error | undefined;
  const req = request(new URL(path, base), { agent: false }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => (settled = { status: res.statusCode ?? 0, body }));
    res.on('error', (e) => (settled = e));
  });
  req.on('error', (e) => (settled = e));
  req.end();
  return { req, settled: () => settled };
}

describe('http faults on the proxy', () => {
  it('status: answers it with a body naming the fault and an x-canarykit-fault header, without asking upstream', async () => {
    const f = view.add(http({ status: 503 }));
    const before = upstream.seen.length;
    const r = await get('/home');
    expect(r.status).toBe(503);
    expect(r.headers['x-canarykit-fault']).toBe(f.id);
    expect(r.body.toString()).toBe(`canarykit fault ${f.id} on proxy "www-primary": HTTP 503\n`);
    expect(upstream.seen.length).toBe(before);
    view.add(http({ status: 418, body: 'teapot' }));
    expect((await get('/home')).body.toString()).toBe('teapot');
    expect((await get('/home', 'HEAD')).body.length).toBe(0);
  });

  it('stops at the next request once the fault is gone from the view (no event needed)', async () => {
    const older = view.add(http({ status: 500 }));
    const newer = view.add(http({ status: 503 }));
    expect((await get('/')).status).toBe(503);
    view.remove(newer.id);
    expect((await get('/')).status).toBe(500);
    view.remove(older.id);
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-canarykit-fault']).toBeUndefined();
  });

  it('never applies a fault whose lease has run out, even if the view still lists it', async () => {
    view.add(http({ status: 503 }), { expiresAt: Date.now() - 1 });
    expect((await get('/')).status).toBe(200);
  });

  it('ignores a malformed fault record instead of applying it', async () => {
    view.add(http({ status: 'broken' }));
    view.add({ type: 'http', proxy: 'other-proxy', status: 503 });
    expect((await get('/')).status).toBe(200);
  });

  it('latencyMs: holds the request back (upstream not asked yet), then forwards it', async () => {
    view.add(http({ latencyMs: 600_000, paths: ['/slow'] }));
    view.add(http({ latencyMs: 30, paths: ['/short'] }));
    const slow = pending('/slow');
    // A later request on another path is answered while /slow still waits, and upstream never saw /slow.
    const short = await get('/short');
    expect(short.status).toBe(200);
    expect(short.body.toString()).toBe('hello from GET /short\n');
    expect((await get('/fast')).status).toBe(200);
    expect(slow.settled()).toBeUndefined();
    expect(upstream.seen).not.toContain('GET /slow');
    slow.req.destroy();
  });

  it('latencyMs with status: waits, then answers the status', async () => {
    view.add(http({ latencyMs: 20, status: 502 }));
    expect((await get('/')).status).toBe(502);
  });

  it('reset: the client connection is reset without an answer', async () => {
    view.add(http({ reset: true }));
    await expect(get('/')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) as unknown });
  });

  it('blackhole: accepts and never answers; let go (and forwarded) when the fault ends', async () => {
    const f = view.add(http({ blackhole: true }));
    const held = pending('/held');
    await waitFor('the request to be held', () => proxy.held() === 1);
    expect(held.settled()).toBeUndefined();
    view.remove(f.id);
    const answer = await waitFor('the held request to be answered', () => held.settled());
    expect(answer).toEqual({ status: 200, body: 'hello from GET /held\n' });
    expect(proxy.held()).toBe(0);
  });

  it('blackhole: a client that leaves is forgotten (no leak)', async () => {
    view.add(http({ blackhole: true }));
    const held = [pending('/a'), pending('/b'), pending('/c')];
    await waitFor('three held requests', () => proxy.held() === 3);
    for (const h of held) h.req.destroy();
    await waitFor('no held request left', () => proxy.held() === 0);
  });

  it('paths and methods narrow a fault', async () => {
    view.add(http({ status: 503, paths: ['/api/**', '/checkout'], methods: ['post', 'PUT'] }));
    expect((await get('/api/cart', 'POST')).status).toBe(503);
    expect((await get('/api/v1/items?x=1', 'PUT')).status).toBe(503);
    expect((await get('/checkout', 'POST')).status).toBe(503);
    expect((await get('/api/cart', 'GET')).status).toBe(200);
    expect((await get('/home', 'POST')).status).toBe(200);
    expect((await get('/checkout/x', 'POST')).status).toBe(200);
  });

  it('percent: applies to the share of requests the seeded draws select', async () => {
    const own = await startFaultProxy({
      name: 'www-primary',
      listen: { host: '127.0.0.3', port: 0 },
      upstream: upstream.url,
      faults: view,
      log: createLogger('test-proxy'),
      random: seededRandom(SEED),
    });
    try {
      // One fault below 100 %: one draw per request, so replaying the same seed predicts every answer.
      const replay = seededRandom(SEED);
      view.add(http({ status: 503, percent: 30 }));
      const expected: number[] = [];
      const got: number[] = [];
      for (let i = 0; i < 100; i++) {
        expected.push(replay() * 100 < 30 ? 503 : 200);
        got.push((await fetchRaw(`http://127.0.0.3:${own.port}/p/${i}`)).status);
      }
      expect(got).toEqual(expected);
      const share = got.filter((s) => s === 503).length;
      expect(share).toBeGreaterThan(10);
      expect(share).toBeLessThan(50);
    } finally {
      await own.close();
    }
  });

  it('applies to WebSocket handshakes too: a status fault refuses the upgrade', async () => {
    const f = view.add(http({ status: 503, paths: ['/ws'] }));
    const ws = new WebSocket(`ws://127.0.0.3:${proxy.port}/ws`);
    const refused = await new Promise<{ status: number; fault: string | undefined }>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) =>
        resolve({ status: res.statusCode ?? 0, fault: res.headers['x-canarykit-fault'] as string | undefined }),
      );
      ws.once('open', () => reject(new Error('upgrade went through')));
    });
    expect(refused).toEqual({ status: 503, fault: f.id });
    ws.on('error', () => {});
    ws.terminate();
  });
});

describe('upstream down', () => {
  it('answers 502 with a body naming the proxy and the upstream, for requests and upgrades, and stays up', async () => {
    const port = await closedPort('127.0.0.1');
    const down = await startFaultProxy({
      name: 'www-dead',
      listen: { host: '127.0.0.3', port: 0 },
      upstream: new URL(`http://127.0.0.1:${port}`),
      faults: view,
      log: createLogger('test-proxy'),
    });
    try {
      const url = `http://127.0.0.3:${down.port}`;
      for (const method of ['GET', 'POST', 'HEAD']) {
        const r = await fetchRaw(`${url}/x`, { method, ...(method === 'POST' ? { body: Buffer.from('data') } : {}) });
        expect(r.status).toBe(502);
        if (method !== 'HEAD')
          expect(r.body.toString()).toBe(
            `canarykit fault proxy "www-dead": upstream http://127.0.0.1:${port} did not answer (ECONNREFUSED)\n`,
          );
      }
      const ws = new WebSocket(`ws://127.0.0.3:${down.port}/ws`);
      const status = await new Promise<number>((resolve, reject) => {
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => reject(new Error('opened')));
      });
      expect(status).toBe(502);
      ws.on('error', () => {});
      ws.terminate();
      expect((await fetchRaw(`${url}/again`)).status).toBe(502);
    } finally {
      await down.close();
    }
  });

  it('a proxy that cannot listen says which and where', async () => {
    const opts = {
      name: 'dup',
      listen: { host: '127.0.0.3', port: proxy.port },
      upstream: upstream.url,
      faults: view,
      log: createLogger('test-proxy'),
    };
    await expect(startFaultProxy(opts)).rejects.toThrow(
      `proxy "dup" cannot listen on 127.0.0.3:${proxy.port}: EADDRINUSE`,
    );
  });
});
