/** One attempt at one action for one transition: what every pipeline stage reads. */
import type { AlarmTransition } from '../../core/types.ts';

export interface ActionAttempt {
  transition: AlarmTransition;
  /** The action's name in the config. */
  action: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** When the job first waited on a suppressor: the wait is recorded once. */
  waitingSince?: string | undefined;
  dryRun: boolean;
}
