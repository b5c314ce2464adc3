import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger } from '../core/logger.ts';
import type { RunRecord } from '../core/types.ts';
import type { ApiDeps } from './api-deps.ts';
import { HttpError } from './http-error.ts';
import { createPrometheusRegistry } from './prometheus.ts';
import { publicSettings } from './public-settings.ts';
import { requireToken } from './require-token.ts';
import { intParam } from './query-params.ts';
import { alarmRoutes } from './routes/alarm-routes.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { bandRoute } from './routes/band-route.ts';
import { renderRunHtml } from '../reports/html/render-run.ts';

const log = createLogger('api');

function withLinks(run: RunRecord) {
  const base = `/api/runs/${encodeURIComponent(run.id)}`;
  return {
    ...run,
    links: {
      self: base,
      report: `${base}/report`,
      artifacts: run.artifacts.map((a) => ({ ...a, url: `${base}/artifacts/${a.path.split('/').pop() ?? ''}` })),
    },
  };
}

/** The HTTP API (express). Every error is JSON `{ message }` with the right status code. */
export function createApiApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 2);
  const prometheus = createPrometheusRegistry(deps);

  app.get('/healthz', async (_req, res) => {
    const redis = await deps.redis.ping().then(
      () => 'ok',
      (e: Error) => e.message,
    );
    res.status(redis === 'ok' ? 200 : 503).json({ status: redis === 'ok' ? 'ok' : 'degraded', redis });
  });

  // Scrapes are serialised: each one resets and refills the gauges from Redis before rendering them.
  let scraping: Promise<unknown> = Promise.resolve();
  app.get('/metrics', async (_req, res) => {
    const text = scraping.then(async () => {
      await prometheus.refresh();
      return prometheus.registry.metrics();
    });
    scraping = text.catch(() => undefined);
    res.type(prometheus.registry.contentType).send(await text);
  });

  if (deps.token) app.use('/api', requireToken(deps.token));

  app.get('/api/canaries', async (_req, res) => {
    const canaries = deps.canaries();
    const latest = await Promise.all(canaries.map((c) => deps.runs.list({ canary: c.name, limit: 1 })));
    res.json(
      canaries.map((c, i) => ({
        name: c.name,
        blueprint: c.blueprint,
        schedule: c.schedule.expression,
        timeout: c.timeoutMs / 1000,
        file: c.file,
        alarms: c.alarms.map((a) => a.name),
        tags: c.tags,
        settings: publicSettings(c.settings),
        lastRun: latest[i]?.[0]
          ? {
              id: latest[i][0].id,
              status: latest[i][0].status,
              reason: latest[i][0].reason,
              endedAt: latest[i][0].endedAt,
            }
          : null,
      })),
    );
  });

  app.get('/api/runs', async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', 50, 1000);
    const canary = req.query.canary;
    if (canary !== undefined && typeof canary !== 'string')
      throw new HttpError(400, 'query parameter "canary" must be a single canary name');
    if (canary !== undefined && !deps.canaries().some((c) => c.name === canary))
      throw new HttpError(404, `unknown canary "${canary}"`);
    const runs = await deps.runs.list({ ...(canary === undefined ? {} : { canary }), limit });
    res.json(runs.map(withLinks));
  });

  app.get('/api/runs/:id', async (req, res) => {
    const run = await deps.runs.get(req.params.id);
    if (!run) throw new HttpError(404, `unknown run "${req.params.id}"`);
    res.json(withLinks(run));
  });

  app.get('/api/runs/:id/artifacts/:file', async (req, res) => {
    const run = await deps.runs.get(req.params.id);
    if (!run) throw new HttpError(404, `unknown run "${req.params.id}"`);
    const artifact = run.artifacts.find((a) => a.path.split('/').pop() === req.params.file);
    if (!artifact) throw new HttpError(404, `run "${run.id}" has no artifact "${req.params.file}"`);
    const abs = path.resolve(deps.dataDir, artifact.path);
    if (!abs.startsWith(path.resolve(deps.dataDir) + path.sep))
      throw new HttpError(404, 'artifact outside the data dir');
    res.type(artifact.contentType);
    await new Promise<void>((resolve, reject) =>
      res.sendFile(abs, (err) =>
        err ? reject(new HttpError(404, `artifact file missing: ${artifact.path}`)) : resolve(),
      ),
    );
  });

  app.get('/api/runs/:id/report', async (req, res) => {
    const run = await deps.runs.get(req.params.id);
    if (!run) throw new HttpError(404, `unknown run "${req.params.id}"`);
    const base = `/api/runs/${encodeURIComponent(run.id)}/artifacts/`;
    res.type('html').send(
      await renderRunHtml(run, {
        artifactUrl: async (p) => `${base}${encodeURIComponent(p.split('/').pop() ?? '')}`,
      }),
    );
  });

  app.use('/api/alarms', alarmRoutes(deps));
  app.use(bandRoute({ store: deps.metrics, alarms: deps.alarms }));
  app.use(metricsRoutes({ store: deps.metrics }));

  app.get('/api/dns/records', async (_req, res) => {
    if (!deps.dns) throw new HttpError(404, 'no dns section in the config');
    const sides = await deps.dns.sides();
    res.json(
      deps.dns.records().map((r) => {
        const side = sides[r.name] ?? 'primary';
        return { ...r, side, value: side === 'primary' ? r.primary : r.secondary };
      }),
    );
  });

  app.get('/api/dns/audit', async (req, res) => {
    if (!deps.dns) throw new HttpError(404, 'no dns section in the config');
    const record = typeof req.query.record === 'string' ? req.query.record : undefined;
    res.json(await deps.dns.audit(record, intParam(req.query.limit, 'limit', 100, 1000)));
  });

  app.use((req, _res, next) => next(new HttpError(404, `no route for ${req.method} ${req.path}`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ message: err.message });
      return;
    }
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) log.error({ err: (err as Error).message }, 'request failed');
    res.status(status).json({ message: status >= 500 ? 'internal error' : (err as Error).message });
  });
  return app;
}
