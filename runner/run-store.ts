import type { Redis } from 'ioredis';
import type { RunRecord } from '../core/types.ts';

// Store the record; count it only the first time this run id is saved.
const SAVE_AND_COUNT = `
local old = redis.call('SET', KEYS[1], ARGV[1], 'GET')
if not old then redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
return 1
`;

/** Run records in Redis: one JSON value per run, indexed by canary and by time. */
export class RunStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Records kept per canary; older ones are deleted on write. */
    private readonly keepPerCanary = 1000,
  ) {}

  private recordKey(id: string): string {
    return `${this.prefix}:runs:r:${id}`;
  }

  private canaryKey(canary: string): string {
    return `${this.prefix}:runs:c:${canary}`;
  }

  /** Saves a record; saving the same id again overwrites it (a retried job never yields two records). */
  async save(run: RunRecord): Promise<void> {
    const score = Date.parse(run.startedAt);
    await this.redis
      .multi()
      .eval(
        SAVE_AND_COUNT,
        2,
        this.recordKey(run.id),
        this.countsKey,
        JSON.stringify(run),
        `${run.canary}|${run.status}`,
      )
      .zadd(this.canaryKey(run.canary), score, run.id)
      .zadd(`${this.prefix}:runs:all`, score, run.id)
      .exec();
    const excess = (await this.redis.zcard(this.canaryKey(run.canary))) - this.keepPerCanary;
    if (excess > 0) {
      const old = await this.redis.zrange(this.canaryKey(run.canary), 0, excess - 1);
      if (old.length > 0) {
        await this.redis
          .multi()
          .del(...old.map((id) => this.recordKey(id)))
          .zrem(this.canaryKey(run.canary), ...old)
          .zrem(`${this.prefix}:runs:all`, ...old)
          .exec();
      }
    }
  }

  /** Runs per canary and status, counted once per run id: `{ canary: { PASSED: n, FAILED: n, ERROR: n } }`. */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [field, n] of Object.entries(await this.redis.hgetall(this.countsKey))) {
      const cut = field.lastIndexOf('|');
      const canary = field.slice(0, cut);
      (out[canary] ??= {})[field.slice(cut + 1)] = Number(n);
    }
    return out;
  }

  private get countsKey(): string {
    return `${this.prefix}:runs:counts`;
  }

  /** Deletes run records (not their artifacts). */
  async delete(runs: ReadonlyArray<Pick<RunRecord, 'id' | 'canary'>>): Promise<void> {
    if (runs.length === 0) return;
    const multi = this.redis.multi();
    for (const r of runs) {
      multi.del(this.recordKey(r.id)).zrem(this.canaryKey(r.canary), r.id).zrem(`${this.prefix}:runs:all`, r.id);
    }
    await multi.exec();
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const raw = await this.redis.get(this.recordKey(id));
    return raw ? (JSON.parse(raw) as RunRecord) : undefined;
  }

  /** Newest first. */
  async list(opts: { canary?: string; limit: number }): Promise<RunRecord[]> {
    const key = opts.canary ? this.canaryKey(opts.canary) : `${this.prefix}:runs:all`;
    const ids = await this.redis.zrevrange(key, 0, Math.max(0, opts.limit - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.recordKey(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as RunRecord);
  }
}
