import type { AlarmControl } from '../alarms/alarm-control.ts';
import type { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { Project } from '../config/project.ts';
import { openClients } from '../stack/clients.ts';

export interface AlarmSession {
  store: AlarmStateStore;
  control: AlarmControl;
  close(): Promise<void>;
}

/**
 * What `canary alarm …` needs: the project's Redis, the alarm state store, and the action queue (actions are
 * enqueued here and executed by the action workers of `canary up` / `canary worker`). Opened with the stack's
 * own client code; this process starts no role.
 */
export async function openAlarmSession(project: Project): Promise<AlarmSession> {
  const clients = await openClients(() => project);
  return { store: clients.alarmStates, control: clients.control, close: () => clients.close() };
}
