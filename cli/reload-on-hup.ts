import { loadProject, type LoadOptions } from '../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../core/diagnostics.ts';
import { createLogger } from '../core/logger.ts';
import type { Stack } from '../stack/start-stack.ts';

const log = createLogger('cli');

/**
 * On SIGHUP, reloads the config and canaries. Everything is validated first: a bad new config is reported and
 * the running one is kept (as Prometheus does with rule files).
 */
export function reloadOnHup(stack: Stack, opts: LoadOptions): void {
  let reloading = false;
  process.on('SIGHUP', () => {
    if (reloading) return;
    reloading = true;
    void (async () => {
      try {
        const next = await loadProject(opts);
        const restartOnly = await stack.reload(next);
        process.stdout.write(
          `canarykit: configuration reloaded (${next.canaries.length} canaries, ${next.alarms.length + next.compositeAlarms.length} alarms)` +
            `${restartOnly.length ? `; restart to apply: ${restartOnly.join(', ')}` : ''}\n`,
        );
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(
            `✗ reload refused, keeping the running configuration:\n${err.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}\n`,
          );
        } else {
          log.error({ err: (err as Error).message }, 'reload failed; keeping the running configuration');
        }
      } finally {
        reloading = false;
      }
    })();
  });
}
