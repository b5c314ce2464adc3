import type { Server } from 'node:http';
import type { Express } from 'express';
import type { ApiLimits } from './api-limits.ts';

/**
 * Bounds how long a client may take to send its request: headers within `headersTimeoutMs`, the whole request
 * within `requestTimeoutMs` (Node answers 408 and closes), checked every second instead of Node's 30 s.
 * Call before the server starts listening.
 */
export function applyServerTimeouts(
  server: Server,
  limits: Pick<ApiLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>,
): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
  // Read by Node when the server starts listening; only settable as a property before that.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1_000,
    limits.headersTimeoutMs,
  );
}

/** Makes `app.listen(…)` apply {@link applyServerTimeouts} to the server it creates. */
export function listenWithTimeouts(
  app: Express,
  limits: Pick<ApiLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>,
): void {
  const listen = app.listen.bind(app) as (...args: unknown[]) => Server;
  app.listen = ((...args: unknown[]) => {
    const server = listen(...args);
    applyServerTimeouts(server, limits);
    return server;
  }) as Express['listen'];
}
