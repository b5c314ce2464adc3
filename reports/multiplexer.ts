import { createLogger } from '../core/logger.ts';
import type { Reporter } from './reporter.ts';

const log = createLogger('reports');

/** Fans every hook out to all reporters; a reporter that throws is logged and never fails the run. */
export function multiplex(
  reporters: ReadonlyArray<{ name: string; reporter: Reporter }>,
  onError: (msg: string) => void,
): Required<Reporter> {
  const call = async <K extends keyof Reporter>(hook: K, ...args: Parameters<NonNullable<Reporter[K]>>) => {
    for (const { name, reporter } of reporters) {
      const fn = reporter[hook] as ((...a: typeof args) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.apply(reporter, args);
      } catch (err) {
        log.warn({ reporter: name, hook, err: (err as Error).message }, 'reporter failed');
        onError(`reporter "${name}" failed in ${hook}: ${(err as Error).message}`);
      }
    }
  };
  return {
    onRunBegin: (c) => call('onRunBegin', c),
    onStepEnd: (c, st) => call('onStepEnd', c, st),
    onProgress: (c, m) => call('onProgress', c, m),
    onRunEnd: (r) => call('onRunEnd', r),
    onEnd: (s) => call('onEnd', s),
  };
}
