import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionError, type ActionContext, type ActionServices, type DnsControl } from '../../core/action.ts';
import { createDnsFailbackAction, dnsFailback } from '../../actions/dns/failback-action.ts';
import { createDnsFailoverAction, dnsFailover } from '../../actions/dns/failover-action.ts';
import { MemoryDnsControl } from '../../actions/dns/memory-dns-control.ts';
import { DnsRecordStateStore } from '../../actions/dns/record-state-store.ts';
import { dnsConfigSchema } from '../../actions/dns/zone-config.ts';
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
const svc = (dns: DnsControl): ActionServices => ({ dns, log: silentLog });
const zones = demoConfig.zones;

describe('dns-failover / dns-failback actions', () => {
  it('have the documented types and strict, normalising schemas', () => {
    expect(dnsFailover.type).toBe('dns-failover');
    expect(dnsFailback.type).toBe('dns-failback');
    expect(dnsFailover.schema.parse({ type: 'dns-failover', record: 'WWW.Demo.Test.' })).toEqual({
      type: 'dns-failover',
      record: 'www.demo.test',
    });
    expect(dnsFailover.schema.safeParse({ type: 'dns-failback', record: 'www.demo.test' }).success).toBe(false);
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover', record: 'not a name' }).success).toBe(false);
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover', record: 'www.demo.test', extra: 1 }).success).toBe(
      false,
    );
    expect(dnsFailover.schema.safeParse({ type: 'dns-failover' }).success).toBe(false);
  });

  it('switch and report done / noop with the served values', async () => {
    const dns = new MemoryDnsControl();
    const failover = createDnsFailoverAction({ zones });
    const failback = createDnsFailbackAction({ zones });
    const cfg = { type: 'dns-failover' as const, record: 'www.demo.test' };
    expect(await failover.execute(cfg, ctx(), svc(dns))).toMatchObject({ status: 'done' });
    expect(await failover.execute(cfg, ctx(), svc(dns))).toEqual({
      status: 'noop',
      detail: 'www.demo.test already serves secondary (127.0.0.3, 2001:db8::3)',
    });
    const api = { type: 'dns-failback' as const, record: 'api.demo.test' };
    expect(await failback.execute(api, ctx(), svc(dns))).toEqual({
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

  it('without zones, details omit the values', async () => {
    const dns = new MemoryDnsControl();
    await dnsFailover.execute({ type: 'dns-failover', record: 'www.demo.test' }, ctx(), svc(dns));
    expect(await dnsFailover.execute({ type: 'dns-failover', record: 'www.demo.test' }, ctx(), svc(dns))).toEqual({
      status: 'noop',
      detail: 'www.demo.test already serves secondary',
    });
  });

  it('dry run reports and changes nothing', async () => {
    const dns = new MemoryDnsControl();
    const failover = createDnsFailoverAction({ zones });
    const cfg = { type: 'dns-failover' as const, record: 'www.demo.test' };
    expect(await failover.execute(cfg, ctx(true), svc(dns))).toEqual({
      status: 'noop',
      detail: 'dry run: would switch www.demo.test to secondary (127.0.0.3, 2001:db8::3)',
    });
    expect(await dns.getSide('www.demo.test')).toBe('primary');
    expect(await dns.audit()).toEqual([]);
    await dns.setSide('www.demo.test', 'secondary', { alarm: 'a', transitionId: 't', reason: 'r', action: 'x' });
    expect((await failover.execute(cfg, ctx(true), svc(dns))).detail).toBe(
      'dry run: www.demo.test already serves secondary (127.0.0.3, 2001:db8::3)',
    );
    // A DnsControl that cannot read: still no call to setSide.
    const writeOnly: DnsControl = { setSide: () => Promise.reject(new Error('must not be called')) };
    expect((await failover.execute(cfg, ctx(true), svc(writeOnly))).status).toBe('noop');
  });

  it('unknown records are a non-retryable error when zones are known', async () => {
    const dns = new MemoryDnsControl();
    const err = await createDnsFailoverAction({ zones })
      .execute({ type: 'dns-failover', record: 'static.demo.test' }, ctx(), svc(dns))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({
      retryable: false,
      message: 'static.demo.test is not a failover record in the dns config',
    });
  });

  it('DnsControl failures become retryable ActionErrors', async () => {
    const failing: DnsControl = {
      setSide: () => Promise.reject(new Error("READONLY You can't write against a read only replica.")),
    };
    const err = await dnsFailover
      .execute({ type: 'dns-failover', record: 'www.demo.test' }, ctx(), svc(failing))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toContain('READONLY');
  });

  it('a DnsControl that never answers times out as a retryable error', async () => {
    const hanging: DnsControl = { setSide: () => new Promise(() => {}) };
    const err = await createDnsFailoverAction({ timeoutMs: 50 })
      .execute({ type: 'dns-failover', record: 'www.demo.test' }, ctx(), svc(hanging))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ActionError',
      retryable: true,
      message: 'switching www.demo.test failed: no answer within 50 ms',
    });
  });

  describe('with the Redis store', () => {
    let fx: Awaited<ReturnType<typeof redisFixture>>;
    beforeEach(async () => {
      fx = await redisFixture();
    });
    afterEach(() => fx.cleanup());

    it('switches through Redis', async () => {
      const store = new DnsRecordStateStore(fx.redis, fx.prefix);
      const out = await createDnsFailoverAction({ zones }).execute(
        { type: 'dns-failover', record: 'www.demo.test' },
        ctx(),
        svc(store),
      );
      expect(out.status).toBe('done');
      expect(await store.getSide('www.demo.test')).toBe('secondary');
    });

    it('the registry plugins take values and known records from a store built with the zones', async () => {
      const cfg = dnsConfigSchema.parse({
        zones: [
          {
            name: 'demo.test',
            records: [{ name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' }],
          },
        ],
      });
      const store = new DnsRecordStateStore(fx.redis, fx.prefix, { zones: cfg.zones });
      const cfgOf = { type: 'dns-failover' as const, record: 'www.demo.test' };
      expect(await dnsFailover.execute(cfgOf, ctx(), svc(store))).toEqual({
        status: 'done',
        detail: 'www.demo.test now serves secondary (127.0.0.3), was primary (127.0.0.2)',
      });
      expect(await dnsFailover.execute(cfgOf, ctx(), svc(store))).toEqual({
        status: 'noop',
        detail: 'www.demo.test already serves secondary (127.0.0.3)',
      });
      expect(await store.sides()).toEqual({ 'www.demo.test': 'secondary' });
      const err = await dnsFailback
        .execute({ type: 'dns-failback', record: 'api.demo.test' }, ctx(), svc(store))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        name: 'ActionError',
        retryable: false,
        message: 'api.demo.test is not a configured failover record',
      });
    });

    it('store rejecting an unknown record is non-retryable', async () => {
      const store = new DnsRecordStateStore(fx.redis, fx.prefix, { records: ['www.demo.test'] });
      const err = await dnsFailover
        .execute({ type: 'dns-failover', record: 'api.demo.test' }, ctx(), svc(store))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ActionError', retryable: false });
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
        const store = new DnsRecordStateStore(dead, fx.prefix);
        const cfg = { type: 'dns-failover' as const, record: 'www.demo.test' };
        await expect(dnsFailover.execute(cfg, ctx(), svc(store))).rejects.toMatchObject({
          name: 'ActionError',
          retryable: true,
        });
        await expect(dnsFailover.execute(cfg, ctx(true), svc(store))).rejects.toMatchObject({
          name: 'ActionError',
          retryable: true,
        });
      } finally {
        dead.disconnect();
      }
    });
  });
});
