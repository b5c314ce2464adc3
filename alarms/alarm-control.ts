import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';
import type { AlarmState, AlarmTransition, CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import { actionsFor } from './alarm-engine.ts';
import type { AlarmStateStore } from './alarm-state-store.ts';

const log = createLogger('alarm-control');

export interface Mute {
  alarm: string;
  until: string;
  reason: string;
}

export class UnknownAlarmError extends Error {
  constructor(name: string) {
    super(`unknown alarm "${name}"`);
    this.name = 'UnknownAlarmError';
  }
}

/**
 * Operator controls: `set-state` (as `aws cloudwatch set-alarm-state`: the state changes, its actions fire,
 * and the next evaluation decides again) and ad-hoc mutes that suppress actions but keep evaluating.
 */
export class AlarmControl {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly store: AlarmStateStore,
    private readonly alarms: () => ReadonlyArray<MetricAlarmDefinition | CompositeAlarmDefinition>,
    private readonly enqueueActions: (t: AlarmTransition) => Promise<void>,
  ) {}

  private find(name: string): MetricAlarmDefinition | CompositeAlarmDefinition {
    const a = this.alarms().find((x) => x.name === name);
    if (!a) throw new UnknownAlarmError(name);
    return a;
  }

  /**
   * Sets the alarm's state (compare-and-set on its version, retried if an evaluation commits meanwhile) and
   * queues its actions. The state change and its outbox entry commit together; if queueing the actions then
   * fails, the change still happened and is returned: the engines' outbox sweeper delivers the actions.
   */
  async setState(name: string, state: AlarmState, reason: string): Promise<AlarmTransition | undefined> {
    const alarm = this.find(name);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.get(name);
      if (current.state === state) return undefined;
      const t: AlarmTransition = {
        id: `s-${randomUUID()}`,
        alarm: name,
        oldState: current.state,
        newState: state,
        reason: `set-state: ${reason}`,
        timestamp: new Date().toISOString(),
        actions: actionsFor(alarm, state),
        kind: 'set-state',
        version: (current.version ?? 0) + 1,
      };
      if (!(await this.store.commitTransition(t))) continue;
      if (t.actions.length > 0) {
        try {
          await this.enqueueActions(t);
          await this.store.clearOutbox(t.id);
        } catch (err) {
          log.warn(
            { err: (err as Error).message, alarm: name, transition: t.id },
            'set-state committed, but its actions could not be queued; the outbox sweeper delivers them',
          );
        }
      }
      return t;
    }
    throw new Error(`alarm "${name}" kept changing state concurrently; try again`);
  }

  private muteKey(name: string): string {
    return `${this.prefix}:alarms:mute:${name}`;
  }

  async mute(name: string, forMs: number, reason: string): Promise<Mute> {
    this.find(name);
    const mute: Mute = { alarm: name, until: new Date(Date.now() + forMs).toISOString(), reason };
    await this.redis.set(this.muteKey(name), JSON.stringify(mute), 'PX', forMs);
    await this.store.addHistory(name, {
      timestamp: new Date().toISOString(),
      type: 'ConfigurationUpdate',
      summary: `Alarm muted until ${mute.until}: ${reason}`,
    });
    return mute;
  }

  async unmute(name: string): Promise<boolean> {
    this.find(name);
    const removed = (await this.redis.del(this.muteKey(name))) > 0;
    if (removed)
      await this.store.addHistory(name, {
        timestamp: new Date().toISOString(),
        type: 'ConfigurationUpdate',
        summary: 'Alarm unmuted',
      });
    return removed;
  }

  async getMute(name: string): Promise<Mute | undefined> {
    const raw = await this.redis.get(this.muteKey(name));
    return raw ? (JSON.parse(raw) as Mute) : undefined;
  }
}
