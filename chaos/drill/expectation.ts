import { describeExpectation, type DrillExpectation } from '../../core/drill.ts';
import type { Changes } from './changes.ts';
import type { DnsWatch } from './dns-watch.ts';
import type { DrillWorld } from './drill-world.ts';
import type { DrillEventLog } from './event-log.ts';

export type ExpectationResult =
  { outcome: 'passed'; at: string; detail: string } | { outcome: 'failed' | 'aborted'; detail: string };

export interface ExpectationContext {
  world: DrillWorld;
  log: DrillEventLog;
  dns: DnsWatch;
  changes: Changes;
  /** t0 for `expect`, t7 for `recover` (epoch ms): what happened before does not count. */
  since: number;
  /** Epoch ms. */
  deadline: number;
  signal: AbortSignal;
}

const iso = (ms: number) => new Date(ms).toISOString();
const notBefore = (at: string, since: number) => iso(Math.max(Date.parse(at), since));

type Check = () => Promise<ExpectationResult | undefined> | ExpectationResult | undefined;

/** How one expectation is checked (re-run on every change) and what it says when its deadline passes. */
function checker(e: DrillExpectation, c: ExpectationContext): { check: Check; late: () => Promise<string> } {
  if ('alarm' in e)
    return {
      check: async () => {
        const hit = c.log.find(
          (ev) =>
            ev.type === 'AlarmTransitioned' &&
            ev.transition.alarm === e.alarm &&
            ev.transition.newState === e.state &&
            Date.parse(ev.transition.timestamp) >= c.since,
        );
        if (hit?.event.type === 'AlarmTransitioned')
          return { outcome: 'passed', at: hit.event.transition.timestamp, detail: hit.event.transition.reason };
        const now = (await c.world.alarmStates([e.alarm]))[e.alarm];
        return now === e.state ? { outcome: 'passed', at: iso(Date.now()), detail: `already ${now}` } : undefined;
      },
      late: async () => `alarm ${e.alarm} is ${(await c.world.alarmStates([e.alarm]))[e.alarm] ?? 'unknown'}`,
    };
  if ('dns' in e)
    return {
      check: () => {
        const a = c.dns.authoritative(e.dns);
        if (!a) return undefined;
        const ok =
          e.serves === 'primary' || e.serves === 'secondary' ? a.side === e.serves : a.values.includes(e.serves);
        return ok ? { outcome: 'passed', at: notBefore(a.at, c.since), detail: `${a.values.join(', ')}` } : undefined;
      },
      late: () => {
        const a = c.dns.authoritative(e.dns);
        return Promise.resolve(
          !a
            ? `no answer for ${e.dns} yet`
            : a.error
              ? `${e.dns}: ${a.error}`
              : `${e.dns} serves ${a.side ?? 'neither side'} (${a.values.join(', ') || 'no values'})`,
        );
      },
    };
  if ('canary' in e)
    return {
      check: () => {
        const run = c.log.find(
          (ev) => ev.type === 'RunFinished' && ev.canary === e.canary && Date.parse(ev.startedAt) >= c.since,
        );
        if (run?.event.type !== 'RunFinished') return undefined;
        const r = run.event;
        return (r.status === 'PASSED') === e.passes
          ? { outcome: 'passed', at: r.endedAt, detail: `run ${r.runId} ${r.status}` }
          : {
              outcome: 'failed',
              detail: `the first run after the step started, ${r.runId}, was ${r.status}: ${r.reason}`,
            };
      },
      late: () => Promise.resolve(`canary ${e.canary} has not finished a run started since`),
    };
  const action = 'action' in e ? e.action : e.recovery;
  const status = 'action' in e ? e.status : 'done';
  return {
    check: () => {
      const hit = c.log.find(
        (ev, at) =>
          ev.type === 'ActionExecuted' && ev.action === action && ev.status === status && Date.parse(at) >= c.since,
      );
      return hit?.event.type === 'ActionExecuted'
        ? { outcome: 'passed', at: hit.at, detail: hit.event.detail }
        : undefined;
    },
    late: () => {
      const other = [...c.log.events]
        .reverse()
        .find((s) => s.event.type === 'ActionExecuted' && s.event.action === action && Date.parse(s.at) >= c.since);
      return Promise.resolve(
        other?.event.type === 'ActionExecuted'
          ? `action ${action} ended ${other.event.status}: ${other.event.detail}`
          : `action ${action} has not run`,
      );
    },
  };
}

/** Waits for one expectation until its deadline, on events and DNS answers (never a blind sleep). */
export async function awaitExpectation(e: DrillExpectation, c: ExpectationContext): Promise<ExpectationResult> {
  const { check, late } = checker(e, c);
  const result = await c.changes.until(check, c.deadline, c.signal);
  if (result) return result;
  if (c.signal.aborted) return { outcome: 'aborted', detail: `aborted while waiting for ${describeExpectation(e)}` };
  return { outcome: 'failed', detail: `${await late()} after ${e.within} s` };
}
