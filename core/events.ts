import type { AlarmState, AlarmTransition, RunStatus } from './types.ts';

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

export type CanaryEvent = RunFinished | AlarmTransitioned | ActionExecuted;
export type CanaryEventType = CanaryEvent['type'];

/** An event as stored on the stream. */
export interface StoredEvent<E extends CanaryEvent = CanaryEvent> {
  /** Stream id; strictly increasing; resume a subscription after it. */
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
  close(): Promise<void>;
}

export interface EventReadOptions {
  /** Return events after this id (exclusive); default the start of the stream. */
  after?: string;
  count?: number;
  types?: readonly CanaryEventType[];
}

export interface SubscribeOptions {
  /** Resume after this id; `'$'` (default) means only events published from now on. */
  after?: string;
  types?: readonly CanaryEventType[];
}

/** The event stream port: a bounded, resumable log of events. */
export interface EventStream extends EventPublisher {
  read(opts?: EventReadOptions): Promise<StoredEvent[]>;
  subscribe(handler: (e: StoredEvent) => void | Promise<void>, opts?: SubscribeOptions): EventSubscription;
}
