import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsFailback } from '../../actions/dns/failback-action.ts';
import { dnsFailover } from '../../actions/dns/failover-action.ts';
import type { ActionContext, ActionServices } from '../../core/action.ts';
import type { DnsProvider } from '../../core/dns-provider.ts';
import { createLogger } from '../../core/logger.ts';
import { startDnsServer, type DnsServer } from '../../providers/builtin-dns/dns-server.ts';
import { builtinDns } from '../../providers/builtin-dns/index.ts';
import { DnsSideCache } from '../../providers/builtin-dns/side-cache.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { demoConfig, eventually, queryPacket, redisFixture, resolverFor, silentLog, tcpQuery } from './helpers.ts';

const ctx = (newState: 'ALARM' | 'OK', actionName: string): ActionContext => ({
  actionName,
  dryRun: false,
  transition: {
    id: `tr-${newState}`,
    alarm: 'www-health',
    oldState: newState === 'ALARM' ? 'OK' : 'ALARM',
    newState,
    reason: 'test',
    timestamp: new Date().toISOString(),
    actions: [actionName],
  },
});

describe('DNS failover end to end (actions → Redis → pub/sub → cache → answers)', () => {
  let fx: Awaited<ReturnType<typeof redisFixture>>;
  let cache: DnsSideCache;
  let server: DnsServer;
  let services: ActionServices;
  let dns: DnsProvider;
  // The built-in provider keys its state under `${redisPrefix}:`, as `canary up` does.
  const statePrefix = () => `${fx.prefix}:`;

  beforeAll(async () => {
    fx = await redisFixture();
    // The DNS server process: its own connection, cache and server.
    cache = await new DnsSideCache(fx.connect(), statePrefix(), { refreshMs: 60_000, log: silentLog }).start();
    server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: cache,
      log: silentLog,
    });
    // The action-runner process: another connection; it can ask the server what it serves.
    dns = builtinDns.create(
      { dns: demoConfig },
      {
        redis: fx.connect(),
        prefix: fx.prefix,
        createLogger,
        builtinDnsServer: () => ({ host: '127.0.0.1', port: server.udpPort }),
      },
      { type: 'builtin' },
    );
    services = { providers: providerTable({ dns: { builtin: dns } }), log: silentLog };
  });
  afterAll(async () => {
    await server?.close();
    await cache?.close();
    await fx?.cleanup();
  });

  it('fails over and back, visible over UDP and TCP', async () => {
    const failover = dnsFailover;
    const failback = dnsFailback;
    const r = resolverFor(server.udpPort);
    const tcpA = async () =>
      ((await tcpQuery(server.tcpPort, queryPacket('www.demo.test'))).answers ?? []).map(
        (a) => (a as dnsPacket.StringAnswer).data,
      );
    expect(await r.resolve4('www.demo.test')).toEqual(['127.0.0.2']);

    const config = failover.schema.parse({ type: 'dns-failover', record: 'www.demo.test' });
    const out = await failover.execute(config, ctx('ALARM', 'failover-www'), services);
    expect(out).toEqual({
      status: 'done',
      detail: 'www.demo.test now serves secondary (127.0.0.3, 2001:db8::3), was primary (127.0.0.2, 2001:db8::2)',
      data: { issuedAt: expect.any(String), servedAt: expect.any(String), servedBy: `udp 127.0.0.1:${server.udpPort}` },
    });
    // Confirmed by a real query: by the time the action returns, the server already answers the secondary.
    expect(await r.resolve4('www.demo.test')).toEqual(['127.0.0.3']);
    expect(
      await eventually(
        () => r.resolve4('www.demo.test'),
        (a) => a[0] === '127.0.0.3',
        1000,
      ),
    ).toEqual(['127.0.0.3']);
    expect(await r.resolve6('www.demo.test')).toEqual(['2001:db8::3']);
    expect(await tcpA()).toEqual(['127.0.0.3']);
    expect(await r.resolve4('api.demo.test')).toHaveLength(2); // other records untouched

    expect(await failover.execute(config, ctx('ALARM', 'failover-www'), services)).toMatchObject({
      status: 'noop',
      detail: 'www.demo.test already serves secondary (127.0.0.3, 2001:db8::3)',
    });

    const back = failback.schema.parse({ type: 'dns-failback', record: 'www.demo.test' });
    expect((await failback.execute(back, ctx('OK', 'failback-www'), services)).status).toBe('done');
    expect(
      await eventually(
        () => r.resolve4('www.demo.test'),
        (a) => a[0] === '127.0.0.2',
        1000,
      ),
    ).toEqual(['127.0.0.2']);

    const audit = await dns.audit('www.demo.test');
    expect(audit.map((e) => `${e.action}:${e.from}->${e.to}:${e.changed}`)).toEqual([
      'failback-www:secondary->primary:true',
      'failover-www:secondary->secondary:false',
      'failover-www:primary->secondary:true',
    ]);
    expect(audit[2]).toMatchObject({ alarm: 'www-health', transitionId: 'tr-ALARM' });
  });

  it('a restarted DNS server process comes up serving the persisted side', async () => {
    await dns.setSide({ record: 'api.demo.test' }, 'secondary', {
      alarm: 'a',
      transitionId: 't',
      reason: 'r',
      action: 'x',
    });
    const cache2 = await new DnsSideCache(fx.connect(), statePrefix(), { log: silentLog }).start();
    const server2 = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: cache2,
      log: silentLog,
    });
    try {
      expect(await resolverFor(server2.udpPort).resolve4('api.demo.test')).toEqual(['127.0.2.1']);
    } finally {
      await server2.close();
      await cache2.close();
    }
  });
});
