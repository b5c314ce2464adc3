import express, { type Request, type Router } from 'express';
import type { Logger } from '../../core/logger.ts';
import type { CanaryControl } from '../canary-control.ts';
import { HttpError } from '../http-error.ts';
import { intParam } from '../query-params.ts';
import { routeErrors } from '../route-errors.ts';

/** Who made the request, for the audit: set by the auth middleware (`res.locals.auth`). */
const byOf = (req: Request): string => {
  const auth = (req.res?.locals as { auth?: unknown } | undefined)?.auth;
  return typeof auth === 'string' ? auth : 'open';
};

/**
 * `POST /api/canaries/:name/run` (202 `{ runId }`), `POST /api/canaries/:name/pause|resume` (the canary's job
 * scheduler, as CloudWatch's StopCanary / StartCanary) and `GET /api/canaries/:name/audit`.
 */
export function canaryControlRoutes(control: CanaryControl | undefined, log: Logger): Router {
  const r = express.Router();
  const api = (): CanaryControl => {
    if (!control) throw new HttpError(404, 'canary control is not available on this API');
    return control;
  };

  r.post('/api/canaries/:name/run', async (req, res) => {
    res.status(202).json(await api().runNow(req.params.name, byOf(req)));
  });
  r.post('/api/canaries/:name/pause', async (req, res) => {
    res.json(await api().pause(req.params.name, byOf(req)));
  });
  r.post('/api/canaries/:name/resume', async (req, res) => {
    res.json(await api().resume(req.params.name, byOf(req)));
  });
  r.get('/api/canaries/:name/audit', async (req, res) => {
    res.json(await api().auditLog(req.params.name, intParam(req.query.limit, 'limit', 100, 1000)));
  });

  r.use(routeErrors(log, 'canary-control'));
  return r;
}
