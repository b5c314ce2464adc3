import type { Redis } from 'ioredis';

// The value is "holder|expiresAt" (epoch ms by the holder's clock). Expiry is judged by the caller's clock,
// so that engines on one wall clock (or a test's stepped clock) agree when a lease lapsed; the key's own
// TTL only collects leases nobody will renew.
// KEYS[1] lease  ARGV: holder, now, ttlMs, cleanupMs, mode ('acquire' | 'renew')
const TAKE = `
local v = redis.call('GET', KEYS[1])
if v then
  local sep = string.find(v, '|', 1, true)
  local holder = string.sub(v, 1, sep - 1)
  local expires = tonumber(string.sub(v, sep + 1))
  if holder ~= ARGV[1] and expires > tonumber(ARGV[2]) then return 0 end
  if ARGV[5] == 'renew' and holder ~= ARGV[1] then return 0 end
elseif ARGV[5] == 'renew' then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. string.format('%d', tonumber(ARGV[2]) + tonumber(ARGV[3])), 'PX', ARGV[4])
return 1
`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then redis.call('DEL', KEYS[1]) return 1 end
return 0
`;

/** A named lease in Redis held by one process at a time, for `ttlMs` after each acquire or renew. */
export class RedisLease {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  private async take(mode: 'acquire' | 'renew'): Promise<boolean> {
    const cleanupMs = String(this.ttlMs + 60_000);
    const res = await this.redis.eval(
      TAKE,
      1,
      this.key,
      this.holder,
      String(this.now()),
      String(this.ttlMs),
      cleanupMs,
      mode,
    );
    return res === 1;
  }

  /** Takes the lease if it is free, lapsed, or already ours. */
  acquire(): Promise<boolean> {
    return this.take('acquire');
  }

  /** Extends the lease; false if another process took it over meanwhile. */
  renew(): Promise<boolean> {
    return this.take('renew');
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.holder);
  }
}
