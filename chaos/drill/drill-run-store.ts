import type { Redis } from 'ioredis';
import type { DrillJournal } from '../../core/drill.ts';

/** Runs kept per drill (newest first); older journals are deleted. */
export const DRILL_RUNS_KEPT = 50;
/** Days a journal is kept at most. */
export const DRILL_RUN_DAYS = 90;

/** Drill journals in Redis: one JSON per run, a bounded newest-first index per drill. */
export class DrillRunStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly kept = DRILL_RUNS_KEPT,
  ) {}

  private runKey(id: string): string {
    return `${this.prefix}:drills:run:${id}`;
  }

  private indexKey(drill: string): string {
    return `${this.prefix}:drills:runs:${drill}`;
  }

  async save(j: DrillJournal): Promise<void> {
    const index = this.indexKey(j.drill);
    await this.redis
      .multi()
      .set(this.runKey(j.id), JSON.stringify(j), 'EX', DRILL_RUN_DAYS * 86_400)
      .zadd(index, Date.parse(j.startedAt), j.id)
      .exec();
    const old = await this.redis.zrange(index, 0, -(this.kept + 1));
    if (old.length > 0)
      await this.redis
        .multi()
        .zrem(index, ...old)
        .del(...old.map((id) => this.runKey(id)))
        .exec();
  }

  async get(id: string): Promise<DrillJournal | undefined> {
    const raw = await this.redis.get(this.runKey(id));
    return raw ? (JSON.parse(raw) as DrillJournal) : undefined;
  }

  /** Newest first. */
  async list(drill: string, limit = 10): Promise<DrillJournal[]> {
    const ids = await this.redis.zrevrange(this.indexKey(drill), 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.runKey(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as DrillJournal);
  }
}
