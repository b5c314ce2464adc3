/**
 * The recovery rate limit: at most `max` attempts on one target within a sliding window, kept in Redis (one
 * sorted set per target, `<prefix>:recover:attempts:<target>`, scored by time), so every worker shares it.
 * Admitting an attempt is one Lua script: drop what left the window, count, and record only if under the limit.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// KEYS: the set. ARGV: now (ms), window (ms), max, member. Returns {admitted (0/1), count in window, oldest score}.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, n, oldest[2]}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {1, n + 1, oldest[2]}
`;

export interface AttemptVerdict {
  admitted: boolean;
  /** Attempts in the window, this one included when admitted. */
  used: number;
  max: number;
  /** When blocked: the epoch ms from which the next attempt is allowed (the oldest leaves the window). */
  nextAllowedAt?: number;
}

export class AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(target: string): string {
    return `${this.prefix}:recover:attempts:${target}`;
  }

  /** Records an attempt on `target` if fewer than `max` were made within `windowMs`; says which. */
  async admit(target: string, max: number, windowMs: number, now = Date.now()): Promise<AttemptVerdict> {
    const raw = (await this.redis.eval(
      ADMIT,
      1,
      this.key(target),
      String(now),
      String(windowMs),
      String(max),
      `${now}-${randomUUID()}`,
    )) as [number, number, string | null];
    const [admitted, used, oldest] = raw;
    return {
      admitted: admitted === 1,
      used,
      max,
      ...(admitted === 1 || oldest === null ? {} : { nextAllowedAt: Number(oldest) + windowMs }),
    };
  }

  /** Attempts on `target` within the window, without recording one (for a dry run). */
  async used(target: string, windowMs: number, now = Date.now()): Promise<number> {
    return this.redis.zcount(this.key(target), `(${now - windowMs}`, '+inf');
  }
}
