/**
 * Drills: check the steady state, inject faults, expect alarms, DNS and actions within deadlines, always revert,
 * then expect recovery; record the timeline and derive the measures (TTD, TTF, TTR). This file is the vocabulary
 * (definitions and the journal) shared by the loader (`config/`), the runner (`chaos/drill/`), the reporters
 * (`reports/drill/`) and the API.
 */
import type { ActionExecuted } from './events.ts';
import type { FaultSpec } from './fault.ts';
import type { Schedule } from './schedule.ts';
import type { AlarmState, RunStatus } from './types.ts';

/** One expectation of a drill; `within` is seconds from t0 (`expect`) or from t7 (`recover`). */
export type DrillExpectation =
  | { alarm: string; state: AlarmState; within: number }
  /** A failover record serving a side, or a given address. */
  | { dns: string; serves: 'primary' | 'secondary' | (string & {}); within: number }
  /** The first run of the canary that starts after the phase starts passes (or fails). */
  | { canary: string; passes: boolean; within: number }
  | { action: string; status: ActionExecuted['status']; within: number }
  /** A recover action (`recover` of a recovery provider) ran and said `done`. */
  | { recovery: string; verified: true; within: number };

/** A validated drill (from a `*.drill.ts` file). */
export interface DrillDefinition {
  name: string;
  /** File relative to the project root. */
  file: string;
  steadyState: {
    alarms: Readonly<Record<string, AlarmState>>;
    canaries: readonly string[];
    /** Seconds the steady state must hold, continuously, before the faults are injected. */
    for: number;
    /** Seconds to wait for it before giving up. */
    within: number;
  };
  /** Fault specs as validated by their plugins (defaults applied). */
  faults: readonly FaultSpec[];
  /** A short human name of each fault's target, in the order of `faults`. */
  faultTargets: readonly string[];
  /** Lock keys of every fault (`proxy:www-primary`): two drills never run at once on one of them. */
  targets: readonly string[];
  expect: readonly DrillExpectation[];
  /** Seconds the faults stay after every expectation passed. */
  holdFor: number;
  recover: readonly DrillExpectation[];
  /** Guard alarms: one going to ALARM aborts the drill and reverts at once. */
  abortOn: readonly string[];
  /** Lease of each fault, seconds; undefined: the controller's default. */
  lease?: number;
  schedule?: Schedule;
  /** Client-side vantage points (`host:port` of recursive resolvers); empty: our own DNS server. */
  observe: { resolvers: readonly string[] };
  /** Seconds the whole drill may take, steady state to the last recover expectation. */
  timeout: number;
  /** Content hash of the definition (schedulers reconcile on it). */
  hash: string;
}

export type DrillStatus = 'passed' | 'failed' | 'aborted';
export type DrillStepOutcome = 'passed' | 'failed' | 'aborted' | 'skipped';

/** One step of a drill run, as recorded in the journal. */
export interface DrillStepRecord {
  /** `lock`, `steady-state`, `inject`, `expect`, `hold`, `revert`, `recover`, `abort`. */
  phase: string;
  /** What the step is about: `alarm www-down is ALARM`, `http proxy www-primary`. */
  step: string;
  startedAt: string;
  endedAt?: string;
  outcome?: DrillStepOutcome;
  detail?: string;
  /** Set on `expect` and `recover` steps. */
  expectation?: DrillExpectation;
  /** The deadline of an expectation (ISO). */
  deadline?: string;
}

/** A point of the timeline: when it happened, or why it is not known. Never invented. */
export type TimePoint = { at: string; detail?: string } | { at?: undefined; reason: string };

/** A duration derived from two points: milliseconds, or why it is not known. */
export type Measure = { ms: number } | { ms?: undefined; reason: string };

export interface DrillTimeline {
  /** Fault injected. */
  t0: TimePoint;
  /** First failing run of a steady-state canary after t0. */
  t1: TimePoint;
  /** The expected alarm in ALARM. */
  t2: TimePoint;
  /** Failover or recovery action issued. */
  t3: TimePoint;
  /** Action confirmed: the authoritative answer changed. */
  t4: TimePoint;
  /** First passing run of a steady-state canary after t4. */
  t5: TimePoint;
  /** Steady state regained. */
  t6: TimePoint;
  /** Fault reverted. */
  t7: TimePoint;
  /** Failback complete: DNS back on the primary. */
  t8: TimePoint;
}

/** When one client-side vantage point saw the record switch. */
export interface VantageSwitch {
  /** `resolver 127.0.0.1:5300`, `own 127.0.0.1:5353`. */
  vantage: string;
  /** When it first answered the new side. */
  switchedAt: TimePoint;
  /** switchedAt − t0. */
  ttf: Measure;
  /** switchedAt − t4: how long caches kept the old answer (the TTL tail). */
  tail: Measure;
}

export interface DrillMeasures {
  /** Time to detect: t2 − t0. */
  ttd: Measure;
  /** t1 − t0: until a canary saw it. */
  timeToFirstFailure: Measure;
  /** t2 − t1: until the alarm said so. */
  alarmAfterFailure: Measure;
  /** t3 − t2. */
  timeToAct: Measure;
  /** Time to fail over as published: t4 − t0. */
  ttf: Measure;
  /** As seen by clients, per vantage point. */
  clients: readonly VantageSwitch[];
  /** The slowest vantage point's TTF. */
  ttfClient: Measure;
  /** Time to recover: t6 − t0. */
  ttr: Measure;
  /** t8 − t7. */
  failback: Measure;
  /** Non-PASSED runs of the steady-state canaries between t0 and the drill's end. */
  failedRuns: number;
  /** State changes of the steady-state alarms after t6. */
  flaps: number;
}

/** What the drill saw, in time order, for reports (the HTML timeline picture). */
export interface DrillObservations {
  runs: ReadonlyArray<{ canary: string; runId: string; status: RunStatus; startedAt: string; endedAt: string }>;
  alarms: ReadonlyArray<{ alarm: string; state: AlarmState; at: string }>;
  /** Every change of what a vantage point answered (`AUTHORITATIVE_VANTAGE` is the DNS provider's served()). */
  dns: ReadonlyArray<{
    record: string;
    vantage: string;
    at: string;
    side: 'primary' | 'secondary' | undefined;
    values: readonly string[];
    error?: string;
  }>;
  actions: ReadonlyArray<{
    alarm: string;
    action: string;
    actionType: string;
    newState: AlarmState;
    transitionId: string;
    status: ActionExecuted['status'];
    /** When the event was published (the action's end). */
    at: string;
    /** When the action issued its change (`issuedAt` in its alarm-history data), when it says. */
    issuedAt?: string;
  }>;
}

export interface DrillFaultRecord {
  spec: FaultSpec;
  target: string;
  /** Set once injected. */
  id?: string;
  injectedAt?: string;
  /** What a dry run would inject. */
  dryRun?: boolean;
}

export interface DrillRevertRecord {
  faultId: string;
  target: string;
  outcome: 'reverted' | 'failed';
  at: string;
  error?: string;
}

/** The journal of one drill run: everything a report shows. */
export interface DrillJournal {
  /** `drl-<uuid>`. */
  id: string;
  drill: string;
  file: string;
  status: DrillStatus;
  /** Why it failed or aborted. */
  reason?: string;
  dryRun: boolean;
  startedAt: string;
  endedAt: string;
  /** `host:pid` of the runner. */
  runner: string;
  steps: DrillStepRecord[];
  faults: DrillFaultRecord[];
  reverts: DrillRevertRecord[];
  timeline: DrillTimeline;
  measures: DrillMeasures;
  observations: DrillObservations;
}

/** A human line for an expectation: `alarm www-down is ALARM within 10 s`. */
export function describeExpectation(e: DrillExpectation): string {
  if ('alarm' in e) return `alarm ${e.alarm} is ${e.state}`;
  if ('dns' in e) return `dns ${e.dns} serves ${e.serves}`;
  if ('canary' in e) return `canary ${e.canary} ${e.passes ? 'passes' : 'fails'}`;
  if ('action' in e) return `action ${e.action} ${e.status}`;
  return `recovery ${e.recovery} verified`;
}

/** A measure as text: `1.23 s`, or `n/a (reason)`. */
export function formatMeasure(m: Measure): string {
  return m.ms === undefined ? `n/a (${m.reason})` : `${(m.ms / 1000).toFixed(2)} s`;
}

/** The vantage point name of the DNS provider's `served()` answers in `DrillObservations.dns`. */
export const AUTHORITATIVE_VANTAGE = 'authoritative';
