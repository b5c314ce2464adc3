import express, { type Response, type Router } from 'express';
import type { CanaryDefinition } from '../../core/canary.ts';
import type { Logger } from '../../core/logger.ts';
import type { ApiDeps } from '../api-deps.ts';
import { badgeSvg, type BadgeColour } from '../badge-svg.ts';
import { canaryUptime, dailyUptime, quantile } from '../canary-summary.ts';
import { HttpError } from '../http-error.ts';
import { textParam } from '../query-params.ts';
import { routeErrors } from '../route-errors.ts';
import { renderStatusPage, STATUS_CSS, type StatusIncident, type StatusPageView } from '../status-page-html.ts';
import type { StatusPageConfig } from '../../config/status-page-schema.ts';

/** The CSP of every HTML page we serve: nothing but our own stylesheet and images; no scripts at all. */
export const HTML_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const DAY = 86_400_000;

/** The canaries a status page lists (by name or tag), in config order; nothing else is ever shown on it. */
export function listedCanaries(page: StatusPageConfig, canaries: ReadonlyArray<CanaryDefinition>): CanaryDefinition[] {
  const names = new Set(page.canaries ?? []);
  // A tag is `key` (the canary has that tag) or `key=value`.
  const tagged = (c: CanaryDefinition) =>
    (page.tags ?? []).some((t) => {
      const eq = t.indexOf('=');
      return eq < 0 ? Object.hasOwn(c.tags, t) : c.tags[t.slice(0, eq)] === t.slice(eq + 1);
    });
  return canaries.filter((c) => names.has(c.name) || tagged(c));
}

async function statusView(deps: ApiDeps, page: StatusPageConfig, now: number): Promise<StatusPageView> {
  const listed = listedCanaries(page, deps.canaries());
  const components = await Promise.all(
    listed.map(async (c) => {
      const [last, days] = await Promise.all([
        deps.runs.list({ canary: c.name, limit: 1 }),
        dailyUptime(deps.metrics, c.name, now, 90),
      ]);
      const known = days.filter((d) => d.uptime !== null) as Array<{ uptime: number }>;
      const status = last[0]?.status;
      return {
        name: c.name,
        state:
          status === undefined
            ? ('no-data' as const)
            : status === 'FAILED'
              ? ('down' as const)
              : ('operational' as const),
        days,
        uptime90: known.length
          ? Math.round((known.reduce((s, d) => s + d.uptime, 0) / known.length) * 100) / 100
          : null,
      };
    }),
  );
  const incidents: StatusIncident[] = [];
  for (const c of listed) {
    for (const alarm of c.alarms) {
      const history = (await deps.alarmStates.history(alarm.name, 500))
        .filter((h) => h.type === 'StateUpdate' && Date.parse(h.timestamp) >= now - 90 * DAY)
        .reverse();
      let open: StatusIncident | undefined;
      for (const h of history) {
        if (h.newState === 'ALARM' && !open) open = { component: c.name, startedAt: h.timestamp, endedAt: null };
        else if (h.newState !== 'ALARM' && open) {
          incidents.push({ ...open, endedAt: h.timestamp });
          open = undefined;
        }
      }
      if (open) incidents.push(open);
    }
  }
  incidents.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return {
    slug: page.slug,
    title: page.title,
    ...(page.description !== undefined ? { description: page.description } : {}),
    generatedAt: new Date(now).toISOString(),
    components,
    incidents,
  };
}

function sendBadge(res: Response, status: number, label: string, message: string, colour: BadgeColour): void {
  res
    .status(status)
    .set({
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=60',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    })
    .send(badgeSvg(label, message, colour));
}

const WINDOWS = { '1d': 'd1', '7d': 'd7', '30d': 'd30' } as const;

/**
 * Public, read-only: `GET /status/:slug` (HTML) and `/status/:slug.json`, the status pages' stylesheet, and the SVG
 * badges `/badge/:canary/status.svg`, `/badge/:canary/uptime.svg?window=30d` and `/badge/:canary/duration.svg`.
 */
export function publicRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();
  const now = () => (deps.now ?? Date.now)();

  r.get('/status-assets/status.css', (_req, res) => {
    res
      .set({ 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' })
      .type('css')
      .send(STATUS_CSS);
  });

  r.get('/status/:slug', async (req, res) => {
    const json = req.params.slug.endsWith('.json');
    const slug = json ? req.params.slug.slice(0, -5) : req.params.slug;
    const page = (deps.statusPages?.() ?? []).find((p) => p.slug === slug);
    if (!page) throw new HttpError(404, `no status page "${slug}"`);
    const view = await statusView(deps, page, now());
    res.set({ 'cache-control': 'public, max-age=30', 'x-content-type-options': 'nosniff' });
    if (json) return void res.json(view);
    res.set('content-security-policy', HTML_CSP).type('html').send(renderStatusPage(view));
  });

  // Errors are JSON `{ message }` like every other route's.
  const canary = (name: string) => {
    const c = deps.canaries().find((x) => x.name === name);
    if (!c) throw new HttpError(404, `unknown canary "${name}"`);
    return c;
  };

  r.get('/badge/:canary/status.svg', async (req, res) => {
    const c = canary(req.params.canary);
    const last = (await deps.runs.list({ canary: c.name, limit: 1 }))[0];
    const [message, colour]: [string, BadgeColour] = !last
      ? ['no data', 'grey']
      : last.status === 'PASSED'
        ? ['passing', 'green']
        : last.status === 'FAILED'
          ? ['failing', 'red']
          : ['error', 'orange'];
    sendBadge(res, 200, c.name, message, colour);
  });

  r.get('/badge/:canary/uptime.svg', async (req, res) => {
    const c = canary(req.params.canary);
    const w = textParam(req.query.window, 'window') ?? '30d';
    const key = WINDOWS[w as keyof typeof WINDOWS];
    if (!key) throw new HttpError(400, `query parameter "window" must be 1d, 7d or 30d, got ${JSON.stringify(w)}`);
    const u = (await canaryUptime(deps.metrics, c.name, now()))[key];
    const colour: BadgeColour = u === null ? 'grey' : u >= 99 ? 'green' : u >= 95 ? 'orange' : 'red';
    sendBadge(res, 200, `uptime ${w}`, u === null ? 'no data' : `${u}%`, colour);
  });

  r.get('/badge/:canary/duration.svg', async (req, res) => {
    const c = canary(req.params.canary);
    const runs = await deps.runs.list({ canary: c.name, limit: 50 });
    const p50 = quantile(
      runs.filter((x) => x.status !== 'ERROR').map((x) => x.durationMs),
      0.5,
    );
    sendBadge(res, 200, 'duration p50', p50 === null ? 'no data' : `${Math.round(p50)} ms`, 'grey');
  });

  r.use(routeErrors(log, 'public'));
  return r;
}
