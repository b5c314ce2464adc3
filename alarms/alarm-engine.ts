import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import type { AlarmState, AlarmTransition, CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { aggregate, type PeriodStats, type Sample } from '../metrics/statistics.ts';
import type { AlarmStateStore, EvaluationCommit, StoredAlarmState } from './alarm-state-store.ts';
import { BandModels } from './band-models.ts';
import type { CompletionRequest } from './complete-periods.ts';
import { decideAlarm } from './decide-alarm.ts';
import { evaluateComposites } from './evaluate-composites.ts';
import { evaluationRangeLength } from './evaluation-range.ts';
import { OutboxSweeper } from './outbox-sweeper.ts';
import { RedisLease } from './redis-lease.ts';
import { closedTickAt, WallClockTicks, type TickSource } from './tick-schedule.ts';

const log = createLogger('alarm-engine');

/** Rounds of catch-up per tick at most (one round evaluates each alarm's next closed period); the rest wait a tick. */
const MAX_ROUNDS_PER_TICK = 30;
/** Evaluations refused because the alarm's state moved meanwhile (a set-state) are decided again this often. */
const MAX_ATTEMPTS = 3;
/** Evaluations committed per round trip. */
const COMMIT_BATCH = 1000;

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
  /** Called once a transition is committed, before its actions are enqueued (the stack publishes it); awaited. */
  onTransition?: (t: AlarmTransition) => void | Promise<void>;
  /** What drives the ticks: by default every second of the wall clock (`now`) plus `evaluationDelayMs`. */
  ticks?: TickSource;
  /**
   * Periods that closed longer ago than this are not caught up (only after every engine was down that long):
   * each alarm resumes with its periods inside this window. Default 5 minutes.
   */
  maxCatchUpMs?: number;
  /** How long one engine's claim on evaluating lasts without renewal (renewed after every round). Default 10 s. */
  leaseMs?: number;
  /**
   * Awaited once a round of evaluations is decided, before it is committed. A throw fails the tick, which the
   * next tick retries. For fault tests and drills (a slow engine, a failing tick).
   */
  beforeCommit?: (round: EvaluationRound) => void | Promise<void>;
}

/** The periods one round of evaluation decided, about to be committed. */
export interface EvaluationRound {
  periods: ReadonlyArray<{ alarm: string; periodEnd: number }>;
}

interface DuePeriod {
  alarm: MetricAlarmDefinition;
  periodEnd: number;
  /** The alarm's evaluatedThrough when read (undefined: never evaluated). */
  expectedThrough: number | undefined;
  /** The alarm's state as read with it. */
  stored: StoredAlarmState;
}

/** The figures of the last tick an engine evaluated (written by the engine holding the lease, read by `/metrics`). */
export interface EngineTickFigures {
  startedAt: number;
  endedAt: number;
  durationMs: number;
  /** How long after the boundary it evaluated was due (period end + evaluationDelayMs) it finished. */
  lagMs: number;
}

export const engineTickKey = (prefix: string) => `${prefix}:alarms:engine`;

export async function readEngineTick(redis: Redis, prefix: string): Promise<EngineTickFigures | undefined> {
  const h = await redis.hgetall(engineTickKey(prefix));
  const f = [h.tickStartedAt, h.tickEndedAt, h.tickDurationMs, h.lagMs].map(Number);
  const [startedAt, endedAt, durationMs, lagMs] = f as [number, number, number, number];
  if (h.tickEndedAt === undefined || !f.every(Number.isFinite)) return undefined;
  return { startedAt, endedAt, durationMs, lagMs };
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

/** The id of a metric alarm's transition decided by its evaluation of the period ending at `tickMs`. */
export function transitionId(alarm: string, tickMs: number, newState: AlarmState): string {
  return `t-${createHash('sha256').update(`${alarm}\0${tickMs}\0${newState}`).digest('hex').slice(0, 24)}`;
}

/** The id of a composite's transition to `version` (versions are committed once each, so ids never repeat). */
export function compositeTransitionId(alarm: string, version: number, newState: AlarmState): string {
  return `t-${createHash('sha256').update(`${alarm}\0v${version}\0${newState}`).digest('hex').slice(0, 24)}`;
}

/**
 * Evaluates every metric alarm once per period. Every process may run an engine. Ticks follow the wall-clock
 * grid; at each, the engine holding the evaluation lease evaluates, for every alarm, each period that closed
 * since the alarm's `evaluatedThrough` (kept in Redis), in order. An evaluation is recorded only if that
 * cursor, the alarm's state and its version are still what it read, so each period is evaluated exactly once
 * even when a slow engine's lease lapses, a stale decision never commits, and a failed tick is retried by the
 * next. Band models train in the background. Transitions' actions go through an outbox that a sweeper drains
 * at every tick.
 */
export class AlarmEngine {
  private readonly now: () => number;
  private readonly bandModels: BandModels;
  private readonly ticks: TickSource;
  private readonly lease: RedisLease;
  private readonly sweeper: OutboxSweeper;
  private readonly maxCatchUpMs: number;
  private training: Promise<void> | undefined;
  private lastTrimMinute = -1;
  /** Ticks and evaluations on arrival run one at a time in this engine (the lease orders engines). */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: AlarmEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.bandModels = new BandModels(opts.redis, opts.prefix, opts.metrics);
    this.ticks = opts.ticks ?? new WallClockTicks(this.now, opts.evaluationDelayMs);
    this.maxCatchUpMs = opts.maxCatchUpMs ?? 300_000;
    const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.lease = new RedisLease(
      opts.redis,
      `${opts.prefix}:alarms:evaluator`,
      holder,
      opts.leaseMs ?? 10_000,
      this.now,
    );
    this.sweeper = new OutboxSweeper({
      store: opts.store,
      enqueueActions: opts.enqueueActions,
      lease: new RedisLease(opts.redis, `${opts.prefix}:alarms:outbox-sweeper`, holder, 30_000, this.now),
    });
  }

  async start(): Promise<void> {
    await this.registerConfigs();
    await this.sweeper.sweep({ all: true });
    this.ticks.start(() => this.tick());
  }

  /** Records each alarm's configuration; a new or changed one gets a ConfigurationUpdate history item. */
  async registerConfigs(): Promise<void> {
    for (const a of [...this.opts.alarms(), ...(this.opts.composites?.() ?? [])]) {
      const { source: _s, sourcePath: _p, ...rest } = a;
      const hash = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
      await this.opts.store.registerConfig(a.name, hash, JSON.stringify(rest));
    }
  }

  /** Stops ticking; resolves once the tick and the training in flight have finished. */
  async stop(): Promise<void> {
    await this.ticks.stop();
    await this.training;
  }

  /** Hands every transition in the outbox to the action queue now (also done at start and, continuously, by the sweeper). */
  async flushOutbox(): Promise<void> {
    await this.sweeper.sweep({ all: true });
  }

  /** One tick: catch up on every closed period, then deliver what the outbox still holds. Never throws. */
  private async tick(): Promise<void> {
    this.trainInBackground();
    const startedAt = this.now();
    try {
      const target = await this.serialised(() => this.evaluateClosedPeriods());
      if (target !== undefined) await this.recordTick(startedAt, target);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'alarm tick failed; the next tick retries what it did not finish');
    }
    try {
      await this.sweeper.sweep();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'outbox sweep failed; the next tick retries it');
    }
  }

  /** Runs `fn` after the tick or evaluation in progress in this engine. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn, fn);
    this.serial = run.catch(() => undefined);
    return run;
  }

  /**
   * Evaluation on arrival: evaluates each requested period now, ahead of its tick, when it is the alarm's next
   * period to evaluate and its series already holds `minSamples` datapoints (every run the schedule places in
   * it was recorded). The decision is the tick's own (same data, same rules, committed exactly once under the
   * same cursor); a datapoint arriving after it counts as late, as one arriving after `evaluationDelayMs` does.
   * Periods not complete, or not next, are left to the tick. Never throws.
   */
  async evaluateOnArrival(requests: ReadonlyArray<CompletionRequest>): Promise<AlarmTransition[]> {
    if (requests.length === 0) return [];
    try {
      return await this.serialised(async () => {
        if (!(await this.lease.acquire())) return [];
        try {
          const due = await this.completePeriods(requests);
          if (due.length === 0) return [];
          const committed = await this.evaluatePeriods(due);
          committed.push(...(await this.evaluateCompositeAlarms()));
          return committed;
        } finally {
          await this.lease.release();
        }
      });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'evaluation on arrival failed; the tick evaluates those periods');
      return [];
    }
  }

  /** The requested periods that are their alarm's next to evaluate and already hold their datapoints. */
  private async completePeriods(requests: ReadonlyArray<CompletionRequest>): Promise<DuePeriod[]> {
    const byName = new Map(this.opts.alarms().map((a) => [a.name, a]));
    const wanted = requests.flatMap((r) => {
      const alarm = byName.get(r.alarm);
      return alarm ? [{ ...r, alarm }] : [];
    });
    if (wanted.length === 0) return [];
    const states = await this.opts.store.getMany(wanted.map((w) => w.alarm.name));
    const next = wanted.flatMap((w, i) => {
      const stored = states[i] as StoredAlarmState;
      const periodMs = w.alarm.period * 1000;
      return stored.evaluatedThrough === w.periodEnd - periodMs ? [{ ...w, stored, periodMs }] : [];
    });
    if (next.length === 0) return [];
    const samples = await this.opts.metrics.samplesMany(
      next.map((w) => ({ series: w.alarm, start: w.periodEnd - w.periodMs, end: w.periodEnd })),
    );
    return next.flatMap((w, i): DuePeriod[] =>
      (samples[i]?.length ?? 0) >= w.minSamples
        ? [{ alarm: w.alarm, periodEnd: w.periodEnd, expectedThrough: w.stored.evaluatedThrough, stored: w.stored }]
        : [],
    );
  }

  private trainInBackground(): void {
    if (this.training) return;
    const band = this.opts.alarms().filter((a) => a.anomalyDetection);
    if (band.length === 0) return;
    this.training = this.bandModels
      .trainDue(band, closedTickAt(this.now(), this.opts.evaluationDelayMs))
      .then(
        () => undefined,
        (err: unknown) => log.warn({ err: (err as Error).message }, 'band model training failed'),
      )
      .finally(() => {
        this.training = undefined;
      });
  }

  /**
   * The last tick this engine evaluated, for `/metrics` (one small hash, `<prefix>:alarms:engine`): when it started
   * and ended, and its lag (how long after the boundary it evaluated was due, period end + evaluationDelayMs, it
   * finished). A failed write is logged and costs nothing else.
   */
  private async recordTick(startedAt: number, target: number): Promise<void> {
    const endedAt = this.now();
    const lagMs = Math.max(0, endedAt - (target + this.opts.evaluationDelayMs));
    await this.opts.redis
      .hset(engineTickKey(this.opts.prefix), {
        tickStartedAt: startedAt,
        tickEndedAt: endedAt,
        tickDurationMs: endedAt - startedAt,
        tickTarget: target,
        lagMs,
      })
      .catch((err: unknown) => log.debug({ err: (err as Error).message }, 'recording the tick figures failed'));
  }

  /**
   * Under the evaluation lease: every alarm's closed periods in order, composites after each round, reminders.
   * Returns the boundary evaluated through, or undefined when another engine holds the lease (or took it over).
   */
  private async evaluateClosedPeriods(): Promise<number | undefined> {
    if (!(await this.lease.acquire())) return undefined;
    try {
      const target = closedTickAt(this.now(), this.opts.evaluationDelayMs);
      for (let round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
        const due = await this.duePeriods(target);
        if (due.length === 0 && round > 0) break;
        await this.evaluatePeriods(due);
        await this.evaluateCompositeAlarms(target);
        if (due.length === 0) break;
        if (!(await this.lease.renew())) {
          log.warn({ tick: target }, 'another engine took over evaluation');
          return undefined;
        }
      }
      await this.sendReminders();
      await this.trimHistoryOncePerMinute(target);
      return target;
    } finally {
      await this.lease.release();
    }
  }

  /** For each alarm, the next period to evaluate if it has closed by `target`. */
  private async duePeriods(target: number): Promise<DuePeriod[]> {
    const alarms = this.opts.alarms();
    const states = await this.opts.store.getMany(alarms.map((a) => a.name));
    const due: DuePeriod[] = [];
    let skipped = 0;
    alarms.forEach((alarm, i) => {
      const periodMs = alarm.period * 1000;
      const latest = Math.floor(target / periodMs) * periodMs;
      const stored = states[i] as StoredAlarmState;
      const t = stored.evaluatedThrough;
      let next = t === undefined ? latest : (Math.floor(t / periodMs) + 1) * periodMs;
      if (next > latest) return;
      const oldest = Math.min(latest, Math.ceil((target - this.maxCatchUpMs) / periodMs) * periodMs);
      if (next < oldest) {
        skipped += (oldest - next) / periodMs;
        next = oldest;
      }
      due.push({ alarm, periodEnd: next, expectedThrough: t, stored });
    });
    if (skipped > 0)
      log.warn({ skipped, maxCatchUpMs: this.maxCatchUpMs }, 'periods older than maxCatchUpMs were not caught up');
    return due;
  }

  /**
   * Evaluates every alarm whose period ends at `tickMs` (unless that period was already evaluated), then every
   * composite, then reminders. For tests, benchmarks and one-off evaluations: it first trains the band models
   * due at `tickMs`, which scheduled ticks leave to the background.
   */
  async evaluateTick(tickMs: number): Promise<AlarmTransition[]> {
    const alarms = this.opts.alarms().filter((a) => tickMs % (a.period * 1000) === 0);
    await this.bandModels.trainDue(alarms, tickMs);
    const states = await this.opts.store.getMany(alarms.map((a) => a.name));
    const due = alarms.flatMap((alarm, i): DuePeriod[] => {
      const stored = states[i] as StoredAlarmState;
      const t = stored.evaluatedThrough;
      return t !== undefined && t >= tickMs ? [] : [{ alarm, periodEnd: tickMs, expectedThrough: t, stored }];
    });
    const committed = await this.evaluatePeriods(due);
    committed.push(...(await this.evaluateCompositeAlarms(tickMs)));
    await this.sendReminders();
    if (tickMs % 60_000 === 0) await this.trimHistory();
    return committed;
  }

  private async trimHistoryOncePerMinute(target: number): Promise<void> {
    const minute = Math.floor(target / 60_000);
    if (!this.opts.historyRetentionMs || minute === this.lastTrimMinute) return;
    this.lastTrimMinute = minute;
    const claim = `${this.opts.prefix}:alarms:trimmed:${minute}`;
    if ((await this.opts.redis.set(claim, '1', 'PX', 120_000, 'NX')) !== 'OK') return;
    await this.trimHistory();
  }

  private async trimHistory(): Promise<void> {
    if (!this.opts.historyRetentionMs) return;
    const names = [...this.opts.alarms(), ...(this.opts.composites?.() ?? [])].map((a) => a.name);
    await this.opts.store.trimHistory(names, new Date(this.now() - this.opts.historyRetentionMs).toISOString());
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
      if (n < 1) continue;
      const actions = actionsFor(alarm, 'ALARM');
      const t: AlarmTransition = {
        id: `${st.transitionId}-r${n}`,
        alarm: alarm.name,
        oldState: 'ALARM',
        newState: 'ALARM',
        kind: 'reminder',
        reason: `Reminder ${n}: still in ALARM since ${st.updatedAt}. ${st.reason}`,
        timestamp: new Date(this.now()).toISOString(),
        actions,
        version: st.version ?? 0,
      };
      if (!(await this.opts.store.claimReminder(alarm.name, st.transitionId, n, t))) continue;
      if (actions.length === 0) continue;
      await this.opts.store.addHistory(alarm.name, {
        timestamp: t.timestamp,
        type: 'Action',
        summary: `Reminder ${n} queued for ${actions.join(', ')}`,
        transitionId: t.id,
      });
      await this.deliver(t);
    }
  }

  /** Re-evaluates composites against the stored states (after a child changed state). */
  async evaluateCompositeAlarms(_tickMs?: number): Promise<AlarmTransition[]> {
    const composites = this.opts.composites?.() ?? [];
    if (composites.length === 0) return [];
    const names = [...new Set(composites.flatMap((c) => [c.name, ...c.children]))];
    const stored = await this.opts.store.getMany(names);
    const byStored = new Map(names.map((n, i) => [n, stored[i] as StoredAlarmState]));
    const states = new Map(names.map((n) => [n, (byStored.get(n) as StoredAlarmState).state]));
    const at = new Date(this.now()).toISOString();
    const byName = new Map(composites.map((c) => [c.name, c]));
    const transitions = evaluateComposites(composites, states).map((d): AlarmTransition => {
      const c = byName.get(d.name) as CompositeAlarmDefinition;
      const version = (byStored.get(d.name)?.version ?? 0) + 1;
      return {
        id: compositeTransitionId(d.name, version, d.newState),
        alarm: d.name,
        oldState: d.oldState,
        newState: d.newState,
        reason: d.reason,
        timestamp: at,
        actions: actionsFor(c, d.newState),
        kind: 'transition',
        version,
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
    const applied = await this.opts.store.commitTransitions(transitions);
    const committed = transitions.filter((_, i) => applied[i]);
    await this.afterCommit(committed);
    return committed;
  }

  /** Evaluates each alarm for its period and commits the evaluations (exactly once each) with their transitions. */
  private async evaluatePeriods(periods: ReadonlyArray<DuePeriod>): Promise<AlarmTransition[]> {
    if (periods.length === 0) return [];
    const ranges = periods.map((p) => evaluationRangeLength(p.alarm));
    const samples = await this.opts.metrics.samplesMany(
      periods.map((p, i) => ({
        series: p.alarm,
        start: p.periodEnd - (ranges[i] as number) * p.alarm.period * 1000,
        end: p.periodEnd,
      })),
    );
    await this.bandModels.load(periods.map((p) => p.alarm));
    // Sub-minute alarms short of datapoints: at what resolution does their series arrive (for the reason only)?
    const arrival = await this.opts.metrics.arrivalResolutions(
      periods.map((p, i) =>
        p.alarm.period < 60 && (samples[i]?.length ?? 0) < (ranges[i] as number) ? p.alarm : undefined,
      ),
    );
    let pending = periods.map((p, i) => ({
      ...p,
      range: ranges[i] as number,
      samples: samples[i] ?? [],
      arrivalSeconds: arrival[i],
    }));
    const committed: AlarmTransition[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      const states =
        attempt === 0 ? pending.map((p) => p.stored) : await this.opts.store.getMany(pending.map((p) => p.alarm.name));
      const at = new Date(this.now()).toISOString();
      const entries = pending.map((p, i) => this.decide(p, states[i] as StoredAlarmState, at));
      await this.linkRuns(entries.flatMap((e) => (e.transition ? [e.transition] : [])));
      await this.opts.beforeCommit?.({
        periods: pending.map((p) => ({ alarm: p.alarm.name, periodEnd: p.periodEnd })),
      });
      const again: typeof pending = [];
      // Batch by batch, each published and queued as soon as it is committed: a failure in a later batch
      // (which the next tick retries) cannot strand transitions an earlier batch committed.
      for (let from = 0; from < entries.length; from += COMMIT_BATCH) {
        const batch = entries.slice(from, from + COMMIT_BATCH);
        const outcomes = await this.opts.store.commitEvaluations(batch);
        const done: AlarmTransition[] = [];
        outcomes.forEach((o, i) => {
          const t = batch[i]?.transition;
          if (o === 'recorded' && t) done.push(t);
          if (o === 'state-moved') again.push(pending[from + i] as (typeof pending)[number]);
        });
        await this.afterCommit(done);
        committed.push(...done);
      }
      pending = again;
    }
    if (pending.length > 0)
      log.warn({ alarms: pending.map((p) => p.alarm.name) }, 'alarm states kept moving; evaluating them next tick');
    return committed;
  }

  private decide(
    p: DuePeriod & { range: number; samples: ReadonlyArray<Sample>; arrivalSeconds: number | undefined },
    stored: StoredAlarmState,
    at: string,
  ): EvaluationCommit {
    const { alarm, periodEnd, range } = p;
    const periodMs = alarm.period * 1000;
    const start = periodEnd - range * periodMs;
    const perPeriod: Array<PeriodStats | undefined> = Array.from({ length: range }, () => undefined);
    for (const s of aggregate(p.samples, periodMs)) {
      const idx = Math.round((s.timestamp - start) / periodMs);
      if (idx >= 0 && idx < range) perPeriod[idx] = s;
    }
    const current = stored.state;
    const version = stored.version ?? 0;
    const result = decideAlarm(alarm, perPeriod, start, current, this.bandModels.get(alarm), p.arrivalSeconds);
    const trace = {
      evaluatedAt: at,
      tick: new Date(periodEnd).toISOString(),
      previousState: current,
      ...result.trace,
      state: result.state,
      reason: result.reason,
      rule: result.rule,
      retained: result.retained,
    };
    const changes = !result.retained && result.state !== current;
    return {
      name: alarm.name,
      periodEnd,
      expectedThrough: p.expectedThrough,
      expectedState: current,
      expectedVersion: version,
      trace,
      at,
      ...(changes
        ? {
            transition: {
              id: transitionId(alarm.name, periodEnd, result.state),
              alarm: alarm.name,
              oldState: current,
              newState: result.state,
              reason: result.reason,
              timestamp: at,
              actions: actionsFor(alarm, result.state),
              kind: 'transition',
              version: version + 1,
            },
          }
        : {}),
    };
  }

  /** Links transitions of canary alarms to the canary's latest run. */
  private async linkRuns(transitions: ReadonlyArray<AlarmTransition>): Promise<void> {
    if (!this.opts.latestRunId || transitions.length === 0) return;
    const canaryOf = new Map(
      this.opts.alarms().map((a) => [a.name, a.namespace === CANARY_NAMESPACE ? a.dimensions.CanaryName : undefined]),
    );
    for (const t of transitions) {
      const canary = canaryOf.get(t.alarm);
      const runId = canary ? await this.opts.latestRunId(canary) : undefined;
      if (runId) t.runId = runId;
    }
  }

  /** Publishes committed transitions and hands their actions to the queue (the outbox keeps them if that fails). */
  private async afterCommit(committed: ReadonlyArray<AlarmTransition>): Promise<void> {
    for (const t of committed) {
      log.info(
        { alarm: t.alarm, from: t.oldState, to: t.newState, reason: t.reason, version: t.version },
        'alarm state changed',
      );
      try {
        await this.opts.onTransition?.(t);
      } catch (err) {
        log.warn({ err: (err as Error).message, alarm: t.alarm, transition: t.id }, 'onTransition hook failed');
      }
      await this.deliver(t);
    }
  }

  private async deliver(t: AlarmTransition): Promise<void> {
    if (t.actions.length === 0) return;
    try {
      await this.opts.enqueueActions(t);
      await this.opts.store.clearOutbox(t.id);
    } catch (err) {
      log.warn(
        { err: (err as Error).message, alarm: t.alarm, transition: t.id },
        'could not queue the actions; they stay in the outbox, which the sweeper delivers',
      );
    }
  }
}
