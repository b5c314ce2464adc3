import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultStore } from '../../chaos/fault-store.ts';
import { RedisFaultView } from '../../chaos/fault-view.ts';
import type { ActiveFault } from '../../core/fault.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';

const redis = new Redis(TEST_REDIS_URL);
afterAll(async () => void (await redis.quit()));

function fault(id: string, expiresAt: number, type = 'http'): ActiveFault {
  return {
    id,
    type,
    spec: { type, proxy: 'www' },
    target: 'proxy www',
    targets: ['proxy:www'],
    owner: 'test:1',
    injectedAt: new Date(1_700_000_000_000 + Number(id.slice(-1))).toISOString(),
    leaseMs: 30_000,
    expiresAt,
  };
}

describe('fault store', () => {
  let prefix: string;
  let store: FaultStore;
  beforeEach(() => {
    prefix = testPrefix('faults');
    store = new FaultStore(redis, prefix);
  });
  afterEach(() => deletePrefix(prefix));

  it('stores, renews and removes a lease', async () => {
    await store.put(fault('flt-1', Date.now() + 10_000));
    expect(await store.renew('flt-1', 42)).toBe(true);
    expect((await store.get('flt-1'))?.expiresAt).toBe(42);
    expect((await store.remove('flt-1'))?.id).toBe('flt-1');
    expect(await store.remove('flt-1')).toBeUndefined();
    expect(await store.renew('flt-1', 43)).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('gives each expired lease to exactly one claimer, and a claimed lease cannot be renewed', async () => {
    const now = Date.now();
    await store.put(fault('flt-1', now - 1));
    await store.put(fault('flt-2', now + 60_000));
    const [a, b] = await Promise.all([store.claimExpired('reaper-a', now), store.claimExpired('reaper-b', now)]);
    const claimed = [...a, ...b];
    expect(claimed.map((f) => f.id)).toEqual(['flt-1']);
    expect(claimed[0]?.claimedBy).toMatch(/^reaper-[ab]$/);
    expect(await store.renew('flt-1', now + 60_000)).toBe(false);
    expect(await store.claimExpired('reaper-c', now)).toEqual([]); // the claim is a lease of its own
    expect(await store.claimExpired('reaper-c', now + 31_000)).toHaveLength(1); // … which runs out too
  });

  it('keeps what an effect fault needs for its revert', async () => {
    await store.put(fault('flt-1', Date.now() + 10_000, 'process'));
    await store.setState('flt-1', { pids: '12,13' });
    expect((await store.get('flt-1'))?.state).toEqual({ pids: '12,13' });
  });
});

describe('fault view', () => {
  it('sees a fault as soon as it is stored, and drops it at its lease end with no message', async () => {
    const prefix = testPrefix('faultview');
    const store = new FaultStore(redis, prefix);
    const view = await new RedisFaultView(redis, prefix, { refreshMs: 60_000 }).start();
    try {
      const expiresAt = Date.now() + 60_000;
      await store.put(fault('flt-1', expiresAt));
      await waitFor('the view to see the fault', () => view.active('http').length === 1);
      expect(view.active('dns')).toEqual([]);
      expect(view.active('http', expiresAt + 1)).toEqual([]);
      await store.remove('flt-1');
      await waitFor('the view to drop the fault', () => view.active('http').length === 0);
    } finally {
      await view.close();
      await deletePrefix(prefix);
    }
  });
});
