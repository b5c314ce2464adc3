/** The alarm side of the action pipeline's suppress stage: reads what its gate needs from the alarm stores. */
import type { ActionGateInputs, CheckTransitionCurrent } from '../core/action-gate.ts';
import type { AlarmTransition } from '../core/types.ts';
import type { MaintenanceWindow } from '../core/maintenance-window.ts';
import type { Mute } from './alarm-control.ts';
import type { StoredAlarmState } from './alarm-state-store.ts';
import { openMaintenanceWindow } from './maintenance-windows.ts';

export interface GateSources {
  state(alarm: string): Promise<StoredAlarmState>;
  mute(alarm: string): Promise<Mute | undefined>;
  /** The current maintenance windows (they change on reload). */
  windows(): ReadonlyArray<MaintenanceWindow>;
  now?: () => number;
}

export function alarmGateInputs(src: GateSources): ActionGateInputs {
  return async (t) => {
    const suppressor = t.suppressor ? await src.state(t.suppressor.alarm) : undefined;
    const window = openMaintenanceWindow(src.windows(), t.alarm, Date.parse(t.timestamp));
    return {
      now: src.now?.() ?? Date.now(),
      current: await src.state(t.alarm),
      mute: await src.mute(t.alarm),
      maintenanceWindow: window ? { name: window.name } : undefined,
      ...(suppressor ? { suppressor } : {}),
    };
  };
}

/** The alarm store's answer to the pipeline's check-current stage. */
export function alarmTransitionCurrency(store: {
  isLatest(t: AlarmTransition): Promise<boolean>;
  currentVersion(alarm: string): Promise<number>;
}): CheckTransitionCurrent {
  return async (t) => {
    if (await store.isLatest(t)) return { latest: true };
    return { latest: false, currentVersion: await store.currentVersion(t.alarm) };
  };
}
