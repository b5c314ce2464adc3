import type { Redis } from 'ioredis';
import { withTimeout } from '../core/with-timeout.ts';

export type RedisHealth = { ok: true } | { ok: false; detail: string };

/**
 * Whether Redis answers a PING within `timeoutMs`. A connection ioredis knows is down answers at once, without
 * queueing a command that (with `maxRetriesPerRequest: null`) would wait for the reconnection.
 */
export async function redisHealth(redis: Redis, timeoutMs: number): Promise<RedisHealth> {
  if (redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end')
    return { ok: false, detail: `connection ${redis.status}` };
  try {
    await withTimeout(redis.ping(), timeoutMs, `no answer to PING within ${timeoutMs} ms`);
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}
