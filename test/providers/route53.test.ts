/**
 * The route53 provider: `@aws-sdk/client-route-53` (the real SDK: signing, REST-XML) against the loopback fake of
 * test/support/fake-route53.ts (what it models: test/providers/fake-route53.contract.test.ts).
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import { createLogger } from '../../core/logger.ts';
import { dnsProvidersSchema } from '../../providers/dns-providers-schema.ts';
import { dnsProviders } from '../../providers/index.ts';
import { route53 } from '../../providers/route53/index.ts';
import { route53EntrySchema } from '../../providers/route53/route53-config.ts';
import { startFakeRoute53, type FakeRoute53 } from '../support/fake-route53.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { cause, describeDnsProviderContract } from './dns-provider.contract.ts';

const ZONE_ID = 'Z0FAKE000000000000001';
const ZONE = 'shop.test';
const TARGETS: Record<string, DnsRecordTarget> = {
  'www.shop.test': {
    record: 'www.shop.test',
    type: 'A',
    primary: ['192.0.2.10'],
    secondary: ['198.51.100.10'],
    ttl: 30,
  },
  'api.shop.test': {
    record: 'api.shop.test',
    type: 'A',
    primary: ['192.0.2.20', '192.0.2.21'],
    secondary: ['198.51.100.20'],
  },
  'v6.shop.test': { record: 'v6.shop.test', type: 'AAAA', primary: ['2001:db8::10'], secondary: ['2001:db8::20'] },
  'www.other.test': { record: 'www.other.test', primary: ['192.0.2.10'], secondary: ['198.51.100.10'] },
};
const target = (record: string): DnsRecordTarget => TARGETS[record] ?? { record };

const KEY_ENV = 'CK_TEST_R53_KEY_ID';
const SECRET_ENV = 'CK_TEST_R53_SECRET';
process.env[KEY_ENV] = 'AKIDFAKEROUTE53';
process.env[SECRET_ENV] = 'fake-secret-never-logged';

async function fixture(opts: { pendingPolls?: number; zone?: boolean; insyncWithinSeconds?: number } = {}) {
  const fake = await startFakeRoute53({
    accessKeyIds: ['AKIDFAKEROUTE53'],
    pendingPolls: opts.pendingPolls ?? 2,
    zones: [
      {
        id: ZONE_ID,
        name: `${ZONE}.`,
        records: [
          { name: 'www.shop.test', type: 'A', ttl: 30, values: ['192.0.2.10'] },
          { name: 'api.shop.test', type: 'A', ttl: 60, values: ['192.0.2.20', '192.0.2.21'] },
          { name: 'v6.shop.test', type: 'AAAA', ttl: 30, values: ['2001:db8::10'] },
          { name: 'shop.test', type: 'A', ttl: 300, values: ['192.0.2.1'] },
        ],
      },
    ],
  });
  const prefix = testPrefix('route53');
  const entry = route53EntrySchema.parse({
    type: 'route53',
    hostedZoneId: ZONE_ID,
    ...(opts.zone === false ? {} : { zone: ZONE }),
    endpoint: fake.url,
    credentials: { accessKeyIdEnv: KEY_ENV, secretAccessKeyEnv: SECRET_ENV },
    pollSeconds: 0.01,
    ...(opts.insyncWithinSeconds !== undefined && { insyncWithinSeconds: opts.insyncWithinSeconds }),
  });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const provider = route53.create({}, { redis, prefix, createLogger, name: 'r53' }, entry);
  return {
    fake,
    provider,
    redis,
    async teardown() {
      await provider.close?.();
      redis.disconnect();
      await fake.close();
      await deletePrefix(prefix);
    },
  };
}

describeDnsProviderContract('route53 (the AWS SDK against the fake Route 53)', async () => {
  const f = await fixture();
  return {
    provider: f.provider,
    records: ['www.shop.test', 'api.shop.test'],
    unknownRecord: 'www.other.test',
    target,
    teardown: f.teardown,
  };
});

describe('route53 provider: switching, INSYNC, refusals', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  afterEach(() => f.teardown());

  describe('a zone named in the config', () => {
    beforeEach(async () => {
      f = await fixture();
    });

    it('UPSERTs the record with the action TTL, waits for INSYNC, and audits the change and its time', async () => {
      await f.provider.setSide(target('www.shop.test'), 'secondary', cause(1));
      expect(f.fake.get(ZONE_ID, 'www.shop.test', 'A')).toMatchObject({ ttl: 30, values: ['198.51.100.10'] });
      // Two PENDING answers, then INSYNC: the provider asked until it was.
      expect(f.fake.requests.filter((r) => r.startsWith('GET /2013-04-01/change/'))).toHaveLength(3);
      const [entry] = await f.provider.audit('www.shop.test', 1);
      expect(entry).toMatchObject({
        changed: true,
        to: 'secondary',
        changeId: expect.stringMatching(/^\/?(change\/)?C/),
      });
      expect((entry as { insyncSeconds?: number }).insyncSeconds).toEqual(expect.any(Number));
      // Other records untouched; a multi-value side keeps the TTL served when the action names none.
      await f.provider.setSide(target('api.shop.test'), 'secondary', cause(2));
      expect(f.fake.get(ZONE_ID, 'api.shop.test', 'A')).toMatchObject({ ttl: 60, values: ['198.51.100.20'] });
      expect(f.fake.get(ZONE_ID, 'shop.test', 'A')?.values).toEqual(['192.0.2.1']);
    });

    it('switches AAAA records', async () => {
      expect(await f.provider.setSide(target('v6.shop.test'), 'secondary', cause())).toMatchObject({ changed: true });
      expect(f.fake.get(ZONE_ID, 'v6.shop.test', 'AAAA')?.values).toEqual(['2001:db8::20']);
    });

    it('a record a human changed is reported, never overwritten, and not audited as switched', async () => {
      f.fake.put(ZONE_ID, { name: 'www.shop.test', type: 'A', ttl: 30, values: ['203.0.113.99'] });
      const err = await f.provider.setSide(target('www.shop.test'), 'secondary', cause()).catch((e: unknown) => e);
      expect(err).toMatchObject({
        retryable: false,
        message: expect.stringMatching(/203\.0\.113\.99.*neither.*left as it is/),
      });
      expect(f.fake.get(ZONE_ID, 'www.shop.test', 'A')?.values).toEqual(['203.0.113.99']);
      expect(await f.provider.audit('www.shop.test')).toEqual([]);
      expect(f.fake.requests.some((r) => r.startsWith('POST'))).toBe(false);
    });

    it('refuses a record set of a routing policy or an alias rather than replace it', async () => {
      f.fake.put(ZONE_ID, { name: 'www.shop.test', type: 'A', setIdentifier: 'eu', ttl: 30, values: ['192.0.2.10'] });
      await expect(f.provider.setSide(target('www.shop.test'), 'secondary', cause())).rejects.toMatchObject({
        retryable: false,
        message: expect.stringContaining("routing policy's record set (eu)"),
      });
    });

    it('a missing record (read as neither side) is reported, not created', async () => {
      const t = { record: 'new.shop.test', primary: ['192.0.2.5'], secondary: ['192.0.2.6'] };
      expect(await f.provider.read(t)).toEqual({ record: 'new.shop.test', side: undefined, values: [] });
      await expect(f.provider.setSide(t, 'secondary', cause())).rejects.toMatchObject({ retryable: false });
    });
  });

  it('a change still PENDING at the deadline is a retryable error; the retry confirms it as a no-op', async () => {
    f = await fixture({ pendingPolls: 1_000_000, insyncWithinSeconds: 0.05 });
    await expect(f.provider.setSide(target('www.shop.test'), 'secondary', cause(1))).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/still PENDING/),
    });
    expect(await f.provider.setSide(target('www.shop.test'), 'secondary', cause(2))).toMatchObject({ changed: false });
  });

  it('without `zone`, learns the zone name from GetHostedZone once', async () => {
    f = await fixture({ zone: false });
    expect((await f.provider.read(target('www.shop.test'))).side).toBe('primary');
    await expect(f.provider.read(target('www.other.test'))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('outside zone shop.test'),
    });
    expect(f.fake.requests.filter((r) => r === `GET /2013-04-01/hostedzone/${ZONE_ID}`)).toHaveLength(1);
  });

  it('an unknown hosted zone or a refused key is final, and the secret is never in the message', async () => {
    f = await fixture();
    const wrongZone = route53.create(
      {},
      { redis: f.redis, prefix: testPrefix('route53'), createLogger, name: 'r53' },
      route53EntrySchema.parse({
        type: 'route53',
        hostedZoneId: 'ZNOPE',
        zone: ZONE,
        endpoint: f.fake.url,
        credentials: { accessKeyIdEnv: KEY_ENV, secretAccessKeyEnv: SECRET_ENV },
      }),
    );
    await expect(wrongZone.read(target('www.shop.test'))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('NoSuchHostedZone'),
    });
    process.env.CK_TEST_R53_OTHER_KEY = 'AKIDUNKNOWN';
    const badKey = route53.create(
      {},
      { redis: f.redis, prefix: testPrefix('route53'), createLogger, name: 'r53' },
      route53EntrySchema.parse({
        type: 'route53',
        hostedZoneId: ZONE_ID,
        zone: ZONE,
        endpoint: f.fake.url,
        credentials: { accessKeyIdEnv: 'CK_TEST_R53_OTHER_KEY', secretAccessKeyEnv: SECRET_ENV },
      }),
    );
    const err = (await badKey.read(target('www.shop.test')).catch((e: unknown) => e)) as Error & { retryable: boolean };
    expect(err).toMatchObject({ retryable: false, message: expect.stringContaining('InvalidClientTokenId') });
    expect(err.message).not.toContain('fake-secret-never-logged');
    await wrongZone.close?.();
    await badKey.close?.();
  });
});

describe('route53 entries: validation', () => {
  const schema = dnsProvidersSchema(dnsProviders);
  const problems = (entry: Record<string, unknown>) => {
    const res = schema.safeParse({ r53: entry });
    return res.success ? [] : res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the issue example, with the defaults', () => {
    expect(route53EntrySchema.parse({ type: 'route53', hostedZoneId: 'Z123', region: 'us-east-1' })).toMatchObject({
      hostedZoneId: 'Z123',
      region: 'us-east-1',
      insyncWithinSeconds: 120,
    });
    expect(route53EntrySchema.parse({ type: 'route53', hostedZoneId: '/hostedzone/Z123' }).hostedZoneId).toBe('Z123');
  });

  it('names every bad field', () => {
    expect(
      problems({
        type: 'route53',
        hostedZoneId: 'not a zone',
        region: 'Europe',
        zone: 'bad zone!',
        credentials: { accessKeyIdEnv: 'CK_TEST_R53_UNSET_VAR', secretAccessKeyEnv: '1bad' },
        endpoint: 'ftp://x',
        extra: 1,
      }),
    ).toEqual([
      expect.stringMatching(/^r53.hostedZoneId: expected a hosted zone id/),
      expect.stringMatching(/^r53.zone: expected a DNS name/),
      expect.stringMatching(/^r53.region: expected an AWS region/),
      expect.stringMatching(/^r53.credentials.secretAccessKeyEnv: expected an environment variable name/),
      'r53.credentials.accessKeyIdEnv: environment variable CK_TEST_R53_UNSET_VAR is not set',
      expect.stringMatching(/^r53.endpoint: expected an http\(s\) URL/),
      expect.stringMatching(/^r53: Unrecognized key: "extra"/),
    ]);
    expect(
      problems({
        type: 'route53',
        hostedZoneId: 'Z1',
        credentials: { accessKeyIdEnv: 'CK_TEST_R53_UNSET_VAR', secretAccessKeyEnv: SECRET_ENV },
      }),
    ).toEqual(['r53.credentials.accessKeyIdEnv: environment variable CK_TEST_R53_UNSET_VAR is not set']);
  });

  it('checks targets against the zone, both sides and their addresses', () => {
    const entry = route53EntrySchema.parse({ type: 'route53', hostedZoneId: 'Z1', zone: ZONE });
    expect(route53.checkTarget(target('www.shop.test'), {}, entry)).toEqual([]);
    expect(
      route53.checkTarget({ record: 'www.other.test', primary: ['1.2.3.4'], secondary: ['::1'] }, {}, entry),
    ).toEqual([
      { path: 'record', message: 'www.other.test is outside zone shop.test of the route53 provider' },
      { path: 'secondary.0', message: '"::1" is not an IPv4 address' },
    ]);
  });
});
