import type { Server } from 'node:http';
import express from 'express';

export interface DemoOrigin {
  url: string;
  close(): Promise<void>;
}

/**
 * One origin of the demo site. `POST /__demo/break` makes every page answer 503 and `POST /__demo/heal`
 * restores it, so a fault can be injected with one curl command.
 */
export async function startDemoOrigin(label: string, host: string, port: number): Promise<DemoOrigin> {
  let broken = false;
  const app = express();
  app.post('/__demo/break', (_req, res) => {
    broken = true;
    res.json({ origin: label, broken });
  });
  app.post('/__demo/heal', (_req, res) => {
    broken = false;
    res.json({ origin: label, broken });
  });
  app.use((_req, res, next) =>
    broken ? res.status(503).type('html').send(`<h1>503: ${label} is broken</h1>`) : next(),
  );
  app.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html><html><head><title>Demo shop (${label})</title></head>
<body><h1>Welcome to the demo shop</h1><p>Served by the <b>${label}</b> origin at ${host}:${port}.</p></body></html>`);
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
