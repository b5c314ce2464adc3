/**
 * Stage: is the transition still the alarm's current one, at execution time? The slot for the staleness check
 * of the reliability issue (a version per alarm; actions on one target serialised). Today it passes everything;
 * the suppress stage already drops superseded transitions that waited on a suppressor.
 */
import type { ActionAttempt } from './action-attempt.ts';

export type CurrentVerdict = { current: true } | { current: false; reason: string };

export async function checkCurrent(_attempt: ActionAttempt): Promise<CurrentVerdict> {
  return { current: true };
}
