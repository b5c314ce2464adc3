import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleRetention } from '../../runner/retention-schedule.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

describe('retention scheduling', () => {
  const prefix = testPrefix('retention-schedule');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('applies retention once per interval however many schedulers run, and survives a failing pass', async () => {
    let applied = 0;
    const schedules = Array.from({ length: 3 }, () =>
      scheduleRetention({
        redis,
        prefix,
        apply: async () => {
          applied += 1;
          throw new Error('disk full');
        },
      }),
    );
    // stop() waits for the pass in progress: each schedule's first pass has then finished.
    for (const s of schedules) await s.stop();
    expect(applied).toBe(1);
    expect(Number(await redis.get(`${prefix}:retention:lock`))).toBe(process.pid);
    expect(await redis.pttl(`${prefix}:retention:lock`)).toBeGreaterThan(0);
  });
});
