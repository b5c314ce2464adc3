import express from 'express';
import { createLogger } from '../core/logger.ts';
import type { ApiDeps } from './api-deps.ts';
import { resolveApiLimits } from './api-limits.ts';
import { HttpError } from './http-error.ts';
import { NewSeriesBudget } from './new-series-budget.ts';
import { requestDeadline } from './request-deadline.ts';
import { routeErrors } from './route-errors.ts';
import { alarmRoutes } from './routes/alarm-routes.ts';
import { bandRoute } from './routes/band-route.ts';
import { dnsRoutes } from './routes/dns-routes.ts';
import { drillRoutes } from './routes/drill-routes.ts';
import { faultRoutes } from './routes/fault-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { logRoutes } from './routes/log-routes.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { metricStreamRoutes } from './routes/metric-stream-routes.ts';
import { runRoutes } from './routes/run-routes.ts';
import { canaryControlRoutes } from './routes/canary-control-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { overviewRoute } from './routes/overview-route.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { requireTokenOrSession, sessionRoutes } from './session-auth.ts';
import { SessionStore } from './session-store.ts';
import { securityHeaders } from './security-headers.ts';
import { listenWithTimeouts } from './server-timeouts.ts';

/**
 * The HTTP API (express). Every error is JSON `{ message }` with the right status code: each router answers its
 * own errors (known ones as 4xx, the rest logged once as a 500 with the route), and a final handler does the same
 * for what happens outside them (the token check, unknown routes). `app.listen` applies the server timeouts.
 */
export function createApiApp(deps: ApiDeps): express.Express {
  const limits = resolveApiLimits(deps.limits);
  const log = deps.log ?? createLogger('api');
  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 2);
  app.use(requestDeadline(limits.requestDeadlineMs));
  app.use(securityHeaders());

  // Open even with a token: probes and Prometheus carry none.
  app.use(healthRoutes(deps, limits, log));
  // Status pages and badges are public by design.
  app.use(publicRoutes(deps, log));
  const sessions = new SessionStore(deps.redis, deps.prefix ?? 'canary');
  app.use(sessionRoutes(deps.token, sessions, log));
  if (deps.token) app.use('/api', requireTokenOrSession(deps.token, sessions));

  app.use(canaryControlRoutes(deps.canaryControl, log));
  app.use(overviewRoute(deps, log));
  app.use(eventRoutes(deps.events, log));
  app.use(runRoutes(deps, log));
  app.use('/api/alarms', alarmRoutes(deps, log));
  app.use(bandRoute({ store: deps.metrics, alarms: deps.alarms, limits, log }));
  app.use(
    metricsRoutes({
      store: deps.metrics,
      log,
      newSeries: new NewSeriesBudget(limits.maxNewSeriesPerMinute, deps.now ?? Date.now),
      ...(deps.now ? { now: deps.now } : {}),
    }),
  );
  app.use(dnsRoutes(deps, log));
  if (deps.logs) app.use(logRoutes({ ...deps.logs, log }));
  app.use(drillRoutes(deps, log));
  app.use(faultRoutes(deps.faults, log));
  app.use(metricStreamRoutes(deps, log));

  app.use((req, _res, next) => next(new HttpError(404, `no route for ${req.method} ${req.path}`)));
  app.use(routeErrors(log, 'app'));
  listenWithTimeouts(app, limits);
  return app;
}
