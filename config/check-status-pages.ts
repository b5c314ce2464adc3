import type { Diagnostic } from '../core/diagnostics.ts';
import type { StatusPageConfig } from './status-page-schema.ts';

/** Each status page's `canaries` must name canaries of the project (a typo would silently hide a component). */
export function checkStatusPages(
  file: string,
  pages: ReadonlyArray<StatusPageConfig>,
  canaries: ReadonlySet<string>,
  out: Diagnostic[],
): void {
  pages.forEach((p, i) =>
    (p.canaries ?? []).forEach((name, j) => {
      if (!canaries.has(name))
        out.push({
          file,
          path: `statusPages[${i}].canaries[${j}]`,
          message: `unknown canary "${name}": expected one of ${[...canaries].sort().join(', ') || '(no canaries)'}`,
        });
    }),
  );
}
