import express, { type Router } from 'express';
import type { Logger } from '../../core/logger.ts';
import type { ApiDeps } from '../api-deps.ts';
import { routeErrors } from '../route-errors.ts';

/** `GET /api/metric-streams`: each configured stream's last delivery, lag, pending, drops and errors. */
export function metricStreamRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();
  r.get('/api/metric-streams', async (_req, res) => {
    res.json({ streams: (await deps.metricStreams?.status()) ?? [] });
  });
  r.use(routeErrors(log, 'metric-streams'));
  return r;
}
