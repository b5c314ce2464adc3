import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { BlueprintContext, BrowserProvider } from '../../core/blueprint.ts';
import { createLogger } from '../../core/logger.ts';
import { SecretRegistry } from '../../core/secret-registry.ts';

/** A 1×1 transparent PNG. */
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Fixture {
  baseUrl: string;
  /** A loopback URL nobody listens on (connection refused). */
  refusedUrl: string;
  /** Requests seen per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Express site on 127.0.0.1 (random port) with one route per behaviour the heartbeat must tell apart. */
export async function startFixture(slowDelayMs = 10_000): Promise<Fixture> {
  const app = express();
  const timers = new Set<NodeJS.Timeout>();
  const hits = new Map<string, number>();
  app.use((req, _res, next) => {
    hits.set(req.path, (hits.get(req.path) ?? 0) + 1);
    next();
  });

  app.get('/ok', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html><head><title>Canary Fixture OK</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>Welcome to the fixture</h1><p>All systems go.</p><img src="/logo.png" alt="logo"></body></html>`);
  });
  app.get('/style.css', (_req, res) => {
    res.type('css').send('body { font-family: sans-serif; background: #eef; } h1 { color: #063; }');
  });
  app.get('/logo.png', (_req, res) => {
    res.type('png').send(PIXEL_PNG);
  });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get('/down', (_req, res) => {
    res.status(503).type('html').send('<!doctype html><title>Down</title><h1>Service Unavailable</h1>');
  });
  app.get('/slow', (_req, res) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.type('html').send('<!doctype html><title>Slow</title><p>Welcome, eventually</p>');
    }, slowDelayMs);
    timers.add(timer);
  });
  app.get('/redirect', (_req, res) => {
    res.redirect(302, '/ok');
  });
  app.get('/busy', (_req, res) => {
    // Loads fine, then hogs the renderer's main thread for good.
    res.type('html').send(`<!doctype html><html><head><title>Busy</title></head><body><p>Welcome, busy</p>
<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 0));</script></body></html>`);
  });
  app.get('/console', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html><head><title>Noisy</title></head><body><p>Welcome, with noise</p>
<script>console.error('fixture console error'); console.log('not an error');</script>
<script>throw new Error('fixture uncaught error');</script>
</body></html>`);
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const refusedPort = await freePort();

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    refusedUrl: `http://127.0.0.1:${refusedPort}/`,
    hits,
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port that was free a moment ago (bound then released). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export interface TestContext extends BlueprintContext {
  controller: AbortController;
  cleanup(): Promise<void>;
}

let counter = 0;

/** A BlueprintContext built by hand, as the runner would. */
export async function makeContext(browser: BrowserProvider, timeoutMs = 10_000): Promise<TestContext> {
  const artifactDir = await mkdtemp(join(tmpdir(), 'canarykit-hb-test-'));
  const controller = new AbortController();
  const runId = `run-${process.pid}-${++counter}`;
  return {
    canaryName: 'heartbeat-test',
    runId,
    artifactDir,
    artifactPrefix: `runs/heartbeat-test/${runId}`,
    dataDir: artifactDir,
    timeoutMs,
    signal: controller.signal,
    browser,
    log: createLogger('heartbeat-test'),
    secrets: new SecretRegistry(),
    progress: () => {},
    controller,
    cleanup: () => rm(artifactDir, { recursive: true, force: true }),
  };
}
