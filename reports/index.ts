import { htmlReporter } from './html-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { listReporter } from './list-reporter.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

/** The typed registry of reporters: adding one is one line here. */
export const reporters = {
  list: listReporter,
  json: jsonReporter,
  junit: junitReporter,
  html: htmlReporter,
} satisfies Record<string, (opts: ReporterOptions) => Reporter>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
