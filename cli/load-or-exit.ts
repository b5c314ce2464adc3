import { loadProject, type LoadOptions } from '../config/load-project.ts';
import type { Project } from '../config/project.ts';
import { ConfigError, formatDiagnostic } from '../core/diagnostics.ts';

/** Loads the project; on configuration problems prints every one of them and exits with `exitCode`. */
export async function loadOrExit(opts: LoadOptions, exitCode: number): Promise<Project> {
  try {
    return await loadProject(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `✗ ${err.diagnostics.length} configuration problem${err.diagnostics.length === 1 ? '' : 's'}:\n`,
      );
      for (const d of err.diagnostics) process.stderr.write(`  ${formatDiagnostic(d)}\n`);
      process.exit(exitCode);
    }
    throw err;
  }
}
