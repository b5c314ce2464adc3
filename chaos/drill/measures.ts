import {
  AUTHORITATIVE_VANTAGE,
  type DrillMeasures,
  type DrillObservations,
  type DrillTimeline,
  type Measure,
  type TimePoint,
  type VantageSwitch,
} from '../../core/drill.ts';
import { watchedRecord, type TimelineDrill } from './timeline.ts';

const ms = (iso: string) => Date.parse(iso);

/** `to − from`, or why it is not known (the first missing point's reason). */
export function between(from: TimePoint, to: TimePoint, fromName: string, toName: string): Measure {
  if (from.at === undefined) return { reason: `${fromName}: ${from.reason}` };
  if (to.at === undefined) return { reason: `${toName}: ${to.reason}` };
  return { ms: ms(to.at) - ms(from.at) };
}

function vantageSwitches(drill: TimelineDrill, tl: DrillTimeline, o: DrillObservations): VantageSwitch[] {
  const watched = watchedRecord(drill);
  const start = tl.t0.at;
  if (!watched || start === undefined) return [];
  const samples = o.dns.filter((d) => d.record === watched.record && d.vantage !== AUTHORITATIVE_VANTAGE);
  const vantages = [...new Set(samples.map((d) => d.vantage))];
  return vantages.map((vantage) => {
    const hit = samples.find((d) => d.vantage === vantage && d.side === watched.side && ms(d.at) >= ms(start));
    const switchedAt: TimePoint = hit
      ? { at: hit.at }
      : { reason: `${vantage} never answered ${watched.side} for ${watched.record}` };
    return {
      vantage,
      switchedAt,
      ttf: between(tl.t0, switchedAt, 't0', vantage),
      tail: between(tl.t4, switchedAt, 't4', vantage),
    };
  });
}

/** The drill's measures from its timeline and observations. Pure. */
export function computeMeasures(
  drill: TimelineDrill,
  tl: DrillTimeline,
  o: DrillObservations,
  endedAt: string,
): DrillMeasures {
  const canaries = new Set(drill.steadyState.canaries);
  const clients = vantageSwitches(drill, tl, o);
  // The slowest vantage point; unknown as soon as one of them never switched.
  const unknown = clients.find((c) => c.ttf.ms === undefined);
  const ttfClient: Measure =
    clients.length === 0
      ? { reason: watchedRecord(drill) ? 'no client-side vantage point' : 'no DNS record watched' }
      : (unknown?.ttf ?? { ms: Math.max(...clients.map((c) => c.ttf.ms ?? 0)) });
  const t0 = tl.t0.at;
  const t6 = tl.t6.at;
  const end = ms(endedAt);
  return {
    ttd: between(tl.t0, tl.t2, 't0', 't2'),
    timeToFirstFailure: between(tl.t0, tl.t1, 't0', 't1'),
    alarmAfterFailure: between(tl.t1, tl.t2, 't1', 't2'),
    timeToAct: between(tl.t2, tl.t3, 't2', 't3'),
    ttf: between(tl.t0, tl.t4, 't0', 't4'),
    clients,
    ttfClient,
    ttr: between(tl.t0, tl.t6, 't0', 't6'),
    failback: between(tl.t7, tl.t8, 't7', 't8'),
    failedRuns:
      t0 === undefined
        ? 0
        : o.runs.filter(
            (r) => canaries.has(r.canary) && r.status !== 'PASSED' && ms(r.endedAt) >= ms(t0) && ms(r.endedAt) <= end,
          ).length,
    flaps:
      t6 === undefined
        ? 0
        : o.alarms.filter((a) => a.alarm in drill.steadyState.alarms && ms(a.at) > ms(t6) && ms(a.at) <= end).length,
  };
}
