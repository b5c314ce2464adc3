import { Redis } from 'ioredis';
import { MetricStore, type MetricStoreOptions } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

/** A MetricStore on a fresh key prefix of the shared Redis; `close()` deletes its keys. */
export function testStore(label: string, options: MetricStoreOptions = {}) {
  const prefix = testPrefix(label);
  const redis = new Redis(TEST_REDIS_URL);
  const store = new MetricStore(redis, prefix, options);
  const extra: Redis[] = [];
  return {
    prefix,
    redis,
    store,
    /** Another store (own connection) on the same keys, as a second process would have. */
    another(opts: MetricStoreOptions = options): MetricStore {
      const r = new Redis(TEST_REDIS_URL);
      extra.push(r);
      return new MetricStore(r, prefix, opts);
    },
    async close() {
      await deletePrefix(prefix);
      for (const r of [redis, ...extra]) r.disconnect();
    },
  };
}
