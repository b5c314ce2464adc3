import type { PreviousAttempt, RunRecord } from '../core/types.ts';

export interface RunWithRetriesOptions {
  /** Number of the first attempt this call makes: 1, or BullMQ's `job.attemptsMade + 1` for a retried job. */
  attempt: number;
  /** Attempts a run may take in all: 1 + `worker.errorRetries`. */
  attempts: number;
  /**
   * Where the next attempt runs: `in-process` loops here until an attempt does not ERROR or none is left
   * (`canary run`); `requeue` makes one attempt and tells the caller whether another is due (the worker, where
   * BullMQ re-queues the job, so a retry survives a worker restart).
   */
  retries: 'in-process' | 'requeue';
  /** The record id of an attempt; the same attempt must always get the same id. */
  runIdFor(attempt: number): string;
  /** Runs one attempt (executeRun); never throws. */
  execute(runId: string, attempt: number): Promise<RunRecord>;
  /**
   * The stored record of an earlier attempt (`requeue`: those ran in earlier job attempts, possibly on another
   * worker), so a retry's record links them in `previousAttempts`. In-process attempts are remembered here.
   */
  findAttempt?(runId: string): Promise<RunRecord | undefined>;
  /** Sees every attempt's record, already marked flaky, before a retry is decided (store it, publish it…). */
  onAttempt?(record: RunRecord): Promise<void>;
}

export interface RunWithRetriesResult {
  /** The last attempt's record. */
  record: RunRecord;
  /** True when that attempt ERRORed and another may run (only with `requeue`: the caller schedules it). */
  retry: boolean;
}

/**
 * The ERROR-retry policy, in one place: a run that ends in ERROR (our machinery broke, not the target) is
 * attempted again while attempts are left; FAILED and PASSED are final. A PASSED attempt after the first is
 * marked `flaky`.
 */
export async function runWithRetries(opts: RunWithRetriesOptions): Promise<RunWithRetriesResult> {
  const previous = await earlierAttempts(opts);
  for (let attempt = opts.attempt; ; attempt++) {
    const record = await opts.execute(opts.runIdFor(attempt), attempt);
    if (attempt > 1 && record.status === 'PASSED') record.flaky = true;
    if (previous.length > 0) record.previousAttempts = [...previous];
    previous.push(summarize(record));
    await opts.onAttempt?.(record);
    const retry = record.status === 'ERROR' && attempt < opts.attempts;
    if (!retry || opts.retries === 'requeue') return { record, retry };
  }
}

/** The attempts before `opts.attempt` that are still stored (a record deleted by retention is left out). */
async function earlierAttempts(opts: RunWithRetriesOptions): Promise<PreviousAttempt[]> {
  const out: PreviousAttempt[] = [];
  if (!opts.findAttempt) return out;
  for (let attempt = 1; attempt < opts.attempt; attempt++) {
    const record = await opts.findAttempt(opts.runIdFor(attempt));
    if (record) out.push(summarize(record));
  }
  return out;
}

function summarize(r: RunRecord): PreviousAttempt {
  return { runId: r.id, attempt: r.attempt, status: r.status, reason: r.reason, artifacts: r.artifacts };
}
