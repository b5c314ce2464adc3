import type { Redis } from 'ioredis';

/** One operator control on a canary, as audited. */
export interface CanaryControlEntry {
  at: string;
  canary: string;
  action: 'run' | 'pause' | 'resume';
  /** Who asked: `token`, `session` or `open` (no token configured). */
  by: string;
  runId?: string;
}

const AUDIT_KEEP = 1000;

/**
 * Which canaries are paused (their job scheduler removed) and the audit of run-now / pause / resume, in Redis so a
 * restart keeps them: the scheduler role skips paused canaries when it reconciles.
 */
export class CanaryControlStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get pausedKey(): string {
    return `${this.prefix}:canary-control:paused`;
  }

  private get auditKey(): string {
    return `${this.prefix}:canary-control:audit`;
  }

  /** Paused canaries, each with when it was paused. */
  async paused(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.pausedKey)));
  }

  async setPaused(canary: string, paused: boolean): Promise<void> {
    if (paused) await this.redis.hset(this.pausedKey, canary, new Date().toISOString());
    else await this.redis.hdel(this.pausedKey, canary);
  }

  async audit(entry: CanaryControlEntry): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.auditKey, JSON.stringify(entry))
      .ltrim(this.auditKey, 0, AUDIT_KEEP - 1)
      .exec();
  }

  /** Newest first, optionally of one canary. */
  async auditLog(canary: string | undefined, limit: number): Promise<CanaryControlEntry[]> {
    const all = (await this.redis.lrange(this.auditKey, 0, AUDIT_KEEP - 1)).map(
      (s) => JSON.parse(s) as CanaryControlEntry,
    );
    return all.filter((e) => canary === undefined || e.canary === canary).slice(0, limit);
  }
}
