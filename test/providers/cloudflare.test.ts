/**
 * The cloudflare provider (Cloudflare API v4 over fetch) against the loopback fake of test/support/fake-cloudflare.ts
 * (what it models: test/providers/fake-cloudflare.contract.test.ts).
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import { createLogger } from '../../core/logger.ts';
import { cloudflare } from '../../providers/cloudflare/index.ts';
import { cloudflareEntrySchema } from '../../providers/cloudflare/cloudflare-config.ts';
import { dnsProvidersSchema } from '../../providers/dns-providers-schema.ts';
import { dnsProviders } from '../../providers/index.ts';
import { startFakeCloudflare } from '../support/fake-cloudflare.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { cause, describeDnsProviderContract } from './dns-provider.contract.ts';

const ZONE_ID = '0123456789abcdef0123456789abcdef';
const ZONE = 'shop.test';
const TOKEN_ENV = 'CK_TEST_CF_TOKEN';
const TOKEN = 'cf-test-token-never-logged';
process.env[TOKEN_ENV] = TOKEN;

const TARGETS: Record<string, DnsRecordTarget> = {
  'www.shop.test': { record: 'www.shop.test', primary: ['192.0.2.10'], secondary: ['198.51.100.10'], ttl: 60 },
  'api.shop.test': { record: 'api.shop.test', primary: ['192.0.2.20', '192.0.2.21'], secondary: ['198.51.100.20'] },
  'www.other.test': { record: 'www.other.test', primary: ['192.0.2.10'], secondary: ['198.51.100.10'] },
};
const target = (record: string): DnsRecordTarget => TARGETS[record] ?? { record };

async function fixture(opts: { zone?: boolean; tokenEnv?: string } = {}) {
  const fake = await startFakeCloudflare({
    tokens: [TOKEN],
    zones: [
      {
        id: ZONE_ID,
        name: ZONE,
        records: [
          { name: 'www.shop.test', type: 'A', content: '192.0.2.10', ttl: 60, proxied: true },
          { name: 'api.shop.test', type: 'A', content: '192.0.2.20', ttl: 120 },
          { name: 'api.shop.test', type: 'A', content: '192.0.2.21', ttl: 120 },
          { name: 'shop.test', type: 'A', content: '192.0.2.1' },
        ],
      },
    ],
  });
  const prefix = testPrefix('cloudflare');
  const entry = cloudflareEntrySchema.parse({
    type: 'cloudflare',
    zoneId: ZONE_ID,
    ...(opts.zone === false ? {} : { zone: ZONE }),
    tokenEnv: opts.tokenEnv ?? TOKEN_ENV,
    apiUrl: fake.url,
  });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const provider = cloudflare.create({}, { redis, prefix, createLogger, name: 'cf' }, entry);
  return {
    fake,
    provider,
    async teardown() {
      redis.disconnect();
      await fake.close();
      await deletePrefix(prefix);
    },
  };
}

describeDnsProviderContract('cloudflare (API v4 over fetch against the fake Cloudflare)', async () => {
  const f = await fixture();
  return {
    provider: f.provider,
    records: ['www.shop.test', 'api.shop.test'],
    unknownRecord: 'www.other.test',
    target,
    teardown: f.teardown,
  };
});

describe('cloudflare provider: switching, refusals', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  afterEach(() => f.teardown());

  describe('a zone named in the config', () => {
    beforeEach(async () => {
      f = await fixture();
    });

    it('rewrites the records in one batch, keeping their proxy setting and TTL', async () => {
      await f.provider.setSide(target('www.shop.test'), 'secondary', cause());
      expect(f.fake.records(ZONE_ID, 'www.shop.test')).toMatchObject([
        { content: '198.51.100.10', ttl: 60, proxied: true },
      ]);
      // Two addresses to one: one record patched, one deleted, in a single atomic request.
      await f.provider.setSide(target('api.shop.test'), 'secondary', cause());
      expect(f.fake.records(ZONE_ID, 'api.shop.test')).toMatchObject([{ content: '198.51.100.20', ttl: 120 }]);
      // One to two: patched and posted.
      await f.provider.setSide(target('api.shop.test'), 'primary', cause());
      expect(
        f.fake
          .records(ZONE_ID, 'api.shop.test')
          .map((r) => r.content)
          .sort(),
      ).toEqual(['192.0.2.20', '192.0.2.21']);
      expect(f.fake.requests.filter((r) => r.startsWith('POST')).every((r) => r.endsWith('/dns_records/batch'))).toBe(
        true,
      );
      expect(f.fake.records(ZONE_ID, 'shop.test').map((r) => r.content)).toEqual(['192.0.2.1']);
    });

    it('a record a human changed is reported, never overwritten', async () => {
      f.fake.setContent(ZONE_ID, 'www.shop.test', 'A', '203.0.113.7');
      await expect(f.provider.setSide(target('www.shop.test'), 'secondary', cause())).rejects.toMatchObject({
        retryable: false,
        message: expect.stringMatching(/203\.0\.113\.7.*left as it is/),
      });
      expect(f.fake.records(ZONE_ID, 'www.shop.test')[0]?.content).toBe('203.0.113.7');
      expect(await f.provider.audit('www.shop.test')).toEqual([]);
    });
  });

  it('without `zone`, learns the zone name from the API', async () => {
    f = await fixture({ zone: false });
    expect((await f.provider.read(target('www.shop.test'))).side).toBe('primary');
    await expect(f.provider.read(target('www.other.test'))).rejects.toMatchObject({ retryable: false });
  });

  it('a refused token is final and named by its variable, never shown', async () => {
    process.env.CK_TEST_CF_OTHER = 'some-other-token';
    f = await fixture({ tokenEnv: 'CK_TEST_CF_OTHER' });
    const err = (await f.provider.read(target('www.shop.test')).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/403: 10000 Authentication error.*CK_TEST_CF_OTHER/),
    });
    expect(err.message).not.toContain('some-other-token');
  });
});

describe('cloudflare entries: validation', () => {
  const schema = dnsProvidersSchema(dnsProviders);
  const problems = (entry: Record<string, unknown>) => {
    const res = schema.safeParse({ cf: entry });
    return res.success ? [] : res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the issue example (the zone id and token variable)', () => {
    expect(problems({ type: 'cloudflare', zoneId: ZONE_ID, tokenEnv: TOKEN_ENV })).toEqual([]);
  });

  it('names every bad field, and an unset token variable', () => {
    expect(problems({ type: 'cloudflare', zoneId: '…', tokenEnv: 'CK_TEST_CF_UNSET' })).toEqual([
      'cf.zoneId: expected a zone id: 32 hexadecimal digits, as the dashboard shows it',
      'cf.tokenEnv: environment variable CK_TEST_CF_UNSET is not set: it must hold a Cloudflare API token with DNS:Edit on the zone',
    ]);
    expect(problems({ type: 'cloudflare', zoneId: ZONE_ID })).toEqual([expect.stringMatching(/^cf.tokenEnv: /)]);
  });

  it('checks targets against the zone, the sides and the TTLs Cloudflare takes', () => {
    const entry = cloudflareEntrySchema.parse({ type: 'cloudflare', zoneId: ZONE_ID, zone: ZONE, tokenEnv: TOKEN_ENV });
    expect(cloudflare.checkTarget(target('www.shop.test'), {}, entry)).toEqual([]);
    expect(cloudflare.checkTarget({ ...target('www.other.test'), ttl: 30 }, {}, entry)).toEqual([
      { path: 'record', message: 'www.other.test is outside zone shop.test of the cloudflare provider' },
      { path: 'ttl', message: 'Cloudflare takes a TTL of 60 to 86400 seconds, or 1 for automatic' },
    ]);
  });
});
