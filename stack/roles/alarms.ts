import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/** The alarm engine: evaluates alarms each period, commits transitions, publishes AlarmTransitioned. */
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
    return { engine, reload: () => engine.registerConfigs() };
  });
