import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Logger } from '../../core/logger.ts';
import { IssueList } from '../../metrics/metric-data-error.ts';
import type { MetricInput } from '../../metrics/metric-input.ts';
import type { MetricStore } from '../../metrics/metric-store.ts';
import { parsePutMetricData } from '../../metrics/put-metric-data.ts';
import { seriesId } from '../../metrics/series-key.ts';
import { parseDimensionsParam, parseStatisticsRequest } from '../../metrics/statistics-request.ts';
import { HttpError } from '../http-error.ts';
import type { NewSeriesBudget } from '../new-series-budget.ts';
import { routeErrors } from '../route-errors.ts';

/** Our JSON, and the content types CloudWatch's JSON protocol uses. */
const JSON_TYPES = [
  'application/json',
  'application/*+json',
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
];

export interface MetricsRoutesDeps {
  store: MetricStore;
  /** Clock for default timestamps and the accepted time window (tests). */
  now?: () => number;
  /** Caps the new series PutMetricData may create (429 past it); unlimited without one. */
  newSeries?: NewSeriesBudget;
  log?: Logger;
}

/** The distinct series of a batch. */
function seriesOf(data: ReadonlyArray<MetricInput>): MetricInput[] {
  const byId = new Map<string, MetricInput>();
  for (const d of data) byId.set(seriesId(d.namespace, d.metricName, d.dimensions), d);
  return [...byId.values()];
}

/**
 * `POST /api/metrics` (PutMetricData, our JSON or CloudWatch's), `GET /api/metrics/statistics` (GetMetricStatistics)
 * and `GET /api/metrics/list` (ListMetrics). Mount with `app.use(metricsRoutes({ store }))`. Bad input is a 4xx with
 * JSON `{ message }` (plus `issues: [{ path, message }]` for validation errors); nothing the client sends causes a 500.
 */
export function metricsRoutes(deps: MetricsRoutesDeps): express.Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;

  router.post('/api/metrics', requireJson, express.json({ limit: '1mb', type: JSON_TYPES }), async (req, res) => {
    const length = Number(req.headers['content-length']);
    const parsed = parsePutMetricData(req.body, {
      now: now(),
      ...(Number.isInteger(length) && length > 0 && !req.headers['content-encoding'] ? { sizeBytes: length } : {}),
    });
    const budget = deps.newSeries;
    if (budget) {
      const series = seriesOf(parsed.data);
      const known = await deps.store.knownSeries(series);
      const fresh = known.filter((k) => !k).length;
      const taken = budget.take(fresh);
      if (!taken.ok)
        throw new HttpError(
          429,
          `the request has ${fresh} new series and ${taken.left} may still be created this minute: at most ${budget.perMinute} new series per minute (nothing was stored; datapoints for existing series are accepted)`,
          { 'retry-after': String(taken.retryAfterSeconds) },
        );
    }
    await deps.store.putMany(parsed.data);
    res.json({ namespace: parsed.namespace, stored: parsed.data.length });
  });

  router.get('/api/metrics/statistics', async (req, res) => {
    const { query, statistics } = parseStatisticsRequest(req.query);
    const result = await deps.store.getStatistics(query, statistics);
    res.json({
      namespace: query.namespace,
      metricName: query.metricName,
      dimensions: query.dimensions,
      label: query.metricName,
      start: new Date(query.start).toISOString(),
      end: new Date(query.end).toISOString(),
      period: query.period,
      statistics,
      unit: result.unit ?? null,
      datapoints: result.datapoints.map((d) => ({ timestamp: new Date(d.timestamp).toISOString(), ...d.values })),
    });
  });

  router.get('/api/metrics/list', async (req, res) => {
    const issues: IssueList = new IssueList();
    const text = (name: string): string | undefined => {
      const v = req.query[name];
      if (v !== undefined && typeof v !== 'string') issues.add(name, 'must be given once, as a plain string');
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const namespace = text('namespace');
    const metricName = text('metricName');
    const dimensions = parseDimensionsParam(text('dimensions'), issues);
    issues.throwIfAny('ListMetrics request');
    const all = await deps.store.list(namespace);
    res.json(
      all.filter(
        (s) =>
          (metricName === undefined || s.metricName === metricName) &&
          Object.entries(dimensions).every(([k, v]) => s.dimensions[k] === v),
      ),
    );
  });

  router.use(
    routeErrors(deps.log ?? createLogger('api'), 'metrics', {
      tooLarge: 'the body is larger than 1 MB, the PutMetricData limit',
    }),
  );
  return router;
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const type = req.is(JSON_TYPES);
  if (type === null || req.headers['content-length'] === '0')
    next(new HttpError(400, 'the body is empty: send a PutMetricData request as JSON'));
  else if (type === false)
    next(
      new HttpError(
        415,
        `send the metric data as JSON (Content-Type: application/json), got ${JSON.stringify(req.headers['content-type'] ?? '')}`,
      ),
    );
  else next();
}
