import { createLogger } from '../core/logger.ts';

const log = createLogger('stack');

/** Registers a stop step. */
export type Defer = (stop: () => Promise<void>) => void;

/**
 * Stop steps run in reverse order of registration (what started last stops first). A failing step is logged and
 * the others still run; closing again waits for the same shutdown.
 */
export class Closers {
  private readonly steps: Array<() => Promise<void>> = [];
  private closing: Promise<void> | undefined;

  readonly add: Defer = (stop) => void this.steps.push(stop);

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step();
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'error while stopping');
        }
      }
    })();
    return this.closing;
  }
}

/**
 * Runs `start` with a `defer` for its stop steps, and returns what it returns plus a `close` that runs them.
 * If `start` throws, what it had started is stopped before the error goes on.
 */
export async function withClosers<T extends object>(
  start: (defer: Defer) => Promise<T>,
): Promise<T & { close(): Promise<void> }> {
  const closers = new Closers();
  try {
    const started = await start(closers.add);
    return { ...started, close: () => closers.close() };
  } catch (err) {
    await closers.close();
    throw err;
  }
}
