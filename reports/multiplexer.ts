import { createLogger } from '../core/logger.ts';
import type { Reporter } from './reporter.ts';

const log = createLogger('reports');

/** Fans every hook out to all reporters; a reporter that throws is logged and never fails the run. */
export function multiplex(reporters: ReadonlyArray<{ name: string; reporter: Reporter }>, onError: (msg: string) => void): Required<Reporter> {
  const call = async <K extends keyof Reporter>(hook: K, arg: Parameters<NonNullable<Reporter[K]>>[0]) => {
    for (const { name, reporter } of reporters) {
      const fn = reporter[hook] as ((a: typeof arg) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.call(reporter, arg);
      } catch (err) {
        log.warn({ reporter: name, hook, err: (err as Error).message }, 'reporter failed');
        onError(`reporter "${name}" failed in ${hook}: ${(err as Error).message}`);
      }
    }
  };
  return {
    onRunBegin: (c) => call('onRunBegin', c),
    onRunEnd: (r) => call('onRunEnd', r),
    onEnd: (s) => call('onEnd', s),
  };
}
