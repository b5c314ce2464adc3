import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import type { AlarmState, AlarmTransition, CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { aggregate, type PeriodStats } from '../metrics/statistics.ts';
import type { AlarmStateStore } from './alarm-state-store.ts';
import { BandModels } from './band-models.ts';
import { decideAlarm } from './decide-alarm.ts';
import { evaluateComposites } from './evaluate-composites.ts';
import { evaluationRangeLength } from './evaluation-range.ts';

const log = createLogger('alarm-engine');

export interface AlarmEngineOptions {
  redis: Redis;
  prefix: string;
  store: AlarmStateStore;
  metrics: MetricStore;
  alarms: () => ReadonlyArray<MetricAlarmDefinition>;
  /** Composite alarms in dependency order. */
  composites?: () => ReadonlyArray<CompositeAlarmDefinition>;
  /** The latest run id of a canary, to link a transition to the run that caused it. */
  latestRunId?: (canary: string) => Promise<string | undefined>;
  /** Hands a committed transition's actions to the durable action queue. */
  enqueueActions: (t: AlarmTransition) => Promise<void>;
  /** Wait after a period closes before evaluating it, for datapoints still in flight. */
  evaluationDelayMs: number;
  /** History items older than this are trimmed (checked once a minute). */
  historyRetentionMs?: number;
  now?: () => number;
  onTransition?: (t: AlarmTransition) => void;
}

export function actionsFor(
  alarm: Pick<MetricAlarmDefinition, 'actionsEnabled' | 'alarmActions' | 'okActions' | 'insufficientDataActions'>,
  state: AlarmState,
): string[] {
  if (!alarm.actionsEnabled) return [];
  if (state === 'ALARM') return alarm.alarmActions;
  if (state === 'OK') return alarm.okActions;
  return alarm.insufficientDataActions;
}

export function transitionId(alarm: string, tickMs: number, newState: AlarmState): string {
  return `t-${createHash('sha256').update(`${alarm}\0${tickMs}\0${newState}`).digest('hex').slice(0, 24)}`;
}

/**
 * Evaluates every metric alarm once per period. Every process may run an engine; each 1-second tick is
 * claimed in Redis by exactly one of them, and transitions are compare-and-set, so none fires twice.
 */
export class AlarmEngine {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly now: () => number;
  private readonly bandModels: BandModels;

  constructor(private readonly opts: AlarmEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.bandModels = new BandModels(opts.metrics);
  }

  async start(): Promise<void> {
    await this.registerConfigs();
    await this.flushOutbox();
    this.running = true;
    this.schedule();
  }

  /** Records each alarm's configuration; a new or changed one gets a ConfigurationUpdate history item. */
  async registerConfigs(): Promise<void> {
    for (const a of [...this.opts.alarms(), ...(this.opts.composites?.() ?? [])]) {
      const { source: _s, sourcePath: _p, ...rest } = a;
      const hash = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
      await this.opts.store.registerConfig(a.name, hash, JSON.stringify(rest));
    }
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Re-enqueues transitions whose actions may not have reached the queue (crash between commit and enqueue). */
  async flushOutbox(): Promise<void> {
    for (const t of await this.opts.store.outbox()) {
      await this.opts.enqueueActions(t);
      await this.opts.store.clearOutbox(t.id);
    }
  }

  private schedule(): void {
    if (!this.running) return;
    const now = this.now();
    const nextTick = Math.floor((now - this.opts.evaluationDelayMs) / 1000) * 1000 + 1000;
    this.timer = setTimeout(
      () => {
        void this.runTick(nextTick).finally(() => this.schedule());
      },
      Math.max(0, nextTick + this.opts.evaluationDelayMs - now),
    );
  }

  private async runTick(tickMs: number): Promise<void> {
    try {
      const claimed = await this.opts.redis.set(
        `${this.opts.prefix}:alarms:tick:${tickMs}`,
        String(process.pid),
        'PX',
        120_000,
        'NX',
      );
      if (claimed !== 'OK') return;
      await this.evaluateTick(tickMs);
    } catch (err) {
      log.error({ err: (err as Error).message, tick: tickMs }, 'alarm tick failed');
    }
  }

  /** Evaluates every alarm whose period ends at `tickMs`, then every composite. Exposed for tests and benchmarks. */
  async evaluateTick(tickMs: number): Promise<AlarmTransition[]> {
    const committed = await this.evaluateMetricAlarms(tickMs);
    committed.push(...(await this.evaluateCompositeAlarms(tickMs)));
    await this.sendReminders();
    if (tickMs % 60_000 === 0 && this.opts.historyRetentionMs) {
      const names = [...this.opts.alarms(), ...(this.opts.composites?.() ?? [])].map((a) => a.name);
      await this.opts.store.trimHistory(names, new Date(this.now() - this.opts.historyRetentionMs).toISOString());
    }
    return committed;
  }

  /** Re-sends alarmActions while an alarm with `reminderInterval` stays in ALARM, once per interval. */
  private async sendReminders(): Promise<void> {
    const withReminder = [...this.opts.alarms(), ...(this.opts.composites?.() ?? [])].filter(
      (a) => a.reminderInterval !== undefined,
    );
    if (withReminder.length === 0) return;
    const states = await this.opts.store.getMany(withReminder.map((a) => a.name));
    for (const [i, alarm] of withReminder.entries()) {
      const st = states[i];
      if (!st || st.state !== 'ALARM' || !st.transitionId) continue;
      const n = Math.floor((this.now() - Date.parse(st.updatedAt)) / ((alarm.reminderInterval as number) * 1000));
      if (n < 1 || !(await this.opts.store.claimReminder(alarm.name, st.transitionId, n))) continue;
      const actions = actionsFor(alarm, 'ALARM');
      if (actions.length === 0) continue;
      const t: AlarmTransition = {
        id: `${st.transitionId}-r${n}`,
        alarm: alarm.name,
        oldState: 'ALARM',
        newState: 'ALARM',
        kind: 'reminder',
        reason: `Reminder ${n}: still in ALARM since ${st.updatedAt}. ${st.reason}`,
        timestamp: new Date(this.now()).toISOString(),
        actions,
      };
      await this.opts.store.addHistory(alarm.name, {
        timestamp: t.timestamp,
        type: 'Action',
        summary: `Reminder ${n} queued for ${actions.join(', ')}`,
        transitionId: t.id,
      });
      await this.opts.enqueueActions(t);
    }
  }

  /** Re-evaluates composites against the stored states (after a child changed state). */
  async evaluateCompositeAlarms(tickMs: number): Promise<AlarmTransition[]> {
    const composites = this.opts.composites?.() ?? [];
    if (composites.length === 0) return [];
    const names = [...new Set(composites.flatMap((c) => [c.name, ...c.children]))];
    const stored = await this.opts.store.getMany(names);
    const states = new Map(names.map((n, i) => [n, (stored[i] as { state: AlarmState }).state]));
    const at = new Date(this.now()).toISOString();
    const byName = new Map(composites.map((c) => [c.name, c]));
    const transitions = evaluateComposites(composites, states).map((d): AlarmTransition => {
      const c = byName.get(d.name) as CompositeAlarmDefinition;
      return {
        id: transitionId(d.name, tickMs, d.newState),
        alarm: d.name,
        oldState: d.oldState,
        newState: d.newState,
        reason: d.reason,
        timestamp: at,
        actions: actionsFor(c, d.newState),
        kind: 'transition',
        ...(c.actionsSuppressor
          ? {
              suppressor: {
                alarm: c.actionsSuppressor,
                waitPeriod: c.actionsSuppressorWaitPeriod,
                extensionPeriod: c.actionsSuppressorExtensionPeriod,
              },
            }
          : {}),
      };
    });
    return this.commit(transitions);
  }

  private async evaluateMetricAlarms(tickMs: number): Promise<AlarmTransition[]> {
    const due = this.opts.alarms().filter((a) => tickMs % (a.period * 1000) === 0);
    if (due.length === 0) return [];
    const ranges = due.map((a) => evaluationRangeLength(a));
    const samples = await this.opts.metrics.samplesMany(
      due.map((a, i) => ({
        series: a,
        start: tickMs - (ranges[i] as number) * a.period * 1000,
        end: tickMs,
      })),
    );
    const states = await this.opts.store.getMany(due.map((a) => a.name));
    // Sub-minute alarms short of datapoints: at what resolution does their series arrive (for the reason only)?
    const arrival = await this.opts.metrics.arrivalResolutions(
      due.map((a, i) => (a.period < 60 && (samples[i]?.length ?? 0) < (ranges[i] as number) ? a : undefined)),
    );
    const at = new Date(this.now()).toISOString();
    const traces: Array<{ name: string; trace: unknown; at: string }> = [];
    const transitions: AlarmTransition[] = [];
    await this.bandModels.refresh(due, tickMs);
    due.forEach((alarm, i) => {
      const periodMs = alarm.period * 1000;
      const range = ranges[i] as number;
      const start = tickMs - range * periodMs;
      const perPeriod: Array<PeriodStats | undefined> = Array.from({ length: range }, () => undefined);
      for (const s of aggregate(samples[i] ?? [], periodMs)) {
        const idx = Math.round((s.timestamp - start) / periodMs);
        if (idx >= 0 && idx < range) perPeriod[idx] = s;
      }
      const current = (states[i] as { state: AlarmState }).state;
      const result = decideAlarm(alarm, perPeriod, start, current, this.bandModels.get(alarm.name), arrival[i]);
      traces.push({
        name: alarm.name,
        at,
        trace: {
          evaluatedAt: at,
          tick: new Date(tickMs).toISOString(),
          previousState: current,
          ...result.trace,
          state: result.state,
          reason: result.reason,
          rule: result.rule,
          retained: result.retained,
        },
      });
      if (result.retained || result.state === current) return;
      transitions.push({
        id: transitionId(alarm.name, tickMs, result.state),
        alarm: alarm.name,
        oldState: current,
        newState: result.state,
        reason: result.reason,
        timestamp: at,
        actions: actionsFor(alarm, result.state),
        kind: 'transition',
      });
    });
    await this.opts.store.recordEvaluations(traces);
    if (this.opts.latestRunId) {
      const canaryOf = new Map(
        due.map((a) => [a.name, a.namespace === CANARY_NAMESPACE ? a.dimensions.CanaryName : undefined]),
      );
      for (const t of transitions) {
        const canary = canaryOf.get(t.alarm);
        const runId = canary ? await this.opts.latestRunId(canary) : undefined;
        if (runId) t.runId = runId;
      }
    }
    return this.commit(transitions);
  }

  /** Commits transitions (compare-and-set) and hands their actions to the queue. */
  private async commit(transitions: ReadonlyArray<AlarmTransition>): Promise<AlarmTransition[]> {
    const committed: AlarmTransition[] = [];
    const applied = await this.opts.store.commitTransitions(transitions);
    for (const [i, t] of transitions.entries()) {
      if (!applied[i]) continue;
      committed.push(t);
      log.info({ alarm: t.alarm, from: t.oldState, to: t.newState, reason: t.reason }, 'alarm state changed');
      this.opts.onTransition?.(t);
      if (t.actions.length > 0) {
        await this.opts.enqueueActions(t);
        await this.opts.store.clearOutbox(t.id);
      }
    }
    return committed;
  }
}
