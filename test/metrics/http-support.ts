import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { metricsRoutes } from '../../server/routes/metrics-routes.ts';
import { testStore } from './store-support.ts';

/** The metrics router alone on an express app on 127.0.0.1:0, over a test store. */
export async function startMetricsApi(label: string, now?: () => number) {
  const t = testStore(label);
  const app = express();
  app.use(metricsRoutes({ store: t.store, ...(now ? { now } : {}) }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...t,
    url,
    post: async (body: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      const res = await fetch(`${url}/api/metrics`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    get: async (path: string) => {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
