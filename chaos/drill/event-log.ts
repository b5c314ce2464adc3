import type { CanaryEvent, EventStream, EventSubscription, StoredEvent } from '../../core/events.ts';
import type { Changes } from './changes.ts';

const TYPES = ['RunFinished', 'AlarmTransitioned', 'ActionExecuted', 'FaultInjected', 'FaultReverted'] as const;

/**
 * The events a drill run sees, from a subscription opened before its first step: everything after that point is
 * kept (in order) and every arrival bumps `changes`, so the steps wait on facts.
 */
export class DrillEventLog {
  readonly events: Array<StoredEvent<CanaryEvent>> = [];
  private readonly listeners = new Set<(e: StoredEvent<CanaryEvent>) => void>();

  private constructor(private readonly sub: EventSubscription) {}

  static async open(stream: EventStream, changes: Changes): Promise<DrillEventLog> {
    let log: DrillEventLog | undefined;
    const early: Array<StoredEvent<CanaryEvent>> = [];
    const sub = stream.subscribe(
      (e) => {
        if (!log) early.push(e);
        else log.add(e);
        changes.notify();
      },
      { after: await stream.lastId(), types: TYPES },
    );
    await sub.ready;
    log = new DrillEventLog(sub);
    for (const e of early) log.add(e);
    return log;
  }

  private add(e: StoredEvent<CanaryEvent>): void {
    this.events.push(e);
    for (const l of this.listeners) l(e);
  }

  /** Calls `listener` for every event from now on; returns the unsubscribe. */
  onEvent(listener: (e: StoredEvent<CanaryEvent>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first logged event matching `pred`. */
  find(pred: (e: CanaryEvent, at: string) => boolean): StoredEvent<CanaryEvent> | undefined {
    return this.events.find((s) => pred(s.event, s.at));
  }

  close(): Promise<void> {
    return this.sub.close({ drain: true });
  }
}
