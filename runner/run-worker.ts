import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { BrowserProvider } from '../core/blueprint.ts';
import { createLogger } from '../core/logger.ts';
import type { RunRecord } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import { executeRun } from './execute-run.ts';
import { runMetricIds, runMetrics } from './run-metrics.ts';
import { runWithRetries } from './run-with-retries.ts';
import type { RunStore } from './run-store.ts';
import type { RunJobData } from './scheduler.ts';

const log = createLogger('worker');

export const RUNS_QUEUE = 'runs';

export interface RunWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Lock on a run in progress; a dead worker's run is re-run (same run id) by another within about twice this. */
  lockMs?: number;
  dataDir: string;
  canaries: () => ReadonlyArray<CanaryDefinition>;
  browser: BrowserProvider;
  runs: RunStore;
  metrics: MetricStore;
  /** Called once the record and metrics are stored (the stack publishes RunFinished here); awaited, never fatal. */
  onRun?: (run: RunRecord) => void | Promise<void>;
}

/** A stable, URL-safe run id: the same job attempt always maps to the same id. */
export function runIdFor(job: Job, attempt: number): string {
  return `${String(job.id).replace(/[^A-Za-z0-9_-]+/g, '-')}-a${attempt}`;
}

/** Starts a BullMQ worker that executes scheduled runs and stores their records and metrics. */
export function startRunWorker(opts: RunWorkerOptions): { worker: Worker<RunJobData>; close(): Promise<void> } {
  const shutdown = new AbortController();
  const worker = new Worker<RunJobData>(
    RUNS_QUEUE,
    async (job) => {
      const canary = opts.canaries().find((c) => c.name === job.data.canary);
      if (!canary) {
        log.warn({ canary: job.data.canary }, 'job for a canary this worker does not know; skipped');
        return { skipped: true };
      }
      if (canary.hash !== job.data.hash)
        log.debug({ canary: canary.name }, "definition differs from the scheduler's; running this worker's");
      // BullMQ's own attempts carry the ERROR retries: each job attempt is one run, stored as it ends.
      const { record, retry } = await runWithRetries({
        attempt: job.attemptsMade + 1,
        attempts: job.opts.attempts ?? 1,
        retries: 'requeue',
        runIdFor: (attempt) => runIdFor(job, attempt),
        findAttempt: (runId) => opts.runs.get(runId),
        execute: (runId, attempt) =>
          executeRun({
            canary,
            runId,
            attempt,
            dataDir: opts.dataDir,
            browser: opts.browser,
            signal: shutdown.signal,
          }),
        onAttempt: async (run) => {
          await opts.runs.save(run);
          const metrics = runMetrics(run);
          await opts.metrics.put(metrics, runMetricIds(run.id, metrics));
          log.debug(
            { canary: canary.name, runId: run.id, status: run.status, ms: run.durationMs, reason: run.reason },
            'run finished',
          );
          try {
            await opts.onRun?.(run);
          } catch (err) {
            log.warn({ err: (err as Error).message, runId: run.id }, 'onRun hook failed');
          }
        },
      });
      if (retry) throw new Error(record.reason);
      return { runId: record.id, status: record.status };
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      ...(opts.lockMs !== undefined ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
    },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  return {
    worker,
    async close() {
      // Let in-flight runs finish; a run cut short by a hard kill is re-queued by BullMQ's stalled-job check
      // and keeps its run id, so it is neither lost nor counted twice.
      await worker.close();
      shutdown.abort();
    },
  };
}
