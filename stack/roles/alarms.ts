import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { completionRequests } from '../../alarms/complete-periods.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/**
 * The alarm engine: evaluates alarms each period (and canary alarms' periods as soon as their runs are in),
 * commits transitions, publishes AlarmTransitioned.
 */
export const alarmsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, alarmStates, metrics, runs, actionQueue, events } = ctx.clients;
    const { config } = ctx.project();
    const engine = new AlarmEngine({
      redis,
      prefix,
      store: alarmStates,
      metrics,
      alarms: () => ctx.project().alarms,
      composites: () => ctx.project().compositeAlarms,
      latestRunId: async (canary) => (await runs.list({ canary, limit: 1 }))[0]?.id,
      enqueueActions: (t) => actionQueue.enqueue(t),
      evaluationDelayMs: config.alarmEngine.evaluationDelayMs,
      historyRetentionMs: config.alarmHistory.retentionDays * 86_400_000,
      onTransition: (t) => events.publish({ type: 'AlarmTransitioned', transition: t }),
    });
    await engine.start();
    defer(async () => engine.stop());
    if (config.alarmEngine.evaluateOnArrival) {
      // Runs recorded by any worker: evaluate the periods they complete now rather than at the next tick.
      const arrivals = events.subscribe(
        async ({ event: run }) => {
          const { canaries, alarms } = ctx.project();
          const started = Date.parse(run.startedAt);
          const ended = Date.parse(run.endedAt);
          const published = run.status !== 'ERROR';
          await engine.evaluateOnArrival(
            completionRequests({ canary: run.canary, startedAt: started, endedAt: ended, published }, canaries, alarms),
          );
        },
        { types: ['RunFinished'] },
      );
      await arrivals.ready;
      defer(() => arrivals.close());
    }
    return { engine, reload: () => engine.registerConfigs() };
  });
