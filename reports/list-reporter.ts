import type { Reporter, ReporterOptions } from './reporter.ts';

const MARK = { PASSED: '✓', FAILED: '✗', ERROR: '!' } as const;

/** One console line per canary, then a summary. */
export function listReporter(opts: ReporterOptions): Reporter {
  let lastProgress = 0;
  return {
    onProgress(canary, message) {
      // At most one progress line every 2 s, so long crawls show life without flooding CI logs.
      if (Date.now() - lastProgress < 2_000) return;
      lastProgress = Date.now();
      opts.write(`  … ${canary.name}: ${message}`);
    },
    onRunEnd(run) {
      const reason = run.status === 'PASSED' ? '' : `  ${run.reason}`;
      const first = run.previousAttempts?.[0];
      const flaky = run.flaky && first ? `  flaky: attempt ${first.attempt} ${first.status}: ${first.reason}` : '';
      opts.write(`${MARK[run.status]} ${run.canary}  ${run.status}  ${run.durationMs} ms${reason}${flaky}`);
    },
    onEnd({ runs, durationMs }) {
      const count = (s: string) => runs.filter((r) => r.status === s).length;
      const flaky = runs.filter((r) => r.flaky).length;
      opts.write(
        `\n${runs.length} canar${runs.length === 1 ? 'y' : 'ies'}: ${count('PASSED')} passed${flaky ? ` (${flaky} flaky)` : ''}, ${count('FAILED')} failed, ${count('ERROR')} errored (${(durationMs / 1000).toFixed(1)} s)`,
      );
    },
  };
}
