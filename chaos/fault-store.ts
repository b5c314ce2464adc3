/**
 * The leases of active faults, in Redis, shared by every process:
 *
 * - `<prefix>:faults` (hash): fault id → the ActiveFault as JSON (its `expiresAt` as of injection);
 * - `<prefix>:faults:leases` (sorted set): fault id scored by the epoch ms its lease runs to (the live value);
 * - `<prefix>:faults:claims` (hash): fault id → the reaper that claimed its expired lease and is reverting it;
 * - `<prefix>:faults:changed` (pub/sub): a message on every change, so views reload at once.
 *
 * A fault is active while its lease score is in the future and no reaper has claimed it.
 */
import type { Redis } from 'ioredis';
import type { ActiveFault } from '../core/fault.ts';

export interface FaultKeys {
  faults: string;
  leases: string;
  claims: string;
  channel: string;
}

export function faultKeys(prefix: string): FaultKeys {
  return {
    faults: `${prefix}:faults`,
    leases: `${prefix}:faults:leases`,
    claims: `${prefix}:faults:claims`,
    channel: `${prefix}:faults:changed`,
  };
}

/** A stored fault with its live lease, and whether a reaper holds its claim. */
export interface StoredFault extends ActiveFault {
  /** Set while a reaper reverts the fault after its lease ran out. */
  claimedBy?: string;
}

// KEYS: leases, claims, channel · ARGV: id, expiresAt → 1 renewed, 0 gone or claimed
const RENEW = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], 'renew ' .. ARGV[1])
return 1`;

// KEYS: faults, leases, claims, channel · ARGV: id → the fault's JSON, or false
const REMOVE = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if json then redis.call('PUBLISH', KEYS[4], 'remove ' .. ARGV[1]) end
return json`;

// KEYS: leases, claims, channel · ARGV: now, claimer, claimUntil → ids claimed
// A claim is itself a lease (score moved to claimUntil): a reaper that dies mid-revert lets another retry.
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[3], id)
  redis.call('HSET', KEYS[2], id, ARGV[2])
end
if #ids > 0 then redis.call('PUBLISH', KEYS[3], 'claim') end
return ids`;

export class FaultStore {
  readonly keys: FaultKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = faultKeys(prefix);
  }

  /** Records a new fault and its lease. */
  async put(fault: ActiveFault): Promise<void> {
    const k = this.keys;
    await this.redis
      .multi()
      .hset(k.faults, fault.id, JSON.stringify(fault))
      .zadd(k.leases, fault.expiresAt, fault.id)
      .publish(k.channel, `put ${fault.id}`)
      .exec()
      .then(execOk);
  }

  /** Stores what an effect fault's inject returned (for whoever reverts it). */
  async setState(id: string, state: NonNullable<ActiveFault['state']>): Promise<void> {
    const fault = await this.get(id);
    if (!fault) return;
    const { claimedBy: _c, ...stored } = fault;
    await this.redis.hset(this.keys.faults, id, JSON.stringify({ ...stored, state }));
  }

  /** Extends a lease; false when the fault is gone (reverted elsewhere, the kill switch) or claimed by a reaper. */
  async renew(id: string, expiresAt: number): Promise<boolean> {
    const k = this.keys;
    const r = await this.redis.eval(RENEW, 3, k.leases, k.claims, k.channel, id, String(expiresAt));
    return r === 1;
  }

  /** Deletes a fault and its lease; returns it, or undefined when it was not there. */
  async remove(id: string): Promise<StoredFault | undefined> {
    const k = this.keys;
    const r = await this.redis.eval(REMOVE, 4, k.faults, k.leases, k.claims, k.channel, id);
    return typeof r === 'string' ? parseFault(r) : undefined;
  }

  async get(id: string): Promise<StoredFault | undefined> {
    return (await this.list()).find((f) => f.id === id);
  }

  /** Every stored fault with its live lease (expired and claimed ones included), oldest first. */
  async list(): Promise<StoredFault[]> {
    const k = this.keys;
    const res = await this.redis
      .multi()
      .hgetall(k.faults)
      .zrange(k.leases, 0, -1, 'WITHSCORES')
      .hgetall(k.claims)
      .exec();
    const [faults, leases, claims] = execOk(res) as [Record<string, string>, string[], Record<string, string>];
    const expiry = new Map<string, number>();
    for (let i = 0; i + 1 < leases.length; i += 2) expiry.set(leases[i] ?? '', Number(leases[i + 1]));
    const out: StoredFault[] = [];
    for (const [id, json] of Object.entries(faults)) {
      const f = parseFault(json);
      if (!f) continue;
      const claimedBy = claims[id];
      out.push({ ...f, expiresAt: expiry.get(id) ?? f.expiresAt, ...(claimedBy !== undefined ? { claimedBy } : {}) });
    }
    return out.sort((a, b) => a.injectedAt.localeCompare(b.injectedAt) || a.id.localeCompare(b.id));
  }

  /**
   * Claims faults whose lease ran out (at most 100 per call) for `claimer`, which must revert and `remove`
   * them; a claim lasts `claimMs`, after which another reaper may claim the fault again. Exactly one caller
   * gets each fault per claim.
   */
  async claimExpired(claimer: string, now = Date.now(), claimMs = 30_000): Promise<StoredFault[]> {
    const k = this.keys;
    const ids = (await this.redis.eval(
      CLAIM,
      3,
      k.leases,
      k.claims,
      k.channel,
      String(now),
      claimer,
      String(now + claimMs),
    )) as string[];
    if (ids.length === 0) return [];
    const all = await this.list();
    return all.filter((f) => ids.includes(f.id));
  }
}

function parseFault(json: string): StoredFault | undefined {
  try {
    const v = JSON.parse(json) as ActiveFault;
    return typeof v.id === 'string' && typeof v.type === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function execOk(res: Array<[Error | null, unknown]> | null): unknown[] {
  if (!res) throw new Error('fault store: transaction aborted');
  return res.map(([err, v]) => {
    if (err) throw err;
    return v;
  });
}
