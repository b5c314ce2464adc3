/** One configuration problem, with its place. */
export interface Diagnostic {
  /** File the problem is in, relative to the project root. */
  file: string;
  /** Field path, e.g. `alarms[0].threshold`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return d.path ? `${d.file} › ${d.path}: ${d.message}` : `${d.file}: ${d.message}`;
}

/** Thrown when a project fails validation; carries every problem found. */
export class ConfigError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(
      `${diagnostics.length} configuration problem${diagnostics.length === 1 ? '' : 's'}:\n` +
        diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.diagnostics = diagnostics;
  }
}

/** Formats a zod-style path (`['alarms', 0, 'threshold']`) as `alarms[0].threshold`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
