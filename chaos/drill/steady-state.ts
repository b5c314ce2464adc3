import type { DrillDefinition } from '../../core/drill.ts';
import type { Changes } from './changes.ts';
import type { DrillWorld } from './drill-world.ts';
import type { DrillEventLog } from './event-log.ts';

export type SteadyStateResult = { ok: true; detail: string } | { ok: false; detail: string };

/** What keeps the steady state from holding now, as sentences (empty: it holds). */
async function problems(drill: DrillDefinition, world: DrillWorld): Promise<string[]> {
  const wanted = drill.steadyState.alarms;
  const states = await world.alarmStates(Object.keys(wanted));
  const out = Object.entries(wanted)
    .filter(([a, s]) => states[a] !== s)
    .map(([a, s]) => `alarm ${a} is ${states[a] ?? 'unknown'}, not ${s}`);
  for (const c of drill.steadyState.canaries) {
    const run = await world.latestRun(c);
    if (!run) out.push(`canary ${c} has not run yet`);
    else if (run.status !== 'PASSED') out.push(`canary ${c}'s latest run is ${run.status}`);
  }
  return out;
}

/**
 * Waits until the steady state (alarms in their wanted states, the canaries' latest runs passed) has held
 * continuously for `steadyState.for` seconds, within `steadyState.within`. Any failing run or unwanted transition
 * on the event stream restarts the count.
 */
export async function awaitSteadyState(
  drill: DrillDefinition,
  world: DrillWorld,
  log: DrillEventLog,
  changes: Changes,
  signal: AbortSignal,
): Promise<SteadyStateResult> {
  const { alarms, canaries } = drill.steadyState;
  const forMs = drill.steadyState.for * 1000;
  const deadline = Date.now() + drill.steadyState.within * 1000;
  let greenSince: number | undefined;
  let broke: string | undefined;
  const stop = log.onEvent(({ event: e }) => {
    if (e.type === 'RunFinished' && canaries.includes(e.canary) && e.status !== 'PASSED')
      broke = `canary ${e.canary} ${e.status}`;
    if (
      e.type === 'AlarmTransitioned' &&
      e.transition.alarm in alarms &&
      alarms[e.transition.alarm] !== e.transition.newState
    )
      broke = `alarm ${e.transition.alarm} went to ${e.transition.newState}`;
  });
  try {
    let last: string[] = [];
    for (;;) {
      const seen = changes.current;
      last = await problems(drill, world);
      if (broke !== undefined) {
        greenSince = undefined;
        broke = undefined;
      }
      const now = Date.now();
      if (last.length > 0) greenSince = undefined;
      else greenSince ??= now;
      if (greenSince !== undefined && now - greenSince >= forMs)
        return { ok: true, detail: `held for ${drill.steadyState.for} s` };
      if (signal.aborted) return { ok: false, detail: 'aborted' };
      if (now >= deadline)
        return {
          ok: false,
          detail:
            last.length > 0
              ? last.join('; ')
              : `it did not hold for ${drill.steadyState.for} s in a row within ${drill.steadyState.within} s`,
        };
      const wake = greenSince !== undefined ? Math.min(deadline, greenSince + forMs) : deadline;
      await changes.next(seen, wake - now, signal);
    }
  } finally {
    stop();
  }
}
