import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDnsFailbackAction, dnsFailback } from '../../actions/dns/failback-action.ts';
import { createDnsFailoverAction, dnsFailover } from '../../actions/dns/failover-action.ts';
import { ActionError, type ActionContext, type ActionServices } from '../../core/action.ts';
import type { DnsProvider } from '../../core/dns-provider.ts';
import { createLogger } from '../../core/logger.ts';
import { builtinDns } from '../../providers/builtin-dns/index.ts';
import { dnsConfigSchema } from '../../providers/builtin-dns/zone-config.ts';
import { providerCatalog } from '../../providers/provider-catalog.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { MemoryDnsProvider } from '../support/memory-dns-provider.ts';
import { demoConfig, redisFixture, silentLog } from './helpers.ts';

const ctx = (dryRun = false): ActionContext => ({
  actionName: 'failover-www',
  dryRun,
  transition: {
    id: 'tr-1',
    alarm: 'www-health',
    oldState: 'OK',
    newState: 'ALARM',
    reason: 'Threshold Crossed',
    timestamp: '2026-01-01T00:00:00.000Z',
    actions: ['failover-www'],
  },
});
const svc = (dns: DnsProvider, name = 'builtin'): ActionServices => ({
  providers: providerTable({ dns: { [name]: dns } }),
  log: silentLog,
});
const zones = demoConfig.zones;
/** A MemoryDnsProvider (with the demo zones) with some methods replaced. */
const fake = (
  overrides: Partial<Pick<DnsProvider, 'read' | 'setSide' | 'served'>>,
  base = new MemoryDnsProvider({ zones }),
): DnsProvider => Object.assign(base, overrides);
const cfg = { type: 'dns-failover' as const, record: 'www.demo.test' };

describe('dns-failover / dns-failback actions', () => {
  it('have the documented types and strict, normalising schemas', () => {
    expect(dnsFailover.type).toBe('dns-failover');
    expect(dnsFailback.type).toBe('dns-failback');
    expect(dnsFailover.schema.parse({ type: 'dns-failover', record: 'WWW.Demo.Test.' })).toEqual({
      type: 'dns-failover',
      record: 'www.demo.test',
    });
    expect(dnsFailover.schema.parse({ type: 'dns-failover', record: 'www.demo.test', provider: 'builtin' })).toEqual({
      type: 'dns-failover',
      record: 'www.demo.test',
      provider: 'builtin',
    });
    expect(dnsFailover.schema.safeParse({ type: 'dns-failback', record: 'www.demo.test' }).success).toBe(false);
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover', record: 'not a name' }).success).toBe(false);
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover', record: 'www.demo.test', extra: 1 }).success).toBe(
      false,
    );
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover', record: 'www.demo.test', provider: '' }).success).toBe(
      false,
    );
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover' }).success).toBe(false);
  });

  it('switch and report done / noop with the served values', async () => {
    const dns = new MemoryDnsProvider({ zones });
    expect(await dnsFailover.execute(cfg, ctx(), svc(dns))).toMatchObject({ status: 'done' });
    expect(await dnsFailover.execute(cfg, ctx(), svc(dns))).toMatchObject({
      status: 'noop',
      detail: 'www.demo.test already serves secondary (127.0.0.3, 2001:db8::3)',
    });
    const api = { type: 'dns-failback' as const, record: 'api.demo.test' };
    expect(await dnsFailback.execute(api, ctx(), svc(dns))).toMatchObject({
      status: 'noop',
      detail: 'api.demo.test already serves primary (127.0.1.1, 127.0.1.2)',
    });
    expect((await dns.audit('www.demo.test')).map((e) => e.changed)).toEqual([false, true]);
    expect((await dns.audit('www.demo.test'))[0]).toMatchObject({
      alarm: 'www-health',
      transitionId: 'tr-1',
      reason: 'Threshold Crossed',
      action: 'failover-www',
    });
  });

  it('confirm the switch by what is served, and record when', async () => {
    const out = await dnsFailover.execute(cfg, ctx(), svc(new MemoryDnsProvider({ zones })));
    expect(out.data).toEqual({ issuedAt: expect.any(String), servedAt: expect.any(String), servedBy: 'memory' });
    expect(Date.parse(String(out.data?.servedAt))).toBeGreaterThanOrEqual(Date.parse(String(out.data?.issuedAt)));
  });

  it('say so when the switch is not served in time, without failing', async () => {
    const stale = fake({
      served: async ({ record }) => ({ record, side: 'primary', values: ['127.0.0.2'], source: 'udp 127.0.0.1:1' }),
    });
    const out = await createDnsFailoverAction({ confirmTimeoutMs: 100 }).execute(cfg, ctx(), svc(stale));
    expect(out.status).toBe('done');
    expect(out.detail).toMatch(
      /; not yet served: udp 127\.0\.0\.1:1 still serves primary \(127\.0\.0\.2\) after 100 ms$/,
    );
    expect(out.data).toEqual({ issuedAt: expect.any(String) });
  });

  it('stop confirming when another switch changed the record meanwhile', async () => {
    const dns = new MemoryDnsProvider({ zones });
    const setSide = dns.setSide.bind(dns);
    const racing = fake(
      {
        setSide: async (t, side, c) => {
          const out = await setSide(t, side, c);
          await setSide(t, 'primary', { ...c, action: 'failback-www' }); // a failback lands first
          return out;
        },
      },
      dns,
    );
    const out = await dnsFailover.execute(cfg, ctx(), svc(racing));
    expect(out.detail).toMatch(/; switched again \(to primary\) before it was served$/);
  });

  it('without a way to ask what is served, details and data stay as they were', async () => {
    const blind = fake({ served: async () => undefined });
    expect(await dnsFailover.execute(cfg, ctx(), svc(blind))).toEqual({
      status: 'done',
      detail: 'www.demo.test now serves secondary (127.0.0.3, 2001:db8::3), was primary (127.0.0.2, 2001:db8::2)',
      data: { issuedAt: expect.any(String) },
    });
  });

  it('when the provider cannot describe the sides, details omit the values', async () => {
    const dns = new MemoryDnsProvider();
    await dnsFailover.execute(cfg, ctx(), svc(dns));
    expect((await dnsFailover.execute(cfg, ctx(), svc(dns))).detail).toBe('www.demo.test already serves secondary');
  });

  it('dry run reports and changes nothing', async () => {
    const dns = new MemoryDnsProvider({ zones });
    expect(await dnsFailover.execute(cfg, ctx(true), svc(dns))).toEqual({
      status: 'noop',
      detail: 'dry run: would switch www.demo.test to secondary (127.0.0.3, 2001:db8::3)',
    });
    expect((await dns.read({ record: 'www.demo.test' })).side).toBe('primary');
    expect(await dns.audit()).toEqual([]);
    await dns.setSide({ record: 'www.demo.test' }, 'secondary', {
      alarm: 'a',
      transitionId: 't',
      reason: 'r',
      action: 'x',
    });
    expect((await dnsFailover.execute(cfg, ctx(true), svc(dns))).detail).toBe(
      'dry run: www.demo.test already serves secondary (127.0.0.3, 2001:db8::3)',
    );
    const readOnly = fake({ setSide: () => Promise.reject(new Error('must not be called')) }, dns);
    expect((await dnsFailback.execute({ ...cfg, type: 'dns-failback' }, ctx(true), svc(readOnly))).status).toBe('noop');
  });

  it('records the provider does not manage are a non-retryable error', async () => {
    const err = await dnsFailover
      .execute({ type: 'dns-failover', record: 'static.demo.test' }, ctx(), svc(new MemoryDnsProvider({ zones })))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({ retryable: false, message: 'static.demo.test is not a configured failover record' });
  });

  it('switch through the provider they name; an unknown one is a non-retryable error', async () => {
    const corp = new MemoryDnsProvider({ zones });
    const services = svc(corp, 'corp');
    expect((await dnsFailover.execute({ ...cfg, provider: 'corp' }, ctx(), services)).status).toBe('done');
    expect((await corp.read({ record: 'www.demo.test' })).side).toBe('secondary');
    await expect(dnsFailover.execute(cfg, ctx(), services)).rejects.toMatchObject({
      name: 'ActionError',
      retryable: false,
      message: 'no DNS provider "builtin" is configured',
    });
  });

  it('provider failures become retryable ActionErrors', async () => {
    const failing = fake({
      setSide: () => Promise.reject(new Error("READONLY You can't write against a read only replica.")),
    });
    const err = await dnsFailover.execute(cfg, ctx(), svc(failing)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toContain('READONLY');
  });

  it('a provider that never answers times out as a retryable error', async () => {
    const hanging = fake({ setSide: () => new Promise(() => {}) });
    const err = await createDnsFailoverAction({ timeoutMs: 50 })
      .execute(cfg, ctx(), svc(hanging))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ActionError',
      retryable: true,
      message: 'switching www.demo.test failed: no answer within 50 ms',
    });
  });

  it('check the record and the provider against the project while it loads', () => {
    const catalog = { providers: providerCatalog({ dns: demoConfig }) };
    expect(dnsFailover.check?.(cfg, catalog)).toEqual([]);
    expect(dnsFailover.check?.({ ...cfg, record: 'nope.demo.test' }, catalog)).toEqual([
      { path: 'record', message: expect.stringMatching(/^unknown DNS record "nope\.demo\.test"/) },
    ]);
    expect(dnsFailover.check?.({ ...cfg, provider: 'route66' }, catalog)).toEqual([
      { path: 'provider', message: 'unknown DNS provider "route66": expected one of builtin' },
    ]);
  });

  describe('with the built-in provider (Redis)', () => {
    let fx: Awaited<ReturnType<typeof redisFixture>>;
    beforeEach(async () => {
      fx = await redisFixture();
    });
    afterEach(() => fx.cleanup());

    const builtin = (config = { dns: demoConfig }) =>
      builtinDns.create(config, { redis: fx.redis, prefix: fx.prefix, createLogger }, { type: 'builtin' });

    it('switches through Redis, with the values of dns.zones', async () => {
      const dns = builtin({
        dns: dnsConfigSchema.parse({
          zones: [
            {
              name: 'demo.test',
              records: [{ name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' }],
            },
          ],
        }),
      });
      expect(await dnsFailover.execute(cfg, ctx(), svc(dns))).toEqual({
        status: 'done',
        detail: 'www.demo.test now serves secondary (127.0.0.3), was primary (127.0.0.2)',
        data: { issuedAt: expect.any(String) },
      });
      expect(await dnsFailover.execute(cfg, ctx(), svc(dns))).toMatchObject({
        status: 'noop',
        detail: 'www.demo.test already serves secondary (127.0.0.3)',
      });
      expect((await dns.read({ record: 'www.demo.test' })).side).toBe('secondary');
      const err = await dnsFailback
        .execute({ type: 'dns-failback', record: 'api.demo.test' }, ctx(), svc(dns))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        name: 'ActionError',
        retryable: false,
        message: 'api.demo.test is not a configured failover record',
      });
    });

    it('Redis being unreachable is retryable, also in dry run', async () => {
      const dead = new Redis({
        host: '127.0.0.1',
        port: 1,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      dead.on('error', () => {});
      try {
        const dns = builtinDns.create(
          { dns: demoConfig },
          { redis: dead, prefix: fx.prefix, createLogger },
          { type: 'builtin' },
        );
        await expect(dnsFailover.execute(cfg, ctx(), svc(dns))).rejects.toMatchObject({
          name: 'ActionError',
          retryable: true,
        });
        await expect(dnsFailover.execute(cfg, ctx(true), svc(dns))).rejects.toMatchObject({
          name: 'ActionError',
          retryable: true,
        });
      } finally {
        dead.disconnect();
      }
    });
  });
});
