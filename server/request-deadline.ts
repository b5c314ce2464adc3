import type { RequestHandler } from 'express';

/**
 * Answers 503 `{ message }` to a request still unanswered after `ms` (a store that stopped answering, a slow
 * computation); whatever the handler sends later is dropped.
 */
export function requestDeadline(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res
        .status(503)
        .set({ 'retry-after': '1', connection: 'close' })
        .json({ message: `the request did not complete within ${ms} ms, the API's per-request deadline; try again` });
    }, ms);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
