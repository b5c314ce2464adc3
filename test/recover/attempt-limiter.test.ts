import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../actions/recover/attempt-limiter.ts';
import { parsePer } from '../../actions/recover/recover-config.ts';
import { deletePrefix, testPrefix, TEST_REDIS_URL } from '../support/redis-prefix.ts';

const redis = new Redis(TEST_REDIS_URL);
const DAY = 86_400_000;
let prefix = testPrefix('limiter');
afterEach(async () => {
  await deletePrefix(prefix);
  prefix = testPrefix('limiter');
});
afterAll(() => redis.disconnect());

describe('recovery rate limit (real Redis)', () => {
  it('admits maxAttempts per window and blocks the next, saying when one is allowed again', async () => {
    const limiter = new AttemptLimiter(redis, prefix);
    const t0 = Date.parse('2026-12-03T10:00:00Z');
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.admit('docker:container web-1', 3, DAY, t0 + i * 1000));
    expect(verdicts.map((v) => [v.admitted, v.used])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 3],
    ]);
    expect(verdicts[3]?.nextAllowedAt).toBe(t0 + DAY);
    expect(await limiter.used('docker:container web-1', DAY, t0 + 5000)).toBe(3);
  });

  it('slides: an attempt leaves the window after `per`, and only then', async () => {
    const limiter = new AttemptLimiter(redis, prefix);
    const t0 = 1_000_000_000_000;
    await limiter.admit('t', 2, 60_000, t0);
    await limiter.admit('t', 2, 60_000, t0 + 30_000);
    expect((await limiter.admit('t', 2, 60_000, t0 + 59_999)).admitted).toBe(false);
    const later = await limiter.admit('t', 2, 60_000, t0 + 60_001);
    expect(later).toMatchObject({ admitted: true, used: 2 });
    expect((await limiter.admit('t', 2, 60_000, t0 + 60_002)).nextAllowedAt).toBe(t0 + 30_000 + 60_000);
  });

  it('keeps targets apart, and a blocked attempt is not recorded', async () => {
    const limiter = new AttemptLimiter(redis, prefix);
    const t0 = 2_000_000_000_000;
    await limiter.admit('a', 1, DAY, t0);
    expect((await limiter.admit('a', 1, DAY, t0 + 1)).admitted).toBe(false);
    expect((await limiter.admit('b', 1, DAY, t0 + 1)).admitted).toBe(true);
    expect(await limiter.used('a', DAY, t0 + 2)).toBe(1);
    // The key expires with the window, so an idle target leaves nothing behind.
    const ttl = await redis.pttl(`${prefix}:recover:attempts:a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(DAY);
  });

  it('admits no more than the limit when attempts race', async () => {
    const limiter = new AttemptLimiter(redis, prefix);
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => limiter.admit('race', 3, DAY)));
    expect(verdicts.filter((v) => v.admitted)).toHaveLength(3);
  });

  it('reads `per` in words or in short', () => {
    expect(parsePer('1 day')).toBe(DAY);
    expect(parsePer('12 hours')).toBe(DAY / 2);
    expect(parsePer('30 minutes')).toBe(1_800_000);
    expect(parsePer('1h30m')).toBe(5_400_000);
    expect(() => parsePer('often')).toThrow(/expected a duration/);
  });
});
