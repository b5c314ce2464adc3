import type { MetricStore } from './metric-store.ts';
import type { RollupResult } from './rollup.ts';

export interface RollupLoopOptions {
  /** Pause between runs (default 60 s). */
  intervalMs?: number;
  onRun?: (r: RollupResult) => void;
  onError?: (err: Error) => void;
}

/** Runs `store.rollup()` now and then every `intervalMs` until `stop()`; safe in every process at once. */
export function startMetricsRollup(store: MetricStore, opts: RollupLoopOptions = {}): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = store
      .rollup()
      .then(
        (r) => opts.onRun?.(r),
        (err: Error) => opts.onError?.(err),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 60_000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
