import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillReporter, DrillReporterOptions } from './drill-reporter.ts';
import { fileSafe } from './drill-reporter.ts';

/** Writes each run's journal to `<outDir>/<drill>-<run id>.json`. */
export function jsonDrillReporter(opts: DrillReporterOptions): DrillReporter {
  return {
    async onDrillEnd(j) {
      await mkdir(opts.outDir, { recursive: true });
      const file = path.join(opts.outDir, `${fileSafe(j.drill)}-${j.id}.json`);
      await writeFile(file, `${JSON.stringify(j, null, 2)}\n`);
      opts.write(`  journal: ${file}`);
    },
  };
}
