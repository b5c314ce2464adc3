import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from '../core/logger.ts';
import { knownErrorAnswer, type ErrorAnswerOptions } from './error-answer.ts';

/** The route template that matched (`/api/alarms/:name`), or the path when none did. */
function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}`.replace(/(.)\/$/, '$1') : req.path;
}

/**
 * The error handler of one router (`router` names it in the log): known errors become their 4xx answer, anything
 * else is logged once, with the route, and answered 500 `{ message: 'internal error' }`. Mount it last in the router,
 * so it sees that router's errors only.
 */
export function routeErrors(log: Logger, router: string, o: ErrorAnswerOptions = {}): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      // Answered already (the deadline, or a stream that broke): nothing more to say to this client.
      if (!res.writableEnded) res.destroy();
      log.debug({ router, route: routeOf(req), err: (err as Error)?.message }, 'error after the answer was sent');
      return;
    }
    const known = knownErrorAnswer(err, o);
    if (known) {
      res.set(known.headers).status(known.status).json(known.body);
      return;
    }
    log.error(
      { router, method: req.method, route: routeOf(req), err: (err as Error)?.message ?? String(err) },
      'request failed',
    );
    res.status(500).json({ message: 'internal error' });
  };
}
