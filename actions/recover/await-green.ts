/**
 * Recovery verified by a canary, not by the orchestrator: waits on the event stream for a `RunFinished` PASSED
 * of the canary from a run that started after the recovery was issued and ended after the provider said the
 * target was up (when it said so). Reads from a position taken before the recovery was issued, so no run is
 * missed however quickly it passes.
 */
import type { EventStream, RunFinished } from '../../core/events.ts';

export interface GreenWait {
  /** Resolves with the passing run, or undefined when none came before `deadline` (epoch ms). */
  until(o: { issuedAt: string; targetUpAt?: string | undefined; deadline: number }): Promise<RunFinished | undefined>;
}

/** Call before issuing the recovery: fixes the stream position to read from. */
export async function awaitGreen(events: EventStream, canary: string, pollMs = 100): Promise<GreenWait> {
  let after = await events.lastId();
  return {
    async until({ issuedAt, targetUpAt, deadline }) {
      const issued = Date.parse(issuedAt);
      const up = targetUpAt === undefined ? issued : Date.parse(targetUpAt);
      for (;;) {
        for (;;) {
          const page = await events.read({ after, count: 500, types: ['RunFinished'] });
          for (const { id, event } of page) {
            after = id;
            if (
              event.canary === canary &&
              event.status === 'PASSED' &&
              Date.parse(event.startedAt) >= issued &&
              Date.parse(event.endedAt) >= up
            )
              return event;
          }
          if (page.length < 500) break;
        }
        if (Date.now() >= deadline) return undefined;
        await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
      }
    },
  };
}
