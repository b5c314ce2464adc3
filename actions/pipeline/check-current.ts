/**
 * Stage: is the transition still the alarm's current one, at execution time (after any suppression delay, on
 * every retry)? By version: once a newer state change is committed, the transition's actions are superseded.
 * Runs inside the target's lock (see `target-lock.ts`), so actions on one target follow the alarm's versions.
 */
import type { CheckTransitionCurrent } from '../../core/action-gate.ts';
import type { ActionAttempt } from './action-attempt.ts';

export type CurrentVerdict = { current: true } | { current: false; reason: string };

export async function checkCurrent(
  attempt: ActionAttempt,
  check: CheckTransitionCurrent | undefined,
): Promise<CurrentVerdict> {
  if (!check) return { current: true };
  const t = attempt.transition;
  const answer = await check(t);
  if (answer.latest) return { current: true };
  const ours = t.version === undefined ? 'a version from before versions existed' : `version ${t.version}`;
  return {
    current: false,
    reason: `transition ${t.id} (${t.oldState} → ${t.newState}, ${ours}) is no longer current: alarm ${t.alarm} is at version ${answer.currentVersion}`,
  };
}
