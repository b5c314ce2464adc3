import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { buildProviders } from '../../providers/build-providers.ts';
import { BuiltinDnsProvider } from '../../providers/builtin-dns/builtin-dns-provider.ts';
import { CommandRecoveryProvider } from '../../providers/command/command-provider.ts';
import { dnsProviders, findProvider, providerTypes, recoveryProviders } from '../../providers/index.ts';
import { providerCatalog } from '../../providers/provider-catalog.ts';
import { rfc2136EntrySchema } from '../../providers/rfc2136/rfc2136-config.ts';
import { Rfc2136DnsProvider } from '../../providers/rfc2136/rfc2136-provider.ts';
import { demoConfig } from '../dns/helpers.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

describe('the provider registry', () => {
  const prefix = testPrefix('providers');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('lists every provider by port, each with the type it is registered under', () => {
    expect(providerTypes('dns')).toEqual(['builtin', 'rfc2136', 'route53', 'cloudflare']);
    expect(providerTypes('recovery')).toEqual(['command', 'docker', 'ec2']);
    for (const [type, plugin] of [...Object.entries(dnsProviders), ...Object.entries(recoveryProviders)])
      expect(plugin.type).toBe(type);
    expect(findProvider('dns', 'builtin')?.port).toBe('dns');
    expect(findProvider('recovery', 'command')?.port).toBe('recovery');
    expect(findProvider('dns', 'command')).toBeUndefined();
    expect(findProvider('dns', 'toString')).toBeUndefined();
  });

  it('builds one instance of each for a process, looked up by port and name', async () => {
    const providers = buildProviders({ dns: demoConfig }, { redis, prefix, createLogger });
    try {
      expect(providers.get('dns', 'builtin')).toBeInstanceOf(BuiltinDnsProvider);
      // Handed out wrapped, so targets are parsed by the provider's schema first.
      expect(providers.get('recovery', 'command')?.type).toBe(new CommandRecoveryProvider().type);
      expect(providers.get('dns', 'route53')).toBeUndefined();
      expect(providers.get('recovery', 'builtin')).toBeUndefined();
      expect(providers.names('dns')).toEqual(['builtin']);
      // Keys under the project's prefix, as the built-in server's cache reads them.
      await providers.get('dns', 'builtin')?.setSide({ record: 'www.demo.test' }, 'secondary', {
        alarm: 'a',
        transitionId: 't',
        reason: 'r',
        action: 'x',
      });
      expect(await redis.hget(`${prefix}:dns:sides`, 'www.demo.test')).toBe('secondary');
    } finally {
      await providers.close();
    }
  });

  it('builds a DNS provider per dnsProviders entry, under its name, with builtin always there', async () => {
    const dnsProviders = {
      corp: rfc2136EntrySchema.parse({ type: 'rfc2136', server: '127.0.0.1:5300', zone: 'corp.test' }),
    };
    const providers = buildProviders({ dns: demoConfig, dnsProviders }, { redis, prefix, createLogger });
    try {
      expect(providers.names('dns')).toEqual(['builtin', 'corp']);
      expect(providers.get('dns', 'corp')).toBeInstanceOf(Rfc2136DnsProvider);
      expect(providers.get('dns', 'rfc2136')).toBeUndefined();
    } finally {
      await providers.close();
    }
  });

  it('checks targets at load time through the named provider, and names the unknown ones', () => {
    const catalog = providerCatalog({ dns: demoConfig });
    expect(catalog.checkTarget('dns', 'builtin', { record: 'www.demo.test' })).toEqual([]);
    expect(catalog.checkTarget('dns', 'corp', { record: 'www.demo.test' })).toEqual([
      { path: 'provider', message: 'unknown DNS provider "corp": expected one of builtin' },
    ]);
    const dnsProviders = {
      corp: rfc2136EntrySchema.parse({ type: 'rfc2136', server: '127.0.0.1:5300', zone: 'corp.test' }),
    };
    const named = providerCatalog({ dns: demoConfig, dnsProviders });
    expect(named.checkTarget('dns', 'lab', { record: 'www.corp.test' })).toEqual([
      { path: 'provider', message: 'unknown DNS provider "lab": expected one of builtin, corp' },
    ]);
    const corp = { record: 'www.corp.test', primary: ['127.0.0.2'], secondary: ['127.0.0.3'] };
    expect(named.checkTarget('dns', 'corp', corp)).toEqual([]);
    expect(named.checkTarget('dns', 'corp', { ...corp, record: 'www.demo.test' })).toEqual([
      { path: 'record', message: 'www.demo.test is outside zone corp.test of this rfc2136 provider' },
    ]);
    expect(named.checkTarget('dns', 'builtin', { ...corp, record: 'www.demo.test' })).toEqual([
      { path: 'primary', message: 'the built-in provider serves what dns.zones says: remove `primary` here' },
      { path: 'secondary', message: 'the built-in provider serves what dns.zones says: remove `secondary` here' },
    ]);
    expect(catalog.checkTarget('recovery', 'ec3', {})).toEqual([
      { path: 'provider', message: 'unknown recovery provider "ec3": expected one of command, docker, ec2' },
    ]);
  });
});
