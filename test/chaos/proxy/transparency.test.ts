import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../../core/logger.ts';
import { startFaultProxy, type FaultProxy } from '../../../chaos/proxy/fault-proxy.ts';
import { FaultListView } from '../../support/fault-list-view.ts';
import { bodyHash, fetchRaw, stableHeaders, startUpstream, type FetchOptions, type Upstream } from './http-fixture.ts';

let upstream: Upstream;
let proxy: FaultProxy;
let via: string;

beforeAll(async () => {
  upstream = await startUpstream('127.0.0.1');
  proxy = await startFaultProxy({
    name: 'www-primary',
    listen: { host: '127.0.0.2', port: 0 },
    upstream: upstream.url,
    faults: new FaultListView(),
    log: createLogger('test-proxy'),
  });
  via = `http://127.0.0.2:${proxy.port}`;
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

/** The same request direct and through the proxy. */
async function both(path: string, opts: FetchOptions = {}) {
  const direct = await fetchRaw(new URL(path, upstream.url), opts);
  const proxied = await fetchRaw(new URL(path, via), opts);
  return { direct, proxied };
}

describe('fault proxy with no fault: transparent', () => {
  it.each([0, 1, 65_536, 1_000_003, 50 * 1024 * 1024])(
    'a %i-byte body arrives intact, same status and headers',
    async (size) => {
      const { direct, proxied } = await both(`/bytes/${size}`);
      expect(proxied.status).toBe(200);
      expect(proxied.sha256).toBe(bodyHash(size));
      expect(proxied.sha256).toBe(direct.sha256);
      expect(stableHeaders(proxied.rawHeaders)).toEqual(stableHeaders(direct.rawHeaders));
    },
  );

  it('relays a chunked response chunked, with its trailer', async () => {
    const { direct, proxied } = await both('/chunked');
    expect(proxied.headers['transfer-encoding']).toBe('chunked');
    expect(proxied.body.toString()).toBe(direct.body.toString());
    expect(proxied.body.toString()).toBe('part 0\npart 1\npart 2\npart 3\npart 4\n');
    expect(proxied.trailers['x-checksum']).toBe('abc123');
    expect(stableHeaders(proxied.rawHeaders)).toEqual(stableHeaders(direct.rawHeaders));
  });

  it('answers HEAD with the headers (length included) and no body', async () => {
    const { direct, proxied } = await both('/bytes/12345', { method: 'HEAD' });
    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-length']).toBe('12345');
    expect(proxied.body.length).toBe(0);
    expect(stableHeaders(proxied.rawHeaders)).toEqual(stableHeaders(direct.rawHeaders));
  });

  it('keeps status codes, repeated Set-Cookie fields and custom headers', async () => {
    const missing = await both('/missing?q=1');
    expect(missing.proxied.status).toBe(404);
    expect(missing.proxied.body.toString()).toBe('hello from GET /missing?q=1\n');
    expect(stableHeaders(missing.proxied.rawHeaders)).toEqual(stableHeaders(missing.direct.rawHeaders));
    const cookies = await both('/cookies');
    expect(cookies.proxied.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });

  it('streams a POST upload of 50 MB sent chunked, and one with a length', async () => {
    const blocks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1 << 20, i));
    const whole = Buffer.concat(blocks);
    const expected = (
      await fetchRaw(new URL('/upload', upstream.url), { method: 'POST', body: whole })
    ).body.toString();
    const chunked = await fetchRaw(new URL('/upload', via), { method: 'POST', body: blocks });
    const sized = await fetchRaw(new URL('/upload', via), { method: 'POST', body: whole });
    const c = JSON.parse(chunked.body.toString()) as { sha256: string; length: number; te: string | null };
    expect(c.length).toBe(50 * 1024 * 1024);
    expect(c.te).toBe('chunked');
    expect(c.sha256).toBe((JSON.parse(expected) as { sha256: string }).sha256);
    expect(sized.body.toString()).toBe(expected);
  });

  it('reuses the client connection across requests (keep-alive), and pools upstream connections', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = upstream.connections;
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await fetchRaw(new URL(`/n/${i}`, via), { agent }));
      expect(answers.map((a) => a.body.toString())).toEqual([0, 1, 2, 3, 4].map((i) => `hello from GET /n/${i}\n`));
      expect(new Set(answers.map((a) => a.socket)).size).toBe(1);
      expect(upstream.connections - before).toBeLessThanOrEqual(1);
    } finally {
      agent.destroy();
    }
  });

  it('drops hop-by-hop request headers (and those Connection names), keeps the Host, adds X-Forwarded-For and Via', async () => {
    const r = await fetchRaw(new URL('/headers', via), {
      headers: {
        Host: 'www.demo.test',
        Connection: 'keep-alive, x-hop',
        'X-Hop': 'secret',
        'X-End': 'kept',
        TE: 'trailers',
      },
    });
    const seen = JSON.parse(r.body.toString()) as Record<string, string>;
    expect(seen.host).toBe('www.demo.test');
    expect(seen['x-end']).toBe('kept');
    expect(seen['x-hop']).toBeUndefined();
    expect(seen.te).toBeUndefined();
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.via).toBe('1.1 canarykit-www-primary');
  });

  it('pipes a WebSocket both ways (text and binary echo)', async () => {
    const ws = new WebSocket(`ws://127.0.0.2:${proxy.port}/ws`);
    const received: Array<{ data: string; binary: boolean }> = [];
    const got = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer, binary) => {
        received.push({ data: data.toString('hex'), binary });
        if (received.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send('hello through the proxy');
    ws.send(Buffer.from([0, 1, 2, 255]));
    await got;
    expect(received).toEqual([
      { data: Buffer.from('hello through the proxy').toString('hex'), binary: false },
      { data: '000102ff', binary: true },
    ]);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.close(1000);
    expect(await closed).toBe(1000);
  });
});
