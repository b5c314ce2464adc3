import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { startDnsServer } from '../../providers/builtin-dns/dns-server.ts';
import { SourceRateLimiter, slipResponse } from '../../providers/builtin-dns/source-rate-limiter.ts';
import { dnsConfigSchema } from '../../providers/builtin-dns/zone-config.ts';
import {
  demoConfig,
  demoConfigInput,
  queryPacket,
  rcodeOf,
  silentLog,
  staticSides,
  tcpConnect,
  tcpQuery,
} from './helpers.ts';

const TC = 0x0200;

describe('dns server: TCP request deadline', () => {
  it('disconnects a client trickling one byte at a time, while a normal client is answered', async () => {
    const server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
      tcpIdleTimeoutMs: 60_000, // the idle timeout alone would never fire: every byte restarts it
      tcpRequestTimeoutMs: 400,
    });
    const slow = await tcpConnect(server.tcpPort);
    const query = queryPacket('www.demo.test');
    const bytes = Buffer.concat([Buffer.from([0, query.length]), query]);
    let sent = 0;
    const trickle = setInterval(() => {
      if (!slow.socket.destroyed && sent < bytes.length - 1) slow.socket.write(bytes.subarray(sent, ++sent));
    }, 20);
    try {
      const normal = await tcpQuery(server.tcpPort, queryPacket('www.demo.test'));
      expect(rcodeOf(normal)).toBe(0);
      expect(normal.answers?.[0]).toMatchObject({ type: 'A', data: '127.0.0.2' });
      await slow.closed; // only the server's request deadline can close it
      expect(sent).toBeGreaterThan(0);
    } finally {
      clearInterval(trickle);
      slow.close();
      await server.close();
    }
  });
});

/** Sends `count` queries from `source`; resolves with every reply once all have come back. */
function flood(port: number, source: string, count: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const replies: Buffer[] = [];
    sock.on('error', reject);
    sock.on('message', (m) => {
      replies.push(m);
      if (replies.length === count) {
        sock.close();
        resolve(replies);
      }
    });
    sock.bind(0, source, () => {
      for (let i = 0; i < count; i++) sock.send(queryPacket('www.demo.test', 'A', { id: i + 1 }), port, '127.0.0.1');
    });
  });
}

describe('dns server: per-source UDP rate limit', () => {
  it('limits a flooding source while another source is still answered', async () => {
    const server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
      // slip 1: every limited query gets an empty truncated reply, so the test can wait for all of them
      rateLimit: { perSecond: 1, burst: 5, slip: 1 },
    });
    try {
      const replies = await flood(server.udpPort, '127.0.0.5', 60);
      const limited = replies.filter((r) => (r.readUInt16BE(2) & TC) !== 0);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited.every((r) => dnsPacket.decode(r).answers?.length === 0)).toBe(true);
      expect(replies.length - limited.length).toBeLessThan(60);

      const [other] = await flood(server.udpPort, '127.0.0.6', 1);
      const decoded = dnsPacket.decode(other as Buffer);
      expect((other as Buffer).readUInt16BE(2) & TC).toBe(0);
      expect(decoded.answers?.[0]).toMatchObject({ type: 'A', data: '127.0.0.2' });
    } finally {
      await server.close();
    }
  });

  it('token bucket: a burst, then the sustained rate; dropped queries slip every slip-th', () => {
    let now = 0;
    const limiter = new SourceRateLimiter({ perSecond: 2, burst: 3, slip: 2 }, () => now);
    expect(['a', 'a', 'a', 'a', 'a', 'a'].map((s) => limiter.decide(s))).toEqual([
      'answer',
      'answer',
      'answer',
      'drop',
      'slip',
      'drop',
    ]);
    expect(limiter.decide('b')).toBe('answer');
    now = 500; // half a second refills one token
    expect([limiter.decide('a'), limiter.decide('a')]).toEqual(['answer', 'slip']);
  });

  it('a slip response echoes the id and sets QR and TC; junk and responses get none', () => {
    const q = queryPacket('www.demo.test', 'A', { id: 4242, rd: true });
    const r = slipResponse(q) as Buffer;
    expect(r.readUInt16BE(0)).toBe(4242);
    expect(r.readUInt16BE(2) & 0x8000).toBe(0x8000);
    expect(r.readUInt16BE(2) & TC).toBe(TC);
    expect(slipResponse(Buffer.alloc(5))).toBeNull();
    expect(slipResponse(r)).toBeNull();
  });

  it('config: defaults are generous, and both limits are configurable', () => {
    const cfg = dnsConfigSchema.parse(demoConfigInput);
    expect(cfg.tcpRequestTimeoutMs).toBe(10_000);
    expect(cfg.rateLimit).toEqual({ perSecond: 1000, burst: 2000, slip: 2 });
    const custom = dnsConfigSchema.parse({
      ...demoConfigInput,
      tcpRequestTimeoutMs: 2000,
      rateLimit: { perSecond: 50 },
    });
    expect(custom.rateLimit).toEqual({ perSecond: 50, burst: 2000, slip: 2 });
    expect(dnsConfigSchema.parse({ ...demoConfigInput, rateLimit: false }).rateLimit).toBe(false);
  });
});
