import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DnsRecordStateStore, InvalidDnsRecordError } from '../../providers/builtin-dns/record-state-store.ts';
import { cause } from '../providers/dns-provider.contract.ts';
import { eventually, redisFixture } from './helpers.ts';

// The DnsProvider contract runs against the built-in provider (this store behind a real server) in
// test/providers/builtin-dns.test.ts; these are the store's own guarantees.

describe('DnsRecordStateStore', () => {
  let fx: Awaited<ReturnType<typeof redisFixture>>;
  beforeEach(async () => {
    fx = await redisFixture();
  });
  afterEach(() => fx.cleanup());

  it('keys everything under its prefix', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    expect(store.channel).toBe(`${fx.prefix}dns:changes`);
    const keys = (await fx.keys()).sort();
    expect(keys).toEqual([
      `${fx.prefix}dns:audit`,
      `${fx.prefix}dns:audit:www.demo.test`,
      `${fx.prefix}dns:sides`,
      `${fx.prefix}dns:version`,
    ]);
  });

  it('exactly one of 20 concurrent switches from two clients reports a change', async () => {
    const a = new DnsRecordStateStore(fx.connect(), fx.prefix);
    const b = new DnsRecordStateStore(fx.connect(), fx.prefix);
    for (const side of ['secondary', 'primary'] as const) {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setSide('www.demo.test', side, cause(i))),
      );
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.changed).every((o) => o.from === side)).toBe(true);
      expect(await a.getSide('www.demo.test')).toBe(side);
    }
    const audit = await a.audit('www.demo.test', 100);
    expect(audit).toHaveLength(40);
    expect(audit.filter((e) => e.changed)).toHaveLength(2);
  });

  it('persists: a new store on a new connection sees the side', async () => {
    await new DnsRecordStateStore(fx.redis, fx.prefix).setSide('www.demo.test', 'secondary', cause());
    const fresh = new DnsRecordStateStore(fx.connect(), fx.prefix);
    expect(await fresh.getSide('www.demo.test')).toBe('secondary');
    expect(await fresh.sides()).toEqual({ 'www.demo.test': 'secondary' });
    expect(await fresh.setSide('www.demo.test', 'secondary', cause())).toMatchObject({
      changed: false,
      from: 'secondary',
    });
  });

  it('isolates prefixes', async () => {
    const other = await redisFixture();
    try {
      await new DnsRecordStateStore(fx.redis, fx.prefix).setSide('www.demo.test', 'secondary', cause());
      expect(await new DnsRecordStateStore(other.redis, other.prefix).getSide('www.demo.test')).toBe('primary');
    } finally {
      await other.cleanup();
    }
  });

  it('caps the audit lists', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix, { auditLimit: 3 });
    for (let i = 0; i < 6; i++) await store.setSide('www.demo.test', i % 2 ? 'primary' : 'secondary', cause(i));
    expect((await store.audit(undefined, 100)).map((e) => e.transitionId)).toEqual(['t-5', 't-4', 't-3']);
    expect(await store.audit('www.demo.test', 100)).toHaveLength(3);
    expect(await fx.redis.llen(`${fx.prefix}dns:audit`)).toBe(3);
  });

  it('publishes real changes only', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    const sub = fx.connect();
    const messages: unknown[] = [];
    sub.on('message', (_ch: string, m: string) => messages.push(JSON.parse(m)));
    await sub.subscribe(store.channel);
    await store.setSide('www.demo.test', 'primary', cause()); // no-op
    await store.setSide('www.demo.test', 'secondary', cause());
    await store.setSide('www.demo.test', 'secondary', cause()); // no-op
    // A marker published after the calls, on the same connection: once it arrives, anything they published has too.
    await fx.redis.publish(store.channel, JSON.stringify({ marker: true }));
    await eventually(
      () => messages.length,
      () => messages.some((m) => (m as { marker?: boolean }).marker === true),
    );
    expect(messages).toEqual([
      { record: 'www.demo.test', from: 'primary', to: 'secondary', version: 1 },
      { marker: true },
    ]);
  });

  it('with known records: rejects others and lists all', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix, { records: ['www.demo.test', 'API.demo.test.'] });
    await expect(store.setSide('typo.demo.test', 'secondary', cause())).rejects.toBeInstanceOf(InvalidDnsRecordError);
    await expect(store.setSide('bad name!', 'secondary', cause())).rejects.toBeInstanceOf(InvalidDnsRecordError);
    await store.setSide('www.demo.test', 'secondary', cause());
    expect(await store.sides()).toEqual({ 'www.demo.test': 'secondary', 'api.demo.test': 'primary' });
  });

  it('survives a flushed script cache (NOSCRIPT fallback)', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    // SCRIPT FLUSH would disturb other users of the shared Redis: emulate an empty script cache instead.
    const spy = fx.connect();
    let calls = 0;
    spy.evalsha = (async () => {
      calls++;
      throw new Error('NOSCRIPT No matching script. Please use EVAL.');
    }) as unknown as typeof spy.evalsha;
    expect(await new DnsRecordStateStore(spy, fx.prefix).setSide('www.demo.test', 'primary', cause())).toMatchObject({
      changed: true,
    });
    expect(calls).toBe(1);
  });
});
