import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  /** Express path template, such as `/api/alarms/:name/state`. */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every route of an express 5 app, read from its router's layers (mounted routers included). */
export function listRoutes(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: LayerLike[], base: string) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const [m, on] of Object.entries(layer.route.methods))
          if (on && m !== '_all')
            out.push({ method: m.toUpperCase(), path: `${base}${layer.route.path}`.replace(/(.)\/$/, '$1') });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, `${base}${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return out;
}

/** The routes the README's "HTTP API" table documents (`GET /api/runs?canary=NAME` → `GET /api/runs`). */
export function documentedRoutes(readme: string): RouteEntry[] {
  const section = readme.split(/^## HTTP API$/m)[1]?.split(/^## /m)[0] ?? '';
  const out: RouteEntry[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cell = line.split('|')[1] ?? '';
    for (const m of cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?\s]+)[^`]*`/g))
      out.push({ method: m[1] as string, path: m[2] as string });
  }
  return out;
}
