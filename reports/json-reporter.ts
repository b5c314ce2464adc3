import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, ReporterOptions } from './reporter.ts';

/** Writes the full run record as `<outDir>/<runId>.json`, one file per run. */
export function jsonReporter(opts: ReporterOptions): Reporter {
  return {
    async onRunEnd(run) {
      await mkdir(opts.outDir, { recursive: true });
      await writeFile(path.join(opts.outDir, `${run.id}.json`), `${JSON.stringify(run, null, 2)}\n`);
    },
  };
}
