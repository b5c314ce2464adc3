/** How one attempt ended; the audit stage records it and the dispatcher maps it onto the queue. */
import type { ActionOutcome } from '../../core/action.ts';

export type PipelineResult =
  /** The action ran (or, in a dry run, said what it would do). */
  | { kind: 'executed'; outcome: ActionOutcome }
  /** A mute, a maintenance window or a suppressor dropped it. */
  | { kind: 'suppressed'; reason: string }
  /** A suppressor holds it until `until` (epoch ms). */
  | { kind: 'delayed'; until: number; reason: string }
  /** Another job holds the lock on the action's target: try again at `until` (epoch ms); not audited. */
  | { kind: 'busy'; target: string; until: number }
  /** The transition is no longer the alarm's current one. */
  | { kind: 'superseded'; reason: string }
  /** It failed; `final` when no attempt follows (not retryable, or the last one). */
  | { kind: 'failed'; message: string; error: unknown; retryable: boolean; final: boolean };
