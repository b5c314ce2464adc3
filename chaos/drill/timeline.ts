import {
  AUTHORITATIVE_VANTAGE,
  type DrillDefinition,
  type DrillObservations,
  type DrillTimeline,
  type TimePoint,
} from '../../core/drill.ts';

export type TimelineDrill = Pick<DrillDefinition, 'steadyState' | 'expect' | 'recover'>;

export interface TimelineInput {
  drill: TimelineDrill;
  /** When the faults were injected (the first one); undefined when none was. */
  t0?: string | undefined;
  /** When the last fault was reverted; undefined when none was. */
  t7?: string | undefined;
  observations: DrillObservations;
}

const ms = (iso: string) => Date.parse(iso);
const point = (at: string, detail?: string): TimePoint => (detail ? { at, detail } : { at });
const missing = (reason: string): TimePoint => ({ reason });

/** The alarm the drill expects to go to ALARM (the first such `expect`), else the first steady-state OK alarm. */
export function expectedAlarm(drill: TimelineDrill): string | undefined {
  for (const e of drill.expect) if ('alarm' in e && e.state === 'ALARM') return e.alarm;
  return Object.entries(drill.steadyState.alarms).find(([, s]) => s === 'OK')?.[0];
}

/** The failover record the drill watches (the first `dns` expectation) and the side it fails over to. */
export function watchedRecord(drill: TimelineDrill): { record: string; side: 'primary' | 'secondary' } | undefined {
  for (const e of drill.expect)
    if ('dns' in e) return { record: e.dns, side: e.serves === 'primary' ? 'primary' : 'secondary' };
  for (const e of drill.recover) if ('dns' in e) return { record: e.dns, side: 'secondary' };
  return undefined;
}

/** Every record a drill names, to poll. */
export function recordsOf(drill: TimelineDrill): string[] {
  return [...new Set([...drill.expect, ...drill.recover].flatMap((e) => ('dns' in e ? [e.dns] : [])))];
}

/**
 * When the steady state was regained: the first moment after it broke (at or after t0) at which every steady-state
 * alarm is in its wanted state and the latest run of every steady-state canary passed.
 */
export function steadyStateRegained(drill: TimelineDrill, t0: string, o: DrillObservations): TimePoint {
  const wanted = drill.steadyState.alarms;
  const canaries = new Set(drill.steadyState.canaries);
  if (Object.keys(wanted).length === 0 && canaries.size === 0) return missing('the drill defines no steady state');
  const alarmState = new Map(Object.entries(wanted));
  const runPassed = new Map([...canaries].map((c) => [c, true]));
  type Change = { at: string; apply: () => void };
  const changes: Change[] = [
    ...o.alarms
      .filter((a) => a.alarm in wanted)
      .map((a) => ({ at: a.at, apply: () => void alarmState.set(a.alarm, a.state) })),
    ...o.runs
      .filter((r) => canaries.has(r.canary))
      .map((r) => ({ at: r.endedAt, apply: () => void runPassed.set(r.canary, r.status === 'PASSED') })),
  ].sort((a, b) => ms(a.at) - ms(b.at));
  const green = () =>
    Object.entries(wanted).every(([a, s]) => alarmState.get(a) === s) && [...runPassed.values()].every(Boolean);
  let broken = false;
  for (const c of changes) {
    c.apply();
    if (ms(c.at) < ms(t0)) continue;
    if (!green()) broken = true;
    else if (broken) return point(c.at);
  }
  return missing(broken ? 'the steady state was not regained before the drill ended' : 'the steady state never broke');
}

/** The drill's timeline t0…t8 from what it observed. Pure; a point that did not happen says why. */
export function buildTimeline(input: TimelineInput): DrillTimeline {
  const { drill, t0, t7, observations: o } = input;
  const none = missing('no fault was injected');
  if (t0 === undefined)
    return { t0: none, t1: none, t2: none, t3: none, t4: none, t5: none, t6: none, t7: none, t8: none };
  const after = (at: string, from: string) => ms(at) >= ms(from);
  const canaries = new Set(drill.steadyState.canaries);

  const failing = o.runs.find((r) => canaries.has(r.canary) && r.status !== 'PASSED' && after(r.endedAt, t0));
  const t1 = failing
    ? point(failing.endedAt, `${failing.canary} ${failing.status}`)
    : missing(canaries.size === 0 ? 'no steady-state canary' : 'no steady-state canary run failed after t0');

  const alarm = expectedAlarm(drill);
  const alarmed = alarm ? o.alarms.find((a) => a.alarm === alarm && a.state === 'ALARM' && after(a.at, t0)) : undefined;
  const t2 = alarmed
    ? point(alarmed.at, alarmed.alarm)
    : missing(alarm ? `alarm ${alarm} did not go to ALARM` : 'the drill expects no alarm to go to ALARM');

  const candidates = alarmed
    ? o.actions.filter(
        (a) => a.alarm === alarmed.alarm && a.newState === 'ALARM' && a.status === 'done' && after(a.at, t0),
      )
    : [];
  // A failover or recovery action is what "act" means; a notification only counts when nothing else ran.
  const acted = candidates.find((a) => /failover|recover/.test(a.actionType)) ?? candidates[0];
  const t3 = acted
    ? point(acted.issuedAt ?? acted.at, `${acted.action} (${acted.actionType})${acted.issuedAt ? ' issued' : ' ended'}`)
    : missing(alarmed ? `no action of ${alarmed.alarm} ran for its ALARM` : 'no alarm went to ALARM');

  const watched = watchedRecord(drill);
  const authoritative = o.dns.filter((d) => d.vantage === AUTHORITATIVE_VANTAGE && d.record === watched?.record);
  const switched = watched && authoritative.find((d) => d.side === watched.side && after(d.at, t0));
  const t4 = switched
    ? point(switched.at, `${switched.record} serves ${switched.side}`)
    : missing(watched ? `${watched.record} did not switch to ${watched.side}` : 'the drill expects no DNS switch');

  const passing =
    switched && o.runs.find((r) => canaries.has(r.canary) && r.status === 'PASSED' && after(r.startedAt, switched.at));
  const t5 = passing
    ? point(passing.endedAt, passing.canary)
    : missing(switched ? 'no steady-state canary passed after t4' : 'no DNS switch (t4)');

  const t6 = steadyStateRegained(drill, t0, o);
  const t7p = t7 ? point(t7) : missing('the faults were not reverted');
  const back = switched && authoritative.find((d) => d.side === 'primary' && ms(d.at) > ms(switched.at));
  const t8 = back
    ? point(back.at, `${back.record} serves primary`)
    : missing(switched ? `${switched.record} did not go back to primary` : 'no DNS switch to fail back from');
  return { t0: point(t0), t1, t2, t3, t4, t5, t6, t7: t7p, t8 };
}
