import { runFinished } from '../../core/events.ts';
import { BrowserPool } from '../../runner/browser/browser-pool.ts';
import { startRunWorker } from '../../runner/run-worker.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/** Executes scheduled runs (one Chromium per process), stores their records and metrics, publishes RunFinished. */
export const workerRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, runs, metrics, events } = ctx.clients;
    const project = ctx.project();
    const browser = new BrowserPool();
    defer(() => browser.close());
    const worker = startRunWorker({
      connection: redis,
      prefix,
      concurrency: project.config.worker.concurrency,
      lockMs: project.config.worker.lockSeconds * 1000,
      dataDir: project.dataDir,
      canaries: () => ctx.project().canaries,
      browser,
      runs,
      metrics,
      onRun: (record) => events.publish(runFinished(record)),
    });
    defer(() => worker.close());
    return {};
  });
