import type { Queue } from 'bullmq';
import type { CanaryDefinition } from '../core/canary.ts';
import { createLogger } from '../core/logger.ts';

const log = createLogger('scheduler');

export interface RunJobData {
  canary: string;
  hash: string;
}

const SCHEDULER_PREFIX = 'canary:';

export function jobOptions(errorRetries: number) {
  return {
    attempts: 1 + errorRetries,
    backoff: { type: 'fixed' as const, delay: 1_000 },
    removeOnComplete: { age: 3_600, count: 1_000 },
    removeOnFail: { age: 24 * 3_600, count: 1_000 },
  };
}

export interface ReconcileReport {
  upserted: string[];
  removed: string[];
  once: string[];
}

/**
 * Makes the queue's job schedulers match the canaries: one per scheduled canary (added or updated),
 * and schedulers of canaries that are gone are removed. `once` canaries get a single job, deduplicated by
 * definition hash so that a restart does not run them again.
 */
export async function reconcileSchedulers(
  queue: Queue<RunJobData>,
  canaries: ReadonlyArray<CanaryDefinition>,
  errorRetries: number,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { upserted: [], removed: [], once: [] };
  const wanted = new Set<string>();
  for (const c of canaries) {
    const data: RunJobData = { canary: c.name, hash: c.hash };
    if (c.schedule.kind === 'once') {
      await queue.add('run', data, { ...jobOptions(errorRetries), jobId: `once-${c.name}-${c.hash}` });
      report.once.push(c.name);
      continue;
    }
    const id = `${SCHEDULER_PREFIX}${c.name}`;
    wanted.add(id);
    const repeat =
      c.schedule.kind === 'rate' ? { every: c.schedule.everyMs } : { pattern: c.schedule.pattern, tz: 'UTC' };
    await queue.upsertJobScheduler(id, repeat, { name: 'run', data, opts: jobOptions(errorRetries) });
    report.upserted.push(c.name);
  }
  const existing = await queue.getJobSchedulers(0, -1);
  for (const s of existing) {
    const key = s.key;
    if (key.startsWith(SCHEDULER_PREFIX) && !wanted.has(key)) {
      await queue.removeJobScheduler(key);
      report.removed.push(key.slice(SCHEDULER_PREFIX.length));
    }
  }
  log.info(report, 'job schedulers reconciled');
  return report;
}
