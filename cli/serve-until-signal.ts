import { createLogger } from '../core/logger.ts';
import type { Stack } from '../stack/start-stack.ts';

const log = createLogger('cli');

/** Keeps the stack up until SIGTERM/SIGINT, then shuts down gracefully (a second signal exits at once). */
export function serveUntilSignal(stack: Stack): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: letting in-flight runs finish');
    stack.close().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
