import type { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';

const log = createLogger('retention');

/** How often retention is applied. */
export const RETENTION_EVERY_MS = 10 * 60_000;

export interface RetentionScheduleOptions {
  redis: Redis;
  prefix: string;
  /** Applies the policy once (for example `enforceRetention` with the project in force). */
  apply: () => Promise<unknown>;
  everyMs?: number;
}

/**
 * Applies retention now and then every `everyMs`. One process per interval does it (a Redis lock that expires
 * just before the next interval), however many processes run the scheduler role. A failure is logged and the
 * next interval tries again.
 */
export function scheduleRetention(opts: RetentionScheduleOptions): { stop(): Promise<void> } {
  const every = opts.everyMs ?? RETENTION_EVERY_MS;
  let current: Promise<void> | undefined;
  const once = async () => {
    const lock = await opts.redis.set(
      `${opts.prefix}:retention:lock`,
      String(process.pid),
      'PX',
      Math.max(1, every - 1_000),
      'NX',
    );
    if (lock === 'OK') await opts.apply();
  };
  const tick = () => {
    if (current) return; // the previous pass is still going
    current = once()
      .catch((err: Error) => log.warn({ err: err.message }, 'retention failed'))
      .finally(() => (current = undefined));
  };
  const timer = setInterval(tick, every);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
