import { Redis } from 'ioredis';
import { ActionDispatcher } from '../actions/action-dispatcher.ts';
import { AlarmControl } from '../alarms/alarm-control.ts';
import { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { Project } from '../config/project.ts';
import { resolveRedis } from '../runner/resolve-redis.ts';

export interface AlarmSession {
  store: AlarmStateStore;
  control: AlarmControl;
  close(): Promise<void>;
}

/**
 * What `canary alarm …` needs: the project's Redis, the alarm state store, and the action queue (actions are
 * enqueued here and executed by the action workers of `canary up` / `canary worker`).
 */
export async function openAlarmSession(project: Project): Promise<AlarmSession> {
  const resolved = await resolveRedis(project.config.redis, project.dataDir, false);
  const prefix = project.config.redisPrefix;
  const redis = new Redis(resolved.url, { maxRetriesPerRequest: null });
  const store = new AlarmStateStore(redis, prefix, project.config.alarmHistory.maxItems);
  // This process only enqueues actions; the workers of `canary up` / `canary worker` execute them.
  const dispatcher = new ActionDispatcher({ connection: redis, prefix });
  const control = new AlarmControl(
    redis,
    prefix,
    store,
    () => [...project.alarms, ...project.compositeAlarms],
    (t) => dispatcher.enqueue(t),
  );
  return {
    store,
    control,
    async close() {
      await dispatcher.close();
      await redis.quit();
    },
  };
}
