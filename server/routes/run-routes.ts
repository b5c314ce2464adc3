import express, { type Router } from 'express';
import type { Logger } from '../../core/logger.ts';
import type { RunRecord } from '../../core/types.ts';
import { renderRunHtml } from '../../reports/html/render-run.ts';
import type { ApiDeps } from '../api-deps.ts';
import { HttpError } from '../http-error.ts';
import { publicSettings } from '../public-settings.ts';
import { intParam } from '../query-params.ts';
import { routeErrors } from '../route-errors.ts';
import { sendArtifact } from '../send-artifact.ts';

const fileName = (p: string) => p.split('/').pop() ?? '';

function withLinks(run: RunRecord) {
  const base = `/api/runs/${encodeURIComponent(run.id)}`;
  return {
    ...run,
    links: {
      self: base,
      report: `${base}/report`,
      artifacts: run.artifacts.map((a) => ({ ...a, url: `${base}/artifacts/${encodeURIComponent(fileName(a.path))}` })),
    },
  };
}

/** `/api/canaries` and `/api/runs…`: canaries with their last run, run records, their artifacts and HTML reports. */
export function runRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();

  r.get('/api/canaries', async (_req, res) => {
    const canaries = deps.canaries();
    const latest = await Promise.all(canaries.map((c) => deps.runs.list({ canary: c.name, limit: 1 })));
    const paused = (await deps.canaryControl?.paused()) ?? new Map<string, string>();
    res.json(
      canaries.map((c, i) => {
        const last = latest[i]?.[0];
        return {
          name: c.name,
          blueprint: c.blueprint,
          schedule: c.schedule.expression,
          timeout: c.timeoutMs / 1000,
          file: c.file,
          alarms: c.alarms.map((a) => a.name),
          tags: c.tags,
          paused: paused.has(c.name),
          settings: publicSettings(c.settings),
          lastRun: last ? { id: last.id, status: last.status, reason: last.reason, endedAt: last.endedAt } : null,
        };
      }),
    );
  });

  r.get('/api/runs', async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', 50, 1000);
    const canary = req.query.canary;
    if (canary !== undefined && typeof canary !== 'string')
      throw new HttpError(400, 'query parameter "canary" must be a single canary name');
    if (canary !== undefined && !deps.canaries().some((c) => c.name === canary))
      throw new HttpError(404, `unknown canary "${canary}"`);
    const runs = await deps.runs.list({ ...(canary === undefined ? {} : { canary }), limit });
    res.json(runs.map(withLinks));
  });

  const findRun = async (id: string): Promise<RunRecord> => {
    const run = await deps.runs.get(id);
    if (!run) throw new HttpError(404, `unknown run "${id}"`);
    return run;
  };

  r.get('/api/runs/:id', async (req, res) => {
    res.json(withLinks(await findRun(req.params.id)));
  });

  r.get('/api/runs/:id/artifacts/:file', async (req, res) => {
    const run = await findRun(req.params.id);
    const artifact = run.artifacts.find((a) => fileName(a.path) === req.params.file);
    if (!artifact) throw new HttpError(404, `run "${run.id}" has no artifact "${req.params.file}"`);
    await sendArtifact(res, deps.dataDir, run, artifact, req.method === 'HEAD');
  });

  r.get('/api/runs/:id/report', async (req, res) => {
    const run = await findRun(req.params.id);
    const base = `/api/runs/${encodeURIComponent(run.id)}/artifacts/`;
    const html = await renderRunHtml(run, {
      artifactUrl: async (p) => `${base}${encodeURIComponent(fileName(p))}`,
    });
    // The report shows the checked site's text: no scripts, images from the API only.
    res
      .set({
        'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      })
      .type('html')
      .send(html);
  });

  r.use(routeErrors(log, 'runs'));
  return r;
}
