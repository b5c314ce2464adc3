/**
 * The reaper: ends faults whose lease ran out (their controller died or stopped renewing). Every tick it claims
 * the expired leases (exactly one reaper across the cluster gets each), runs an effect fault's revert with its
 * stored state, deletes the lease and publishes `FaultReverted` with reason `lease-expired`. Served faults have
 * already stopped at expiry (their appliers check it at every read): it only deletes and publishes. A revert that
 * fails keeps the lease; the claim runs out after `claimMs` and the fault is tried again.
 */
import type { Logger } from '../core/logger.ts';
import type { RedisFaultController } from './fault-controller.ts';
import type { FaultStore } from './fault-store.ts';

export interface FaultReaperOptions {
  store: FaultStore;
  controller: RedisFaultController;
  /** Who claims (`host:pid`). */
  claimer: string;
  log: Logger;
  /** Default 1000 ms. */
  intervalMs?: number;
  /** How long a claim lasts before another reaper may retry (default 10 s). */
  claimMs?: number;
}

export interface FaultReaper {
  /** One pass now; resolves with the ids ended. */
  tick(): Promise<string[]>;
  close(): Promise<void>;
}

export function startFaultReaper(o: FaultReaperOptions): FaultReaper {
  const intervalMs = o.intervalMs ?? 1000;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;

  const pass = async (): Promise<string[]> => {
    const ended: string[] = [];
    const claimed = await o.store.claimExpired(o.claimer, Date.now(), o.claimMs ?? 10_000);
    for (const fault of claimed) {
      try {
        if (await o.controller.end(fault, 'lease-expired')) ended.push(fault.id);
      } catch (err) {
        o.log.warn(
          { id: fault.id, target: fault.target, err: (err as Error).message },
          'reaper: revert failed; will retry',
        );
      }
    }
    return ended;
  };
  const tick = (): Promise<string[]> => {
    running ??= pass().finally(() => (running = undefined));
    return running;
  };
  const loop = (): void => {
    timer = setTimeout(() => {
      tick()
        .catch((err: unknown) => o.log.warn({ err: (err as Error).message }, 'reaper: pass failed'))
        .finally(() => {
          if (!closed) loop();
        });
    }, intervalMs);
  };
  loop();
  return {
    tick,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
