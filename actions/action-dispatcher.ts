import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import type { GateDecision } from '../alarms/action-gate.ts';
import { ActionError, type ActionServices } from '../core/action.ts';
import { createLogger } from '../core/logger.ts';
import type { AlarmHistoryItem, AlarmTransition } from '../core/types.ts';
import { findActionPlugin } from './index.ts';

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
  dryRun?: boolean;
  concurrency?: number;
  /** Decides whether an action runs now, later (composite suppression) or not at all (mutes, windows). */
  gate?: (t: AlarmTransition) => Promise<GateDecision>;
}

function retryAfterOf(err: Error | undefined): number {
  const ms = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.min(ms, 3_600_000) : 0;
}

/**
 * Runs alarm actions through a durable BullMQ queue. Each (transition, action) pair is one job whose id is
 * derived from the transition id, so enqueueing a transition twice (say, after a crash) runs nothing twice.
 */
export class ActionDispatcher {
  private readonly queue: Queue<ActionJobData>;
  private worker: Worker<ActionJobData> | undefined;

  constructor(private readonly opts: ActionDispatcherOptions) {
    this.queue = new Queue<ActionJobData>(ACTIONS_QUEUE, { connection: opts.connection, prefix: opts.prefix });
  }

  async enqueue(t: AlarmTransition): Promise<void> {
    await this.queue.addBulk(
      t.actions.map((action, i) => ({
        name: 'action',
        data: { transition: t, action },
        opts: {
          jobId: `${t.id}.${i}`,
          attempts: this.opts.attempts ?? 5,
          backoff: { type: 'action' },
          removeOnComplete: { age: 7 * 24 * 3_600 },
          removeOnFail: { age: 7 * 24 * 3_600 },
        },
      })),
    );
  }

  /** Starts executing queued actions in this process. */
  startWorker(w: ActionWorkerOptions): void {
    this.worker = new Worker<ActionJobData>(
      ACTIONS_QUEUE,
      async (job, token) => {
        const { transition: t, action } = job.data;
        const config = w.actions()[action];
        const plugin = config ? findActionPlugin(config.type) : undefined;
        const base = { timestamp: new Date().toISOString(), type: 'Action' as const, transitionId: t.id };
        const decision = w.gate ? await w.gate(t) : { action: 'run' as const };
        if (decision.action === 'skip') {
          await w.recordHistory(t.alarm, {
            ...base,
            summary: `Action ${action} suppressed: ${decision.reason}`,
            data: { action, suppressed: true },
          });
          return { status: 'suppressed', detail: decision.reason };
        }
        if (decision.action === 'delay') {
          if (!job.data.waitingSince) {
            await w.recordHistory(t.alarm, {
              ...base,
              summary: `Action ${action} waiting: ${decision.reason}`,
              data: { action },
            });
            await job.updateData({ ...job.data, waitingSince: new Date().toISOString() });
          }
          await job.moveToDelayed(decision.until, token);
          throw new DelayedError();
        }
        if (!config || !plugin) {
          await w.recordHistory(t.alarm, { ...base, summary: `Failed to execute action ${action}: not configured` });
          throw new UnrecoverableError(`action "${action}" is not configured`);
        }
        try {
          const outcome = await plugin.execute(
            config,
            { actionName: action, transition: t, dryRun: w.dryRun ?? false },
            w.services,
          );
          await w.recordHistory(t.alarm, {
            ...base,
            summary: `Successfully executed action ${action}${outcome.status === 'noop' ? ' (no-op)' : ''}: ${outcome.detail}`,
            data: { action, status: outcome.status },
          });
          log.info({ alarm: t.alarm, action, transition: t.id, outcome }, 'action executed');
          return outcome;
        } catch (err) {
          const retryable = !(err instanceof ActionError) || err.retryable;
          const last = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          const message = (err as Error).message;
          log.warn({ alarm: t.alarm, action, transition: t.id, err: message, retryable }, 'action failed');
          if (last)
            await w.recordHistory(t.alarm, {
              ...base,
              summary: `Failed to execute action ${action}: ${message}`,
              data: { action, attempts: job.attemptsMade + 1 },
            });
          if (!retryable) throw new UnrecoverableError(message);
          throw err;
        }
      },
      {
        connection: this.opts.connection,
        prefix: this.opts.prefix,
        concurrency: w.concurrency ?? 4,
        // Exponential from 1 s, but never sooner than the receiver's Retry-After.
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
            Math.max(1_000 * 2 ** Math.max(0, attemptsMade - 1), retryAfterOf(err)),
        },
      },
    );
    this.worker.on('error', (err) => log.error({ err: err.message }, 'action worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
