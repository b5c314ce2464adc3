import express, { type Router } from 'express';
import type { DrillJournal } from '../../core/drill.ts';
import type { Logger } from '../../core/logger.ts';
import type { ApiDeps } from '../api-deps.ts';
import { HttpError } from '../http-error.ts';
import { routeErrors } from '../route-errors.ts';

const summary = (j: DrillJournal) => ({
  id: j.id,
  status: j.status,
  ...(j.reason !== undefined ? { reason: j.reason } : {}),
  dryRun: j.dryRun,
  startedAt: j.startedAt,
  endedAt: j.endedAt,
  measures: { ttd: j.measures.ttd, ttf: j.measures.ttf, ttfClient: j.measures.ttfClient, ttr: j.measures.ttr },
  links: { self: `/api/drills/runs/${encodeURIComponent(j.id)}` },
});

/** `/api/drills` (the drill definitions with their last run) and `/api/drills/runs/:id` (a run's journal). */
export function drillRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();

  r.get('/api/drills', async (_req, res) => {
    const drills = deps.drills?.definitions() ?? [];
    const last = await Promise.all(drills.map(async (d) => (await deps.drills?.runs.list(d.name, 1))?.[0]));
    res.json(
      drills.map((d, i) => {
        const run = last[i];
        return {
          name: d.name,
          file: d.file,
          faults: d.faults,
          targets: d.targets,
          expect: d.expect,
          recover: d.recover,
          abortOn: d.abortOn,
          ...(d.schedule ? { schedule: d.schedule.expression } : {}),
          lastRun: run ? summary(run) : null,
        };
      }),
    );
  });

  r.get('/api/drills/runs/:id', async (req, res) => {
    const id = req.params.id;
    const journal = deps.drills ? await deps.drills.runs.get(id) : undefined;
    if (!journal) throw new HttpError(404, `no drill run "${id}" (it never ran, or its journal was trimmed)`);
    res.json(journal);
  });

  r.use(routeErrors(log, 'drills'));
  return r;
}
