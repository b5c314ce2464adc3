import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import type { ProviderDeps } from '../../core/provider.ts';
import { BuiltinDnsProvider } from '../../providers/builtin-dns/builtin-dns-provider.ts';
import { startDnsServer, type DnsServer } from '../../providers/builtin-dns/dns-server.ts';
import { builtinDns } from '../../providers/builtin-dns/index.ts';
import { DnsSideCache } from '../../providers/builtin-dns/side-cache.ts';
import { demoConfig, redisFixture, silentLog } from '../dns/helpers.ts';
import { MemoryDnsProvider } from '../support/memory-dns-provider.ts';
import { cause, describeDnsProviderContract } from './dns-provider.contract.ts';

/** The built-in provider as `canary up` wires it: the plugin's store, and a real server reading a side cache. */
async function builtinFixture(opts: { withServer?: boolean } = {}) {
  const fx = await redisFixture();
  // The plugin keys its state under `${prefix}:`; the server's cache must read the same keys.
  const cache = await new DnsSideCache(fx.connect(), `${fx.prefix}:`, { refreshMs: 60_000, log: silentLog }).start();
  let server: DnsServer | undefined;
  if (opts.withServer !== false)
    server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: cache,
      log: silentLog,
    });
  const deps: ProviderDeps = {
    redis: fx.connect(),
    prefix: fx.prefix,
    createLogger,
    builtinDnsServer: () => (server ? { host: '127.0.0.1', port: server.udpPort } : undefined),
  };
  const provider = builtinDns.create({ dns: demoConfig }, deps, { type: 'builtin' }) as BuiltinDnsProvider;
  return {
    fx,
    provider,
    async teardown() {
      await server?.close();
      await cache.close();
      await fx.cleanup();
    },
  };
}

describeDnsProviderContract('builtin (Redis state, real DNS server)', async () => {
  const { provider, teardown } = await builtinFixture();
  return { provider, records: ['www.demo.test', 'api.demo.test'], unknownRecord: 'static.demo.test', teardown };
});

describeDnsProviderContract('MemoryDnsProvider (the tests’ fake)', async () => ({
  provider: new MemoryDnsProvider({ zones: demoConfig.zones }),
  records: ['www.demo.test', 'api.demo.test'],
  unknownRecord: 'static.demo.test',
  teardown: async () => {},
}));

describe('builtin DNS provider', () => {
  let f: Awaited<ReturnType<typeof builtinFixture>>;
  afterEach(() => f.teardown());

  describe('with a server in this process', () => {
    beforeEach(async () => {
      f = await builtinFixture();
    });

    it('lists every configured failover record with its side', async () => {
      await f.provider.setSide({ record: 'www.demo.test' }, 'secondary', cause());
      expect(await f.provider.sides()).toEqual({ 'www.demo.test': 'secondary', 'api.demo.test': 'primary' });
    });

    it('answers served() with a real query, A and AAAA together, naming the server', async () => {
      const answer = await f.provider.served({ record: 'WWW.demo.test.' });
      expect(answer?.record).toBe('www.demo.test');
      expect([...(answer?.values ?? [])].sort()).toEqual(['127.0.0.2', '2001:db8::2']);
      expect(answer?.source).toMatch(/^udp 127\.0\.0\.1:\d+$/);
    });
  });

  it('cannot say what is served where no server runs in this process', async () => {
    f = await builtinFixture({ withServer: false });
    expect(await f.provider.served({ record: 'www.demo.test' })).toBeUndefined();
  });
});

describe('builtin DNS provider: checks targets against dns.zones, connecting to nothing', () => {
  const check = (record: string, config: { dns?: typeof demoConfig } = { dns: demoConfig }) =>
    builtinDns.checkTarget({ record }, config, { type: 'builtin' });
  it('accepts failover records', () => {
    expect(check('www.demo.test')).toEqual([]);
    expect(check('WWW.Demo.Test.')).toEqual([]);
  });
  it('refuses static records and unknown names, with the place', () => {
    expect(check('static.demo.test')).toEqual([
      { path: 'record', message: expect.stringMatching(/^"static\.demo\.test" is a static record in dns\.zones/) },
    ]);
    expect(check('nope.test')).toEqual([
      {
        path: 'record',
        message:
          'unknown DNS record "nope.test": expected one of the failover records in dns.zones (www.demo.test, api.demo.test)',
      },
    ]);
    expect(check('nope.test', {})[0]?.message).toMatch(/\(none defined\)$/);
  });
});
