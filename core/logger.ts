import { pino, type Logger } from 'pino';

export type { Logger };

const root = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { pid: process.pid },
});

/** A structured logger carrying a `component` field. */
export function createLogger(component: string): Logger {
  return root.child({ component });
}
