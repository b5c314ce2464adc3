import express, { type Router } from 'express';
import { faultSummary } from '../../chaos/fault-summary.ts';
import type { Logger } from '../../core/logger.ts';
import type { ApiDeps } from '../api-deps.ts';
import { canaryBasics, canaryStatus, canaryUptime, quantile, redFirst } from '../canary-summary.ts';
import { routeErrors } from '../route-errors.ts';

const STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'] as const;

/**
 * `GET /api/overview`: everything the dashboard's overview shows in one answer: every canary (red first) with its
 * last 50 runs, uptime over 1 / 7 / 30 days and p50 / p95 duration; alarms grouped by state with `stateSince`; DNS
 * records with the side each serves; active faults and running drills.
 */
export function overviewRoute(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();

  r.get('/api/overview', async (_req, res) => {
    const now = (deps.now ?? Date.now)();
    const canaries = deps.canaries();
    const paused = (await deps.canaryControl?.paused()) ?? new Map<string, string>();
    const rows = await Promise.all(
      canaries.map(async (c) => {
        const [runs, uptime] = await Promise.all([
          deps.runs.list({ canary: c.name, limit: 50 }),
          canaryUptime(deps.metrics, c.name, now),
        ]);
        const durations = runs.filter((x) => x.status !== 'ERROR').map((x) => x.durationMs);
        return {
          ...canaryBasics(c),
          status: canaryStatus(runs[0]),
          paused: paused.has(c.name),
          lastRuns: runs.map((x) => ({ id: x.id, status: x.status, startedAt: x.startedAt, durationMs: x.durationMs })),
          uptime,
          duration: { p50: quantile(durations, 0.5), p95: quantile(durations, 0.95) },
        };
      }),
    );

    const alarmDefs = [
      ...deps.alarms().map((a) => ({ name: a.name, kind: 'metric' as const })),
      ...deps.composites().map((a) => ({ name: a.name, kind: 'composite' as const })),
    ];
    const states = await deps.alarmStates.getMany(alarmDefs.map((a) => a.name));
    const alarms = Object.fromEntries(STATES.map((s) => [s, [] as unknown[]])) as Record<string, unknown[]>;
    alarmDefs.forEach((a, i) => {
      const st = states[i];
      const state = st?.state ?? 'INSUFFICIENT_DATA';
      (alarms[state] ??= []).push({
        name: a.name,
        kind: a.kind,
        state,
        reason: st?.reason ?? '',
        stateSince: st?.updatedAt ?? null,
      });
    });

    const sides = deps.dns ? await deps.dns.sides() : {};
    const dns = (deps.dns?.records() ?? []).map((rec) => {
      const side = sides[rec.name] ?? 'primary';
      return { name: rec.name, type: rec.type, side, value: side === 'primary' ? rec.primary : rec.secondary };
    });
    const faults = deps.faults ? (await deps.faults.list()).map((f) => faultSummary(f, now)) : [];

    res.json({
      generatedAt: new Date(now).toISOString(),
      canaries: redFirst(rows),
      alarms,
      dns,
      faults,
      // Drill runs are journaled when they end; one in progress shows as its faults (above) until then.
      drills: [],
    });
  });

  r.use(routeErrors(log, 'overview'));
  return r;
}
