import type { CanaryEventType, EventStream, EventSubscription } from '../core/events.ts';
import { createLogger } from '../core/logger.ts';
import type { AlarmTransition, RunRecord } from '../core/types.ts';
import type { RunStore } from '../runner/run-store.ts';

const log = createLogger('stack');

export interface StackHooks {
  /** Every run recorded from now on (by any worker sharing the Redis and prefix), as stored. */
  onRun?: (run: RunRecord) => void;
  /** Every alarm transition committed from now on. */
  onTransition?: (t: AlarmTransition) => void;
}

/**
 * Subscribes the hooks to the event stream, from its current end. Resolves once the subscription is in place,
 * so nothing published after it is missed; close it with `drain` to hear what was published before the close.
 */
export async function subscribeHooks(
  events: EventStream,
  runs: RunStore,
  hooks: StackHooks,
): Promise<EventSubscription | undefined> {
  const { onRun, onTransition } = hooks;
  const types: CanaryEventType[] = [];
  if (onRun) types.push('RunFinished');
  if (onTransition) types.push('AlarmTransitioned');
  if (types.length === 0) return undefined;
  const sub = events.subscribe(
    async ({ event }) => {
      if (event.type === 'RunFinished' && onRun) {
        const record = await runs.get(event.runId);
        if (record) onRun(record);
        else log.warn({ runId: event.runId }, 'finished run no longer stored; onRun skipped');
      } else if (event.type === 'AlarmTransitioned' && onTransition) onTransition(event.transition);
    },
    { types },
  );
  await sub.ready;
  return sub;
}
