import type { FaultEndReason } from './fault.ts';
import type { AlarmState, AlarmTransition, RunRecord, RunStatus } from './types.ts';

/**
 * The one stream of what happened, shared by every process: roles publish, observers (history, reporters,
 * drills, the dashboard's live view, metric streams) subscribe. Events are facts in the past tense; each is
 * small (ids and outcomes, not whole records): a subscriber that needs more reads the stores.
 */

/** A run was recorded (exactly once per run id, after its record and metrics were stored). */
export interface RunFinished {
  type: 'RunFinished';
  runId: string;
  canary: string;
  status: RunStatus;
  reason: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  attempt: number;
  flaky?: boolean;
  worker: string;
}

/** An alarm changed state (or a reminder / set-state was committed); carries the transition as committed. */
export interface AlarmTransitioned {
  type: 'AlarmTransitioned';
  transition: AlarmTransition;
}

/** One action job reached an outcome for one transition. */
export interface ActionExecuted {
  type: 'ActionExecuted';
  alarm: string;
  action: string;
  actionType: string;
  transitionId: string;
  newState: AlarmState;
  /** `failed` only once no retry is left; `superseded` when a newer transition of the alarm made it stale. */
  status: 'done' | 'noop' | 'dry-run' | 'failed' | 'suppressed' | 'superseded';
  detail: string;
  attempt: number;
}

/** A fault was injected under a lease (by a drill or `canary fault inject`). */
export interface FaultInjected {
  type: 'FaultInjected';
  faultId: string;
  faultType: string;
  target: string;
  owner: string;
  drillRunId?: string;
  injectedAt: string;
  /** Epoch ms the lease ran to when injected. */
  expiresAt: number;
}

/** A fault ended: reverted by its controller, by the kill switch, or because its lease ran out. */
export interface FaultReverted {
  type: 'FaultReverted';
  faultId: string;
  faultType: string;
  target: string;
  drillRunId?: string;
  reason: FaultEndReason;
  revertedAt: string;
  /** Set when an effect fault's revert failed (the lease is kept for the reaper to retry). */
  error?: string;
}

/** A drill moved through one of its steps (steady state, inject, an expectation, hold, revert, recover). */
export interface DrillStep {
  type: 'DrillStep';
  drillRunId: string;
  drill: string;
  /** `steady-state`, `inject`, `expect`, `hold`, `revert`, `recover`, `abort`, `end`. */
  phase: string;
  /** What the step is about: `alarm www-down is ALARM`, `http proxy www-primary`. */
  step: string;
  status: 'started' | 'passed' | 'failed' | 'aborted';
  at: string;
  detail?: string;
  /** Alarms the step concerns, so their history can show it. */
  alarms?: readonly string[];
}

export type CanaryEvent = RunFinished | AlarmTransitioned | ActionExecuted | FaultInjected | FaultReverted | DrillStep;
export type CanaryEventType = CanaryEvent['type'];

/**
 * What makes an event the same event, per type: the stream stores an event at most once per key (within its
 * de-duplication window), so a retried publish (a re-run stalled job, a second engine) never shows twice.
 * `undefined` means every publish is a new event. A new event type adds its line here.
 */
export const eventKeys = {
  RunFinished: (e: RunFinished) => e.runId,
  AlarmTransitioned: (e: AlarmTransitioned) => e.transition.id,
  ActionExecuted: (e: ActionExecuted) => `${e.transitionId}/${e.action}`,
  FaultInjected: (e: FaultInjected) => e.faultId,
  FaultReverted: (e: FaultReverted) => (e.error === undefined ? e.faultId : undefined),
  DrillStep: () => undefined,
} satisfies { [T in CanaryEventType]: (e: Extract<CanaryEvent, { type: T }>) => string | undefined };

/** The de-duplication key of an event (`<type>:<key>`), or undefined when its type has none. */
export function eventKey(e: CanaryEvent): string | undefined {
  const key = (eventKeys[e.type] as (x: CanaryEvent) => string | undefined)(e);
  return key === undefined ? undefined : `${e.type}:${key}`;
}

/** The `RunFinished` event of a stored run record. */
export function runFinished(run: RunRecord): RunFinished {
  return {
    type: 'RunFinished',
    runId: run.id,
    canary: run.canary,
    status: run.status,
    reason: run.reason,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs: run.durationMs,
    attempt: run.attempt,
    ...(run.flaky !== undefined ? { flaky: run.flaky } : {}),
    worker: run.worker,
  };
}

/** An event as stored on the stream. */
export interface StoredEvent<E extends CanaryEvent = CanaryEvent> {
  /** Stream id (`<ms>-<seq>`); strictly increasing; resume a subscription after it. */
  id: string;
  /** When it was published (ISO). */
  at: string;
  /** `host:pid` of the publisher. */
  source: string;
  event: E;
}

/** Publishes events; never throws for the caller's sake (a failed publish is logged and counted by the stream). */
export interface EventPublisher {
  publish(event: CanaryEvent): Promise<void>;
}

export interface EventSubscription {
  /** Settles once the starting position is fixed (`'$'` resolved to an id): events published after it are seen. */
  readonly ready: Promise<void>;
  /** The id of the last event read (handled or filtered out); resume a later subscription after it. */
  readonly lastId: string;
  /**
   * Ends the subscription: waits for the handler in progress, then stops reading. With `drain`, first delivers
   * the events already on the stream when `close` was called. Do not await it from inside the handler.
   */
  close(opts?: { drain?: boolean }): Promise<void>;
}

export interface EventReadOptions {
  /** Return events after this id (exclusive); default the start of the stream. */
  after?: string;
  /** At most this many events (after filtering); default 100. */
  count?: number;
  types?: readonly CanaryEventType[];
}

export interface SubscribeOptions {
  /** Resume after this id; `'$'` (default) means only events published from now on; `'0'` the whole stream. */
  after?: string;
  types?: readonly CanaryEventType[];
}

/** The event stream port: a bounded, resumable log of events. */
export interface EventStream extends EventPublisher {
  read<T extends CanaryEventType = CanaryEventType>(
    opts?: EventReadOptions & { types?: readonly T[] },
  ): Promise<Array<StoredEvent<Extract<CanaryEvent, { type: T }>>>>;
  /** The id of the newest event, `'0-0'` when the stream is empty. */
  lastId(): Promise<string>;
  /**
   * Calls `handler` for every matching event, one at a time and in order. A handler that throws is logged and
   * the subscription goes on; a lost Redis connection is retried and resumes after the last id read.
   */
  subscribe<T extends CanaryEventType = CanaryEventType>(
    handler: (e: StoredEvent<Extract<CanaryEvent, { type: T }>>) => void | Promise<void>,
    opts?: SubscribeOptions & { types?: readonly T[] },
  ): EventSubscription;
}
