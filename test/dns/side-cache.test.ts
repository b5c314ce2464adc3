import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DnsRecordStateStore } from '../../providers/builtin-dns/record-state-store.ts';
import { DnsSideCache } from '../../providers/builtin-dns/side-cache.ts';
import { cause } from '../providers/dns-provider.contract.ts';
import { eventually, redisFixture, silentLog } from './helpers.ts';

describe('DnsSideCache', () => {
  let fx: Awaited<ReturnType<typeof redisFixture>>;
  const caches: DnsSideCache[] = [];
  const startCache = async (opts: ConstructorParameters<typeof DnsSideCache>[2] = {}) => {
    const cache = new DnsSideCache(fx.redis, fx.prefix, { log: silentLog, ...opts });
    caches.push(cache);
    return cache.start();
  };

  beforeEach(async () => {
    fx = await redisFixture();
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.close()));
    await fx.cleanup();
  });

  it('loads existing sides at start and defaults to primary', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    const cache = await startCache();
    expect(cache.get('www.demo.test')).toBe('secondary');
    expect(cache.get('WWW.demo.test.')).toBe('secondary');
    expect(cache.get('api.demo.test')).toBe('primary');
    expect(cache.snapshot()).toEqual({ 'www.demo.test': 'secondary' });
  });

  it('follows changes from another process via pub/sub, quickly', async () => {
    const changes: string[] = [];
    const cache = await startCache({ refreshMs: 60_000, onChange: (r, s) => changes.push(`${r}=${s}`) });
    const store = new DnsRecordStateStore(fx.connect(), fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    expect(
      await eventually(
        () => cache.get('www.demo.test'),
        (s) => s === 'secondary',
        1000,
      ),
    ).toBe('secondary');
    await store.setSide('www.demo.test', 'primary', cause());
    expect(
      await eventually(
        () => cache.get('www.demo.test'),
        (s) => s === 'primary',
        1000,
      ),
    ).toBe('primary');
    expect(changes).toEqual(['www.demo.test=secondary', 'www.demo.test=primary']);
  });

  it('periodic reload catches changes that bypassed pub/sub', async () => {
    const cache = await startCache({ refreshMs: 100 });
    await fx.redis.hset(`${fx.prefix}dns:sides`, 'api.demo.test', 'secondary');
    await fx.redis.incr(`${fx.prefix}dns:version`);
    expect(
      await eventually(
        () => cache.get('api.demo.test'),
        (s) => s === 'secondary',
        2000,
      ),
    ).toBe('secondary');
  });

  it('ignores stale and foreign notifications', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause()); // version 1
    const cache = await startCache({ refreshMs: 60_000 });
    const channel = `${fx.prefix}dns:changes`;
    await fx.redis.publish(
      channel,
      JSON.stringify({ record: 'www.demo.test', from: 'secondary', to: 'primary', version: 1 }),
    );
    await fx.redis.publish(channel, 'not json');
    await fx.redis.publish(channel, JSON.stringify({ record: 'www.demo.test', to: 'sideways', version: 9 }));
    // A valid change of another record, published after them: once the cache has it, it has seen them too.
    await fx.redis.publish(
      channel,
      JSON.stringify({ record: 'api.demo.test', from: 'primary', to: 'secondary', version: 2 }),
    );
    await eventually(
      () => cache.get('api.demo.test'),
      (s) => s === 'secondary',
      1000,
    );
    expect(cache.get('www.demo.test')).toBe('secondary');
    await fx.redis.publish(
      channel,
      JSON.stringify({ record: 'www.demo.test', from: 'secondary', to: 'primary', version: 2 }),
    );
    expect(
      await eventually(
        () => cache.get('www.demo.test'),
        (s) => s === 'primary',
        1000,
      ),
    ).toBe('primary');
  });

  it('a reload does not undo a newer notification', async () => {
    const cache = await startCache({ refreshMs: 60_000 });
    // A notification newer than anything stored arrives, then a reload returns the older state.
    await fx.redis.publish(
      `${fx.prefix}dns:changes`,
      JSON.stringify({ record: 'www.demo.test', from: 'primary', to: 'secondary', version: 5 }),
    );
    await eventually(
      () => cache.get('www.demo.test'),
      (s) => s === 'secondary',
      1000,
    );
    await fx.redis.set(`${fx.prefix}dns:version`, '4');
    await cache.refresh();
    expect(cache.get('www.demo.test')).toBe('secondary');
    await fx.redis.set(`${fx.prefix}dns:version`, '5');
    await cache.refresh();
    expect(cache.get('www.demo.test')).toBe('primary'); // the snapshot now covers version 5 and says primary
  });

  it('keeps serving the last known sides when Redis is unreachable', async () => {
    await new DnsRecordStateStore(fx.redis, fx.prefix).setSide('www.demo.test', 'secondary', cause());
    const own = fx.connect();
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) },
    );
    const cache = new DnsSideCache(own, fx.prefix, { log, refreshMs: 50 });
    caches.push(cache);
    await cache.start();
    own.disconnect();
    await cache.refresh();
    expect(warnings).toContain('dns side cache: reload failed; serving last known sides'); // the reload did fail
    expect(cache.get('www.demo.test')).toBe('secondary');
  });

  it('start() rejects when Redis is unreachable and leaves nothing running', async () => {
    const dead = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => {});
    await expect(new DnsSideCache(dead, fx.prefix).start()).rejects.toBeDefined();
    dead.disconnect();
  });

  it('close() unsubscribes and closes the duplicate connection', async () => {
    const before = Number((await fx.redis.pubsub('NUMSUB', `${fx.prefix}dns:changes`))[1]);
    const cache = await startCache();
    expect(Number((await fx.redis.pubsub('NUMSUB', `${fx.prefix}dns:changes`))[1])).toBe(before + 1);
    await cache.close();
    expect(
      await eventually(
        async () => Number((await fx.redis.pubsub('NUMSUB', `${fx.prefix}dns:changes`))[1]),
        (n) => n === before,
      ),
    ).toBe(before);
  });
});
