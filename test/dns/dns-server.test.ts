import dnsPacket, { type Answer, type RecordType } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../../providers/builtin-dns/dns-server.ts';
import {
  demoConfig,
  queryPacket,
  rcodeOf,
  resolverFor,
  silentLog,
  staticSides,
  tcpConnect,
  tcpFrame,
  tcpQuery,
  udpQuery,
} from './helpers.ts';

const RCODE = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 };

describe('dns server: answers', () => {
  const sides = staticSides();
  let server: DnsServer;

  beforeAll(async () => {
    server = await startDnsServer({ host: '127.0.0.1', port: 0, zones: demoConfig.zones, sides, log: silentLog });
  });
  afterAll(() => server.close());

  it('binds UDP and TCP to the same ephemeral port', () => {
    expect(server.udpPort).toBeGreaterThan(0);
    expect(server.tcpPort).toBe(server.udpPort);
  });

  it('resolves failover, static and AAAA records through node:dns', async () => {
    const r = resolverFor(server.udpPort);
    expect(await r.resolve4('www.demo.test', { ttl: true })).toEqual([{ address: '127.0.0.2', ttl: 5 }]);
    expect(await r.resolve6('www.demo.test')).toEqual(['2001:db8::2']);
    expect((await r.resolve4('api.demo.test')).sort()).toEqual(['127.0.1.1', '127.0.1.2']);
    expect(await r.resolve4('STATIC.Demo.Test')).toEqual(['192.0.2.10']);
    expect(await r.resolve4('other.test')).toEqual(['192.0.2.99']);
  });

  it('maps NXDOMAIN, REFUSED and NODATA to node:dns error codes', async () => {
    const r = resolverFor(server.udpPort);
    await expect(r.resolve4('missing.demo.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(r.resolve4('www.example.com')).rejects.toMatchObject({ code: 'EREFUSED' });
    await expect(r.resolve6('static.demo.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('follows the side lookup', async () => {
    const r = resolverFor(server.udpPort);
    sides.set('www.demo.test', 'secondary');
    try {
      expect(await r.resolve4('www.demo.test')).toEqual(['127.0.0.3']);
      expect(await r.resolve6('www.demo.test')).toEqual(['2001:db8::3']);
    } finally {
      sides.set('www.demo.test', 'primary');
    }
    expect(await r.resolve4('www.demo.test')).toEqual(['127.0.0.2']);
  });

  for (const transport of ['udp', 'tcp'] as const) {
    const ask = (msg: Buffer) => (transport === 'udp' ? udpQuery(server.udpPort, msg) : tcpQuery(server.tcpPort, msg));

    it(`${transport}: authoritative answer with id, RD echo, question and TTL`, async () => {
      const res = await ask(queryPacket('WwW.Demo.TEST', 'A', { id: 4242, rd: true }));
      expect(res.id).toBe(4242);
      expect(res.type).toBe('response');
      expect(res.flag_aa).toBe(true);
      expect(res.flag_rd).toBe(true);
      expect(res.flag_ra).toBe(false);
      expect(res.flag_tc).toBe(false);
      expect(rcodeOf(res)).toBe(RCODE.NOERROR);
      expect(res.questions).toEqual([{ name: 'WwW.Demo.TEST', type: 'A', class: 'IN' }]);
      expect(res.answers).toMatchObject([{ name: 'www.demo.test', type: 'A', ttl: 5, data: '127.0.0.2' }]);

      const noRd = await ask(queryPacket('www.demo.test', 'A', { rd: false }));
      expect(noRd.flag_rd).toBe(false);
      expect(noRd.flag_aa).toBe(true);
    });

    it(`${transport}: NXDOMAIN and NODATA carry the zone SOA with the negative TTL`, async () => {
      const soa = {
        name: 'demo.test',
        type: 'SOA',
        ttl: 5,
        data: { mname: 'ns.demo.test', rname: 'hostmaster.demo.test', minimum: 5 },
      };
      const nx = await ask(queryPacket('nope.demo.test'));
      expect(rcodeOf(nx)).toBe(RCODE.NXDOMAIN);
      expect(nx.flag_aa).toBe(true);
      expect(nx.answers).toEqual([]);
      expect(nx.authorities).toMatchObject([soa]);

      const nodata = await ask(queryPacket('www.demo.test', 'MX'));
      expect(rcodeOf(nodata)).toBe(RCODE.NOERROR);
      expect(nodata.answers).toEqual([]);
      expect(nodata.authorities).toMatchObject([soa]);

      // Empty non-terminal: has a name below it, so it exists.
      const ent = await ask(queryPacket('ent.demo.test'));
      expect(rcodeOf(ent)).toBe(RCODE.NOERROR);
      expect(ent.answers).toEqual([]);
    });

    it(`${transport}: REFUSED outside our zones, without AA`, async () => {
      const res = await ask(queryPacket('example.com'));
      expect(rcodeOf(res)).toBe(RCODE.REFUSED);
      expect(res.flag_aa).toBe(false);
      expect(res.questions).toEqual([{ name: 'example.com', type: 'A', class: 'IN' }]);
      expect(rcodeOf(await ask(queryPacket('demo.test.evil.example')))).toBe(RCODE.REFUSED);
      expect(rcodeOf(await ask(queryPacket('xdemo.test')))).toBe(RCODE.REFUSED);
    });

    it(`${transport}: SOA, NS and ANY at the apex`, async () => {
      const soa = await ask(queryPacket('demo.test', 'SOA'));
      expect(soa.flag_aa).toBe(true);
      expect(soa.answers).toMatchObject([
        {
          type: 'SOA',
          name: 'demo.test',
          data: {
            mname: 'ns.demo.test',
            rname: 'hostmaster.demo.test',
            serial: 1,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 5,
          },
        },
      ]);
      const ns = await ask(queryPacket('demo.test', 'NS'));
      expect(ns.answers).toMatchObject([{ type: 'NS', name: 'demo.test', data: 'ns.demo.test' }]);
      const any = await ask(queryPacket('www.demo.test', 'ANY' as RecordType));
      expect((any.answers ?? []).map((a: Answer) => a.type).sort()).toEqual(['A', 'AAAA']);
    });
  }

  it('answers EDNS queries with an OPT record', async () => {
    const res = await udpQuery(server.udpPort, queryPacket('www.demo.test', 'A', { edns: { udpPayloadSize: 4096 } }));
    expect(rcodeOf(res)).toBe(RCODE.NOERROR);
    expect(res.answers).toHaveLength(1);
    expect(res.additionals).toMatchObject([{ type: 'OPT', udpPayloadSize: 1232, ednsVersion: 0 }]);
  });

  it('answers BADVERS to EDNS versions above 0', async () => {
    const res = await udpQuery(server.udpPort, queryPacket('www.demo.test', 'A', { edns: { ednsVersion: 1 } }));
    expect(res.answers).toEqual([]);
    expect(res.additionals).toMatchObject([{ type: 'OPT', extendedRcode: 1 }]); // (1 << 4) | 0 = 16 = BADVERS
  });

  it('sets TC on UDP answers that do not fit, and TCP / node:dns still get everything', async () => {
    const plain = await udpQuery(server.udpPort, queryPacket('big.demo.test'));
    expect(plain.flag_tc).toBe(true);
    expect(plain.answers).toEqual([]);
    const edns = await udpQuery(server.udpPort, queryPacket('big.demo.test', 'A', { edns: { udpPayloadSize: 4096 } }));
    expect(edns.flag_tc).toBe(false);
    expect(edns.answers).toHaveLength(30);
    expect((await tcpQuery(server.tcpPort, queryPacket('big.demo.test'))).answers).toHaveLength(30);
    expect(await resolverFor(server.udpPort).resolve4('big.demo.test')).toHaveLength(30); // c-ares retries over TCP
  });

  it('refuses zone transfers and non-IN classes', async () => {
    expect(rcodeOf(await tcpQuery(server.tcpPort, queryPacket('demo.test', 'AXFR')))).toBe(RCODE.REFUSED);
    const ch = dnsPacket.encode({
      type: 'query',
      id: 7,
      questions: [{ name: 'version.bind', type: 'TXT', class: 'CH' }],
    });
    expect(rcodeOf(await udpQuery(server.udpPort, ch))).toBe(RCODE.REFUSED);
  });

  it('TCP: pipelined queries on one connection, split across writes, answered in order', async () => {
    const client = await tcpConnect(server.tcpPort);
    try {
      const ids = [11, 12, 13, 14];
      const names = ['www.demo.test', 'nope.demo.test', 'example.com', 'static.demo.test'];
      const wire = Buffer.concat(names.map((n, i) => tcpFrame(queryPacket(n, 'A', { id: ids[i] as number }))));
      // Dribble the bytes in odd-sized pieces to exercise partial frames and partial length prefixes.
      for (let off = 0; off < wire.length; off += 7) {
        client.socket.write(wire.subarray(off, off + 7));
        await new Promise((r) => setTimeout(r, 1));
      }
      const replies = (await client.next(4)).map((b) => dnsPacket.decode(b));
      expect(replies.map((r) => r.id)).toEqual(ids);
      expect(replies.map(rcodeOf)).toEqual([RCODE.NOERROR, RCODE.NXDOMAIN, RCODE.REFUSED, RCODE.NOERROR]);
    } finally {
      client.close();
    }
  });
});

describe('dns server: lifecycle', () => {
  it('closes idle TCP connections', async () => {
    const server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
      tcpIdleTimeoutMs: 150,
    });
    try {
      const client = await tcpConnect(server.tcpPort);
      let ended = false;
      client.socket.once('end', () => (ended = true));
      await client.closed; // the test never closes it: only the server's idle timeout can
      expect(ended).toBe(true); // the server sent FIN
    } finally {
      await server.close();
    }
  });

  it('binds a fixed port for both UDP and TCP, and close() is idempotent and frees it', async () => {
    const probe = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
    });
    const port = probe.udpPort;
    await probe.close();
    const server = await startDnsServer({
      host: '127.0.0.1',
      port,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
    });
    expect([server.udpPort, server.tcpPort]).toEqual([port, port]);
    expect((await tcpQuery(port, queryPacket('www.demo.test'))).answers).toHaveLength(1);
    await Promise.all([server.close(), server.close()]);
    await expect(
      startDnsServer({ host: '127.0.0.1', port, zones: demoConfig.zones, sides: staticSides(), log: silentLog }).then(
        (s) => s.close(),
      ),
    ).resolves.toBeUndefined();
  });

  it('rejects when the fixed port is taken, without leaking the UDP socket', async () => {
    const first = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
    });
    try {
      await expect(
        startDnsServer({
          host: '127.0.0.1',
          port: first.udpPort,
          zones: demoConfig.zones,
          sides: staticSides(),
          log: silentLog,
        }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('answers SERVFAIL (and keeps serving) when the side lookup throws', async () => {
    let fail = true;
    const sides = {
      get: () => {
        if (fail) throw new Error('boom');
        return 'primary' as const;
      },
    };
    const server = await startDnsServer({ host: '127.0.0.1', port: 0, zones: demoConfig.zones, sides, log: silentLog });
    try {
      expect(rcodeOf(await udpQuery(server.udpPort, queryPacket('www.demo.test')))).toBe(2);
      fail = false;
      expect((await udpQuery(server.udpPort, queryPacket('www.demo.test'))).answers).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
