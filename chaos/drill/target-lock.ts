import type { Redis } from 'ioredis';

/** Who holds a drill lock, as stored in its value. */
export interface LockHolder {
  drillRunId: string;
  drill: string;
  /** `host:pid`. */
  owner: string;
}

/** Another drill holds one of the targets. */
export class DrillLockError extends Error {
  constructor(
    readonly target: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `target ${target} is locked by drill "${holder.drill}" (run ${holder.drillRunId} on ${holder.owner})`
        : `target ${target} is locked by another drill`,
    );
    this.name = 'DrillLockError';
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

const RENEW = `for i, k in ipairs(KEYS) do
  if redis.call('GET', k) ~= ARGV[1] then return 0 end
end
for i, k in ipairs(KEYS) do redis.call('PEXPIRE', k, ARGV[2]) end
return 1`;

const RELEASE = `for i, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end
end
return 1`;

/**
 * One Redis key per target (`<prefix>:drills:lock:<target>`, SET NX PX), renewed while the drill runs: two drills
 * never run at once on the same targets, and a dead runner's lock ends with its expiry.
 */
export class DrillTargetLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 15_000,
  ) {}

  private key(target: string): string {
    return `${this.prefix}:drills:lock:${target}`;
  }

  /** Locks every target (in a stable order) or none; rejects with DrillLockError naming the holder. */
  async acquire(targets: readonly string[], holder: LockHolder): Promise<HeldLock> {
    const value = JSON.stringify(holder);
    const keys = [...new Set(targets)].sort().map((t) => this.key(t));
    const taken: string[] = [];
    for (const [i, key] of keys.entries()) {
      if ((await this.redis.set(key, value, 'PX', this.ttlMs, 'NX')) === 'OK') {
        taken.push(key);
        continue;
      }
      const current = await this.redis.get(key);
      if (taken.length > 0) await this.redis.eval(RELEASE, taken.length, ...taken, value);
      let parsed: LockHolder | undefined;
      try {
        parsed = current ? (JSON.parse(current) as LockHolder) : undefined;
      } catch {
        parsed = undefined;
      }
      throw new DrillLockError([...new Set(targets)].sort()[i] ?? key, parsed);
    }
    const timer = setInterval(() => {
      if (keys.length > 0)
        this.redis.eval(RENEW, keys.length, ...keys, value, this.ttlMs).catch(() => {
          /* retried at the next renewal; a lost lock only lets another drill start */
        });
    }, this.ttlMs / 3);
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        if (keys.length > 0) await this.redis.eval(RELEASE, keys.length, ...keys, value);
      },
    };
  }
}
