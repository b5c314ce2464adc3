/** The rfc2136 provider against a real BIND 9 started on a loopback port, with a TSIG key. */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import type { DnsProvider, DnsRecordTarget } from '../../core/dns-provider.ts';
import { dnsFailover } from '../../actions/dns/failover-action.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { rfc2136 } from '../../providers/rfc2136/index.ts';
import { silentLog } from '../dns/helpers.ts';
import { rfc2136EntrySchema } from '../../providers/rfc2136/rfc2136-config.ts';
import { bindUnavailable, startBind9, type Bind9 } from '../support/bind9.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { cause, describeDnsProviderContract } from './dns-provider.contract.ts';

const ZONE = 'corp.test';
const TARGETS: Record<string, DnsRecordTarget> = {
  'www.corp.test': { record: 'www.corp.test', type: 'A', primary: ['127.0.0.2'], secondary: ['127.0.0.3'], ttl: 30 },
  'api.corp.test': {
    record: 'api.corp.test',
    type: 'A',
    primary: ['127.0.1.1', '127.0.1.2'],
    secondary: ['127.0.2.1'],
  },
  'v6.corp.test': { record: 'v6.corp.test', type: 'AAAA', primary: ['2001:db8::2'], secondary: ['2001:db8::3'] },
  'www.other.test': { record: 'www.other.test', primary: ['127.0.0.2'], secondary: ['127.0.0.3'] },
};
const target = (record: string): DnsRecordTarget => TARGETS[record] ?? { record };
const ZONE_RECORDS = [
  'www 30 IN A 127.0.0.2',
  'api 60 IN A 127.0.1.1',
  'api 60 IN A 127.0.1.2',
  'v6 30 IN AAAA 2001:db8::2',
];

const unavailable = bindUnavailable();
if (unavailable) console.warn(`[rfc2136 tests skipped] ${unavailable}`);

/** A fresh BIND and Redis prefix, and the provider as `buildProviders` makes it from a `dnsProviders` entry. */
async function fixture(opts: { secret?: string } = {}) {
  const bind = await startBind9({ zone: ZONE, records: ZONE_RECORDS });
  const prefix = testPrefix('rfc2136');
  const env = `CK_TEST_TSIG_${prefix.replace(/\W/g, '_')}`;
  process.env[env] = opts.secret ?? bind.secret;
  const entry = rfc2136EntrySchema.parse({
    type: 'rfc2136',
    server: `127.0.0.1:${bind.port}`,
    zone: ZONE,
    tsig: { name: bind.keyName, algorithm: 'hmac-sha256', secretEnv: env },
    timeoutMs: 2000,
  });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const provider = rfc2136.create({}, { redis, prefix, createLogger, name: 'corp' }, entry);
  return {
    bind,
    provider,
    redis,
    prefix,
    async teardown() {
      delete process.env[env];
      redis.disconnect();
      await bind.stop();
      await deletePrefix(prefix);
    },
  };
}

describe.skipIf(unavailable !== undefined)('rfc2136 provider against BIND 9', () => {
  describeDnsProviderContract('rfc2136 (real BIND 9, TSIG hmac-sha256)', async () => {
    const f = await fixture();
    return {
      provider: f.provider,
      records: ['www.corp.test', 'api.corp.test'],
      unknownRecord: 'www.other.test',
      target,
      teardown: f.teardown,
    };
  });
});

describe.skipIf(unavailable !== undefined)('rfc2136 provider against BIND 9: switching, refusals, failures', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  afterEach(() => f.teardown());

  describe('with the right key', () => {
    beforeEach(async () => {
      f = await fixture();
    });

    it('a failover changes what dig answers; failback restores it; the served answer names the server', async () => {
      const www = target('www.corp.test');
      expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
      await f.provider.setSide(www, 'secondary', cause(1));
      expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.3']);
      expect(await f.provider.served(www)).toEqual({
        record: 'www.corp.test',
        side: 'secondary',
        values: ['127.0.0.3'],
        source: `udp 127.0.0.1:${f.bind.port}`,
      });
      await f.provider.setSide(www, 'primary', cause(2));
      expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
      // Other records are untouched.
      expect(f.bind.dig('api.corp.test')).toEqual(['127.0.1.1', '127.0.1.2']);
    });

    it('switches AAAA records, keeping the TTL served when the action names none', async () => {
      const v6 = target('v6.corp.test');
      expect(await f.provider.setSide(v6, 'secondary', cause())).toMatchObject({ changed: true, from: 'primary' });
      expect(f.bind.dig('v6.corp.test', 'AAAA')).toEqual(['2001:db8::3']);
      const api = target('api.corp.test');
      await f.provider.setSide(api, 'secondary', cause());
      const ttl = await import('node:child_process').then(({ spawnSync }) =>
        spawnSync('dig', ['@127.0.0.1', '-p', String(f.bind.port), 'api.corp.test', 'A', '+noall', '+answer'], {
          encoding: 'utf8',
        }),
      );
      expect(ttl.stdout).toMatch(/^api\.corp\.test\.\s+60\s+IN\s+A\s+127\.0\.2\.1$/m);
    });

    it('a record a human changed is reported, never overwritten, and nothing is audited as switched', async () => {
      f.bind.nsupdate(['update delete www.corp.test A', 'update add www.corp.test 30 A 192.0.2.99']);
      expect(f.bind.dig('www.corp.test')).toEqual(['192.0.2.99']);
      const err = await f.provider.setSide(target('www.corp.test'), 'secondary', cause()).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
      expect((err as Error).message).toBe(
        `www.corp.test was not switched to secondary: 127.0.0.1:${f.bind.port} (dnsProviders.corp) serves A 192.0.2.99, ` +
          'which is neither primary (127.0.0.2) nor secondary (127.0.0.3); someone changed it outside canarykit, and it is left as it is',
      );
      expect(f.bind.dig('www.corp.test')).toEqual(['192.0.2.99']);
      expect(await f.provider.read(target('www.corp.test'))).toEqual({
        record: 'www.corp.test',
        side: undefined,
        values: ['192.0.2.99'],
      });
      expect(await f.provider.audit('www.corp.test')).toEqual([]);
    });

    it('the prerequisite guards the window between our query and our update: concurrent switches change once', async () => {
      const www = target('www.corp.test');
      const outcomes = await Promise.all([1, 2, 3].map((n) => f.provider.setSide(www, 'secondary', cause(n))));
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      expect(outcomes.every((o) => o.to === 'secondary')).toBe(true);
      expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.3']);
      expect((await f.provider.audit('www.corp.test')).map((e) => e.changed).sort()).toEqual([false, false, true]);
    });

    it('needs both sides to switch, and says so without retrying', async () => {
      await expect(f.provider.setSide({ record: 'www.corp.test' }, 'secondary', cause())).rejects.toMatchObject({
        retryable: false,
        message: 'www.corp.test: the rfc2136 provider corp needs the primary and secondary addresses',
      });
    });
  });

  it('switching to the side already served sends no update, and is an audited no-op', async () => {
    // With a key the server refuses, only a switch that sends no update can succeed.
    f = await fixture({ secret: Buffer.alloc(32, 7).toString('base64') });
    const out = await f.provider.setSide(target('www.corp.test'), 'primary', cause(7));
    expect(out).toEqual({ record: 'www.corp.test', changed: false, from: 'primary', to: 'primary' });
    expect(await f.provider.audit(undefined, 5)).toMatchObject([{ transitionId: 't-7', changed: false }]);
    expect(await f.redis.hget(`${f.prefix}:dns-provider:corp:sides`, 'www.corp.test')).toBe('primary');
  });

  it('a wrong TSIG key is refused (BADSIG), reported clearly, not retryable, and the record is untouched', async () => {
    f = await fixture({ secret: Buffer.alloc(32, 7).toString('base64') });
    const err = await f.provider.setSide(target('www.corp.test'), 'secondary', cause()).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
    expect((err as Error).message).toMatch(
      /^127\.0\.0\.1:\d+ \(dnsProviders\.corp\) refused the update of www\.corp\.test: NOTAUTH, TSIG BADSIG: the secret in CK_TEST_TSIG_\w+ is not the server's secret of key "canary"$/,
    );
    expect((err as Error).message).not.toContain(f.bind.secret);
    expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
    expect(await f.provider.audit('www.corp.test')).toEqual([]);
  });

  it('through the dns-failover action, a refused key is a failure the pipeline does not retry', async () => {
    f = await fixture({ secret: Buffer.alloc(32, 7).toString('base64') });
    const services = { providers: providerTable({ dns: { corp: f.provider } }), log: silentLog };
    const config = {
      type: 'dns-failover' as const,
      provider: 'corp',
      record: 'www.corp.test',
      primary: ['127.0.0.2'],
      secondary: ['127.0.0.3'],
    };
    const ctx = {
      actionName: 'www-failover',
      dryRun: false,
      transition: {
        id: 't-1',
        alarm: 'www-down',
        oldState: 'OK' as const,
        newState: 'ALARM' as const,
        reason: 'r',
        timestamp: new Date().toISOString(),
        actions: ['www-failover'],
      },
    };
    const err = await dnsFailover.execute(config, ctx, services).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ActionError',
      retryable: false,
      message: expect.stringContaining('TSIG BADSIG'),
    });
    expect(f.bind.dig('www.corp.test')).toEqual(['127.0.0.2']);
  });

  it('a server that does not answer is a retryable failure', async () => {
    f = await fixture();
    await f.bind.stop();
    const p: DnsProvider = f.provider;
    await expect(p.served(target('www.corp.test'))).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^no UDP answer from 127\.0\.0\.1:\d+/),
    });
  });
});
