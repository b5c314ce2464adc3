import type { DrillObservations } from '../../core/drill.ts';
import type { CanaryEvent, StoredEvent } from '../../core/events.ts';

type DnsObservation = DrillObservations['dns'][number];

/** What a drill saw, in time order, from the events it logged and the DNS answers it polled. Pure. */
export function observationsFrom(
  events: ReadonlyArray<StoredEvent<CanaryEvent>>,
  dns: readonly DnsObservation[],
): DrillObservations {
  const runs: Array<DrillObservations['runs'][number]> = [];
  const alarms: Array<DrillObservations['alarms'][number]> = [];
  const actions: Array<DrillObservations['actions'][number]> = [];
  for (const { event: e, at } of events) {
    if (e.type === 'RunFinished')
      runs.push({ canary: e.canary, runId: e.runId, status: e.status, startedAt: e.startedAt, endedAt: e.endedAt });
    else if (e.type === 'AlarmTransitioned' && e.transition.kind !== 'reminder')
      alarms.push({ alarm: e.transition.alarm, state: e.transition.newState, at: e.transition.timestamp });
    else if (e.type === 'ActionExecuted')
      actions.push({
        alarm: e.alarm,
        action: e.action,
        actionType: e.actionType,
        newState: e.newState,
        transitionId: e.transitionId,
        status: e.status,
        at,
      });
  }
  const byTime =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      Date.parse(key(a)) - Date.parse(key(b));
  return {
    runs: runs.sort(byTime((r) => r.endedAt)),
    alarms: alarms.sort(byTime((a) => a.at)),
    dns: [...dns].sort(byTime((d) => d.at)),
    actions: actions.sort(byTime((a) => a.at)),
  };
}
