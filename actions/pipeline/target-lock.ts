/**
 * A lock per action target (`dns:www.example.com`), held across workers in Redis: `SET NX PX` with a short TTL,
 * renewed while the holder runs, released (only by its holder) when done. A crashed holder's lock expires.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';

/** A held lock; `release` is idempotent. `lost` is true once a renewal found the lock gone or taken. */
export interface TargetLease {
  readonly target: string;
  readonly lost: boolean;
  release(): Promise<void>;
}

// KEYS: lock. ARGV: token, ttl ms. Extends the lock only while it is still ours.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
// KEYS: lock. ARGV: token. Deletes the lock only while it is still ours.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class TargetLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly ttlMs = 5_000,
  ) {}

  private key(target: string): string {
    return `${this.prefix}:actions:lock:${target}`;
  }

  /** Takes the target's lock, or returns undefined when another job holds it. */
  async tryAcquire(target: string): Promise<TargetLease | undefined> {
    const key = this.key(target);
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') return undefined;
    let lost = false;
    let released = false;
    const renew = async (): Promise<void> => {
      const ok = Number(await this.redis.eval(RENEW, 1, key, token, String(this.ttlMs)));
      if (ok !== 1 && !released) {
        lost = true;
        this.log.error({ target }, 'an action target lock expired while its action ran');
      }
    };
    const timer = setInterval(
      () => {
        renew().catch((err: unknown) =>
          this.log.warn({ target, err: (err as Error).message }, 'renewing an action target lock failed'),
        );
      },
      Math.max(50, Math.floor(this.ttlMs / 3)),
    );
    timer.unref();
    return {
      target,
      get lost() {
        return lost;
      },
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
