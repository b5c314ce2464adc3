import { Queue } from 'bullmq';
import { CanaryControlStore } from '../../runner/canary-control-store.ts';
import { enforceRetention } from '../../runner/retention.ts';
import { scheduleRetention } from '../../runner/retention-schedule.ts';
import { RUNS_QUEUE } from '../../runner/run-worker.ts';
import { reconcileSchedulers, type RunJobData } from '../../runner/scheduler.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/** One BullMQ job scheduler per canary (reconciled on start and reload), and run retention. */
export const schedulerRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, runs } = ctx.clients;
    const queue = new Queue<RunJobData>(RUNS_QUEUE, { connection: redis, prefix });
    defer(() => queue.close());
    const pauses = new CanaryControlStore(redis, prefix);
    const reconcile = async () => {
      const project = ctx.project();
      const paused = new Set((await pauses.paused()).keys());
      await reconcileSchedulers(queue, project.canaries, project.config.worker.errorRetries, paused);
    };
    await reconcile();
    const retention = scheduleRetention({
      redis,
      prefix,
      apply: () => {
        const project = ctx.project();
        return enforceRetention(
          runs,
          project.dataDir,
          project.canaries.map((c) => c.name),
          project.config.retention,
        );
      },
    });
    defer(() => retention.stop());
    return { reload: reconcile };
  });
