import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DnsSide } from '../../core/dns-provider.ts';
import { DnsRecordStateStore } from '../../providers/builtin-dns/record-state-store.ts';
import { RESTORED_REASON, restoreLostSides } from '../../providers/builtin-dns/restore-lost-sides.ts';
import { DnsSideCache } from '../../providers/builtin-dns/side-cache.ts';
import { cause } from '../providers/dns-provider.contract.ts';
import { eventually, redisFixture, silentLog } from './helpers.ts';

/** Redis restarted without persistence: the DNS state is gone, and no alarm asked for a failback. */
describe('DNS state lost by Redis', () => {
  let fx: Awaited<ReturnType<typeof redisFixture>>;
  let cache: DnsSideCache | undefined;
  beforeEach(async () => {
    fx = await redisFixture();
  });
  afterEach(async () => {
    await cache?.close();
    await fx.cleanup();
  });

  /** What a restart without data does to our keys (a FLUSHALL would disturb the others on the shared Redis). */
  const wipe = (store: DnsRecordStateStore) => fx.redis.del(store.keys.sides, store.keys.version);

  const start = async (store: DnsRecordStateStore, lostSeen: Array<ReadonlyMap<string, DnsSide>>) => {
    const served: DnsSide[] = [];
    cache = await new DnsSideCache(fx.connect(), fx.prefix, {
      refreshMs: 60_000,
      log: silentLog,
      onChange: (_r, side) => served.push(side),
      onStateLost: (lost) => {
        lostSeen.push(lost);
        void restoreLostSides(store, lost, silentLog);
      },
    }).start();
    return served;
  };

  it('keeps serving the last known side and writes it back, audited as a restoration', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    await store.setSide('api.demo.test', 'secondary', cause());
    await store.setSide('api.demo.test', 'primary', cause());
    const lost: Array<ReadonlyMap<string, DnsSide>> = [];
    const served = await start(store, lost);
    expect(cache?.get('www.demo.test')).toBe('secondary');

    await wipe(store);
    await cache?.refresh();
    expect(cache?.get('www.demo.test')).toBe('secondary');
    expect(lost).toEqual([new Map([['www.demo.test', 'secondary']])]);
    expect(
      await eventually(
        () => store.getSide('www.demo.test'),
        (s) => s === 'secondary',
      ),
    ).toBe('secondary');
    const [latest] = await store.audit('www.demo.test', 1);
    expect(latest).toMatchObject({ to: 'secondary', changed: true, reason: RESTORED_REASON });
    // The record never served primary in between.
    expect(served).not.toContain('primary');
    expect(cache?.get('api.demo.test')).toBe('primary');
  });

  it('what an action wrote after the loss stands', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    await store.setSide('www.demo.test', 'primary', cause());
    await store.setSide('www.demo.test', 'secondary', cause());
    const lost: Array<ReadonlyMap<string, DnsSide>> = [];
    await start(store, lost);

    await wipe(store);
    await store.setSide('www.demo.test', 'primary', cause()); // an alarm's failback, version 1 < 3
    await cache?.refresh();
    expect(lost).toEqual([]);
    expect(cache?.get('www.demo.test')).toBe('primary');
    expect(await store.getSide('www.demo.test')).toBe('primary');
  });

  it('a restore never overwrites a side written between the loss and the write-back', async () => {
    const store = new DnsRecordStateStore(fx.redis, fx.prefix);
    await store.setSide('www.demo.test', 'secondary', cause());
    await wipe(store);
    await store.setSide('www.demo.test', 'primary', cause());
    await restoreLostSides(store, new Map([['www.demo.test', 'secondary']]), silentLog);
    expect(await store.getSide('www.demo.test')).toBe('primary');
  });
});
