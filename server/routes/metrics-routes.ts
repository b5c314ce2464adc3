import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger } from '../../core/logger.ts';
import { IssueList, MetricDataError } from '../../metrics/metric-data-error.ts';
import type { MetricStore } from '../../metrics/metric-store.ts';
import { parsePutMetricData } from '../../metrics/put-metric-data.ts';
import { parseDimensionsParam, parseStatisticsRequest } from '../../metrics/statistics-request.ts';
import { HttpError } from '../http-error.ts';

const log = createLogger('api');

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

  router.use(errorHandler);
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

const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.too.large': 'the body is larger than 1 MB, the PutMetricData limit',
  'entity.verify.failed': 'the body failed verification',
  'request.aborted': 'the request was aborted',
  'request.size.invalid': 'the body is shorter or longer than its Content-Length',
  'encoding.unsupported': 'unsupported Content-Encoding (use gzip, deflate or none)',
  'charset.unsupported': 'unsupported charset (use utf-8)',
};

function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof MetricDataError) {
    res.status(400).json({
      message: err.message,
      issues: err.issues,
      ...(err.total > err.issues.length ? { totalIssues: err.total } : {}),
    });
    return;
  }
  if (err instanceof HttpError) {
    res.status(err.status).json({ message: err.message });
    return;
  }
  const e = err as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
    const detail = e.type === 'entity.parse.failed' && typeof e.message === 'string' ? `: ${e.message}` : '';
    res.status(e.status).json({ message: known ? `${known}${detail}` : String(e.message ?? 'bad request') });
    return;
  }
  log.error({ err: (err as Error)?.message }, 'metrics request failed');
  res.status(500).json({ message: 'internal error' });
}
