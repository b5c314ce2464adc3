/**
 * Stage (at enqueue): the idempotency key of one action of one transition. The queue refuses a second job with
 * the same key, so enqueueing a transition twice (after a crash, from the outbox) runs nothing twice.
 */
import type { AlarmTransition } from '../../core/types.ts';

export function dedupKey(t: AlarmTransition, actionIndex: number): string {
  return `${t.id}.${actionIndex}`;
}
