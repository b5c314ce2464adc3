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

/** The BullMQ job scheduler id of a canary. */
export function schedulerId(canary: string): string {
  return `${SCHEDULER_PREFIX}${canary}`;
}

/** Adds or updates the job scheduler of one scheduled canary (a `once` canary has none). */
export async function upsertCanaryScheduler(
  queue: Queue<RunJobData>,
  c: CanaryDefinition,
  errorRetries: number,
): Promise<void> {
  if (c.schedule.kind === 'once') return;
  const data: RunJobData = { canary: c.name, hash: c.hash };
  const repeat =
    c.schedule.kind === 'rate' ? { every: c.schedule.everyMs } : { pattern: c.schedule.pattern, tz: 'UTC' };
  await queue.upsertJobScheduler(schedulerId(c.name), repeat, { name: 'run', data, opts: jobOptions(errorRetries) });
}

export interface ReconcileReport {
  upserted: string[];
  removed: string[];
  /** `once` canaries enqueued (or still queued) by this reconciliation. */
  once: string[];
  /** `once` canaries left alone: this definition (hash) was enqueued before, so it ran or is running. */
  onceDone: string[];
}

/**
 * Redis hash of the `once` definitions ever enqueued (field `<name>\n<hash>` → when, ISO time), next to the queue's own keys. The job id
 * deduplicates only while the job exists (`removeOnComplete` deletes it after an hour); this hash never forgets.
 */
export function onceKey(queue: Queue<RunJobData>): string {
  return `${queue.opts.prefix ?? 'bull'}:${queue.name}:canarykit:once-enqueued`;
}

/**
 * Makes the queue's job schedulers match the canaries: one per scheduled canary (added or updated),
 * and schedulers of canaries that are gone are removed. A `once` canary gets a single job per definition hash,
 * ever: once enqueued, the hash is recorded durably in Redis (see {@link onceKey}), so neither a restart nor a
 * reload an hour later (when the completed job is gone) runs it again; a changed definition runs once more.
 * The job is added before the hash is recorded, and its job id is the hash, so a crash in between or two
 * schedulers at once still make one job.
 */
export async function reconcileSchedulers(
  queue: Queue<RunJobData>,
  canaries: ReadonlyArray<CanaryDefinition>,
  errorRetries: number,
  /** Canaries paused by an operator: their schedulers are removed, not upserted. */
  paused: ReadonlySet<string> = new Set(),
): Promise<ReconcileReport> {
  const report: ReconcileReport = { upserted: [], removed: [], once: [], onceDone: [] };
  const wanted = new Set<string>();
  const redis = await queue.client;
  for (const c of canaries) {
    const data: RunJobData = { canary: c.name, hash: c.hash };
    if (c.schedule.kind === 'once') {
      const member = `${c.name}\n${c.hash}`;
      if (await redis.hexists(onceKey(queue), member)) {
        report.onceDone.push(c.name);
        continue;
      }
      await queue.add('run', data, { ...jobOptions(errorRetries), jobId: `once-${c.name}-${c.hash}` });
      await redis.hset(onceKey(queue), { [member]: new Date().toISOString() });
      report.once.push(c.name);
      continue;
    }
    if (paused.has(c.name)) continue;
    wanted.add(schedulerId(c.name));
    await upsertCanaryScheduler(queue, c, errorRetries);
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
