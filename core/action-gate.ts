/**
 * The port through which the action pipeline learns what its suppress stage needs about an alarm, without
 * depending on the alarm stores: the composition root reads them and answers.
 */
import type { AlarmState, AlarmTransition } from './types.ts';

/** The parts of an alarm's stored state the gate reads. */
export interface GateAlarmState {
  state: AlarmState;
  updatedAt: string;
  transitionId?: string | undefined;
  /** The state before the latest transition. */
  previousState?: AlarmState | undefined;
}

export interface GateInputs {
  now: number;
  /** The alarm's current stored state (to drop actions of a transition that was superseded while waiting). */
  current: GateAlarmState;
  /** The suppressor's stored state, for composites with `actionsSuppressor`. */
  suppressor?: GateAlarmState;
  mute: { until: string; reason: string } | undefined;
  /** The maintenance window covering this alarm at the transition's time, if one is open. */
  maintenanceWindow: { name: string } | undefined;
}

export type GateDecision =
  { action: 'run' } | { action: 'skip'; reason: string } | { action: 'delay'; until: number; reason: string };

/** Reads the gate's inputs for a transition; provided by the composition root. */
export type ActionGateInputs = (t: AlarmTransition) => Promise<GateInputs>;

/** Whether a transition is still its alarm's current one; when not, the alarm's version (for the reason). */
export type TransitionCurrency = { latest: true } | { latest: false; currentVersion: number };

/**
 * Asks whether a transition is still the alarm's current one (by version: a newer committed state change
 * supersedes it; a reminder is current while the state it reminds of is); provided by the composition root.
 */
export type CheckTransitionCurrent = (t: AlarmTransition) => Promise<TransitionCurrency>;
