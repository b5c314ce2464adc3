import { createLogger } from '../core/logger.ts';
import type { AlarmTransition } from '../core/types.ts';
import type { AlarmStateStore } from './alarm-state-store.ts';
import type { RedisLease } from './redis-lease.ts';

const log = createLogger('outbox-sweeper');

export interface OutboxSweeperOptions {
  store: AlarmStateStore;
  /** Job ids derive from transition ids, so a transition enqueued twice runs nothing twice. */
  enqueueActions: (t: AlarmTransition) => Promise<void>;
  /** Held while sweeping, so that one process sweeps at a time. */
  lease: RedisLease;
}

/**
 * Delivers transitions left in the outbox: committed, but their actions not (yet) handed to the action queue
 * because the enqueue failed (Redis OOM or READONLY, a dropped connection) or the process died in between.
 * A routine sweep delivers only entries it already saw at its previous sweep, so that it does not race the
 * committing process's own enqueue (which would run actions before the transition is published); a full
 * sweep (at start) delivers everything.
 */
export class OutboxSweeper {
  private seen = new Set<string>();

  constructor(private readonly opts: OutboxSweeperOptions) {}

  /** Returns how many transitions it handed to the queue. */
  async sweep(o: { all?: boolean } = {}): Promise<number> {
    if ((await this.opts.store.outboxSize()) === 0) {
      this.seen.clear();
      return 0;
    }
    if (!(await this.opts.lease.acquire())) return 0;
    try {
      const entries = await this.opts.store.outbox();
      const left = new Set<string>();
      let delivered = 0;
      let failed = 0;
      let lastError = '';
      for (const t of entries) {
        if (!o.all && !this.seen.has(t.id)) {
          left.add(t.id);
          continue;
        }
        try {
          await this.opts.enqueueActions(t);
          await this.opts.store.clearOutbox(t.id);
          delivered += 1;
        } catch (err) {
          left.add(t.id);
          failed += 1;
          lastError = (err as Error).message;
        }
      }
      this.seen = left;
      if (delivered > 0) log.info({ delivered }, 'delivered transitions from the outbox');
      if (failed > 0)
        log.warn({ failed, err: lastError }, 'could not deliver from the outbox; retrying at the next sweep');
      return delivered;
    } finally {
      await this.opts.lease.release();
    }
  }
}
