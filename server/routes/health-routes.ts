import express, { type Router } from 'express';
import type { Logger } from '../../core/logger.ts';
import { withTimeout } from '../../core/with-timeout.ts';
import type { ApiDeps } from '../api-deps.ts';
import type { ApiLimits } from '../api-limits.ts';
import { HttpError } from '../http-error.ts';
import { collectPrometheusSnapshot, renderPrometheus } from '../prometheus.ts';
import { redisHealth } from '../redis-health.ts';
import { routeErrors } from '../route-errors.ts';

/**
 * `GET /healthz` and `GET /metrics` (Prometheus). Both answer within their Redis bounds, also while Redis is down:
 * 503 then, never a hang.
 */
export function healthRoutes(
  deps: ApiDeps,
  limits: Pick<ApiLimits, 'redisHealthTimeoutMs' | 'scrapeTimeoutMs'>,
  log: Logger,
): Router {
  const r = express.Router();

  r.get('/healthz', async (_req, res) => {
    const health = await redisHealth(deps.redis, limits.redisHealthTimeoutMs);
    if (health.ok) res.json({ status: 'ok', redis: 'ok' });
    else res.status(503).json({ status: 'degraded', redis: health.detail });
  });

  // Concurrent scrapes share one read of the stores; one that never ends (Redis gone mid-read) is waited on by
  // each scrape only up to the scrape bound, and the next scrape after it ends reads afresh.
  let reading: Promise<string> | undefined;
  let contentType = 'text/plain; version=0.0.4; charset=utf-8';
  const read = () =>
    (reading ??= collectPrometheusSnapshot(deps)
      .then(renderPrometheus)
      .then((out) => {
        contentType = out.contentType;
        return out.text;
      })
      .finally(() => {
        reading = undefined;
      }));

  r.get('/metrics', async (_req, res) => {
    const health = await redisHealth(deps.redis, limits.redisHealthTimeoutMs);
    if (!health.ok)
      throw new HttpError(503, `Redis is unavailable (${health.detail}): no figures to report`, { 'retry-after': '5' });
    const text = await withTimeout(
      read(),
      limits.scrapeTimeoutMs,
      `reading the figures from Redis took longer than ${limits.scrapeTimeoutMs} ms`,
    );
    res.type(contentType).send(text);
  });

  r.use(routeErrors(log, 'health'));
  return r;
}
