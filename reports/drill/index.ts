import type { DrillReporter, DrillReporterOptions } from './drill-reporter.ts';
import { htmlDrillReporter } from './html-drill-reporter.ts';
import { jsonDrillReporter } from './json-drill-reporter.ts';
import { junitDrillReporter } from './junit-drill-reporter.ts';
import { listDrillReporter } from './list-drill-reporter.ts';

/** The typed registry of drill reporters: adding one is one line here. */
export const drillReporters = {
  list: listDrillReporter,
  json: jsonDrillReporter,
  junit: junitDrillReporter,
  html: htmlDrillReporter,
} satisfies Record<string, (opts: DrillReporterOptions) => DrillReporter>;

export type DrillReporterName = keyof typeof drillReporters;

export function isDrillReporterName(name: string): name is DrillReporterName {
  return Object.hasOwn(drillReporters, name);
}

/** Fans each hook out to every reporter; one that throws is reported through `onError` and never stops a drill. */
export function multiplexDrillReporters(
  reporters: ReadonlyArray<{ name: string; reporter: DrillReporter }>,
  onError: (message: string) => void,
): Required<DrillReporter> {
  const call = async <K extends keyof DrillReporter>(hook: K, ...args: Parameters<NonNullable<DrillReporter[K]>>) => {
    for (const { name, reporter } of reporters) {
      const fn = reporter[hook] as ((...a: typeof args) => void | Promise<void>) | undefined;
      try {
        await fn?.apply(reporter, args);
      } catch (err) {
        onError(`reporter "${name}" failed in ${hook}: ${(err as Error).message}`);
      }
    }
  };
  return {
    onStep: (d, s) => call('onStep', d, s),
    onDrillEnd: (j) => call('onDrillEnd', j),
    onEnd: (js) => call('onEnd', js),
  };
}
