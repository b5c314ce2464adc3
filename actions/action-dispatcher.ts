import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import type { ActionServices } from '../core/action.ts';
import { Redis, type RedisOptions } from 'ioredis';
import type { ActionGateInputs, CheckTransitionCurrent } from '../core/action-gate.ts';
import type { EventPublisher } from '../core/events.ts';
import { createLogger } from '../core/logger.ts';
import type { AlarmHistoryItem, AlarmTransition } from '../core/types.ts';
import { dedupKey } from './pipeline/dedup.ts';
import { ActionOutcomeCounts } from './pipeline/outcome-counts.ts';
import { retryDelayMs } from './pipeline/retry.ts';
import { runActionPipeline } from './pipeline/run-pipeline.ts';
import { withRunAction } from './pipeline/run-named.ts';
import { TargetLocks } from './pipeline/target-lock.ts';

const log = createLogger('actions');

export const ACTIONS_QUEUE = 'actions';

export interface ActionJobData {
  transition: AlarmTransition;
  action: string;
  /** Set when the job first waited on a suppressor. */
  waitingSince?: string;
}

export interface ActionDispatcherOptions {
  connection: ConnectionOptions;
  prefix: string;
  attempts?: number;
}

/** What a process that executes actions needs. */
export interface ActionWorkerOptions {
  /** Current action configs by name. */
  actions: () => Readonly<Record<string, { type: string }>>;
  services: ActionServices;
  /** Records an `Action` history item on the alarm. */
  recordHistory: (alarm: string, item: AlarmHistoryItem) => Promise<void>;
  /** Where the audit stage publishes `ActionExecuted`. */
  events?: EventPublisher;
  dryRun?: boolean;
  concurrency?: number;
  /** The suppress stage's inputs (alarm states, mutes, maintenance windows), read by the composition root. */
  gate?: ActionGateInputs;
  /**
   * The check-current stage's question (is the transition still the alarm's current one, by version), asked at
   * execution inside the target's lock; without it every transition counts as current.
   */
  current?: CheckTransitionCurrent;
}

/**
 * Runs alarm actions through a durable BullMQ queue. Each (transition, action) pair is one job whose id is
 * derived from the transition id, so enqueueing a transition twice (say, after a crash) runs nothing twice.
 * Delivery is at least once: a worker that dies mid-action leaves the job to be retried. Actions on one target
 * are serialised through a Redis lock, and a job whose transition is no longer current is recorded superseded.
 */
export class ActionDispatcher {
  private readonly queue: Queue<ActionJobData>;
  private worker: Worker<ActionJobData> | undefined;
  private lockClient: { redis: Redis; owned: boolean } | undefined;

  constructor(private readonly opts: ActionDispatcherOptions) {
    this.queue = new Queue<ActionJobData>(ACTIONS_QUEUE, { connection: opts.connection, prefix: opts.prefix });
  }

  async enqueue(t: AlarmTransition): Promise<void> {
    await this.queue.addBulk(
      t.actions.map((action, i) => ({
        name: 'action',
        data: { transition: t, action },
        opts: {
          jobId: dedupKey(t, i),
          attempts: this.opts.attempts ?? 5,
          backoff: { type: 'action' },
          removeOnComplete: { age: 7 * 24 * 3_600 },
          removeOnFail: { age: 7 * 24 * 3_600 },
        },
      })),
    );
  }

  /** Starts executing queued actions in this process: each job attempt runs the pipeline of `pipeline/`. */
  startWorker(w: ActionWorkerOptions): void {
    const redis = this.opts.connection instanceof Redis ? this.opts.connection : undefined;
    this.lockClient = redis
      ? { redis, owned: false }
      : { redis: new Redis(this.opts.connection as RedisOptions), owned: true };
    const deps = {
      ...w,
      services: withRunAction(w.services, w.actions),
      log,
      locks: new TargetLocks(this.lockClient.redis, this.opts.prefix, log),
      outcomes: new ActionOutcomeCounts(this.lockClient.redis, this.opts.prefix),
    };
    this.worker = new Worker<ActionJobData>(
      ACTIONS_QUEUE,
      async (job, token) => {
        const result = await runActionPipeline(
          {
            transition: job.data.transition,
            action: job.data.action,
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
            waitingSince: job.data.waitingSince,
            dryRun: w.dryRun ?? false,
          },
          deps,
        );
        switch (result.kind) {
          case 'executed':
            return result.outcome;
          case 'suppressed':
            return { status: 'suppressed', detail: result.reason };
          case 'superseded':
            return { status: 'superseded', detail: result.reason };
          case 'busy':
            // Another job acts on the same target: try again shortly; it costs no attempt.
            await job.moveToDelayed(result.until, token);
            throw new DelayedError();
          case 'delayed':
            if (!job.data.waitingSince) await job.updateData({ ...job.data, waitingSince: new Date().toISOString() });
            await job.moveToDelayed(result.until, token);
            throw new DelayedError();
          case 'failed': {
            const err = result.error instanceof Error ? result.error : new Error(result.message);
            throw result.retryable ? err : new UnrecoverableError(err.message);
          }
        }
      },
      {
        connection: this.opts.connection,
        prefix: this.opts.prefix,
        concurrency: w.concurrency ?? 4,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => retryDelayMs(attemptsMade, err),
        },
      },
    );
    this.worker.on('error', (err) => log.error({ err: err.message }, 'action worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    if (this.lockClient?.owned) await this.lockClient.redis.quit();
    this.lockClient = undefined;
  }
}
