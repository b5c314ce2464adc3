import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmControl } from '../../alarms/alarm-control.ts';
import { AlarmEngine, type EvaluationRound } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { ManualTicks } from '../../alarms/tick-schedule.ts';
import type { AlarmTransition, MetricAlarmDefinition, MetricDatum } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { shopErrorsAlarm } from '../support/shop-errors-alarm.ts';

const alarm = shopErrorsAlarm;

const ALARMS = [
  alarm('fast', {}),
  alarm('m-of-n', { evaluationPeriods: 3, datapointsToAlarm: 2 }),
  alarm('every-2s', { period: 2, statistic: 'Maximum' }),
  alarm('every-5s', { period: 5, threshold: 15, treatMissingData: 'missing' }),
];
const SECONDS = 40;
const DELAY = 50;
// A grid origin on a 10-second boundary, in the past, so that every period of every alarm lines up with it.
const T0 = Math.floor(Date.now() / 10_000) * 10_000 - 120_000;
/** The clock at second `s`: just after the period ending at T0 + s seconds closed (and its delay passed). */
const at = (s: number) => T0 + s * 1000 + DELAY + 50;

/** Errors that flap: a different pattern per alarm, so each goes to ALARM and back several times. */
function data(): MetricDatum[] {
  return ALARMS.flatMap((a, k) =>
    Array.from({ length: SECONDS + 1 }, (_, s) => ({
      namespace: 'Shop',
      metricName: 'Errors',
      dimensions: a.dimensions,
      timestamp: T0 + s * 1000 + 300,
      value: (s * 7 + k * 3) % 5 === 0 || (s + k) % 11 < 2 ? 10 : 1,
      unit: 'Count' as const,
    })),
  );
}

interface Trace {
  tick: string;
  state: string;
  previousState: string;
}

/** Steps engine ticks on a shared, test-controlled clock. */
class Harness {
  now = T0;
  readonly clients: Redis[] = [];
  readonly enqueued: AlarmTransition[] = [];

  constructor(readonly prefix: string) {}

  store(redis: Redis): AlarmStateStore {
    return new AlarmStateStore(redis, this.prefix, 10_000, 10_000);
  }

  engine(beforeCommit?: (round: EvaluationRound) => Promise<void>): { engine: AlarmEngine; ticks: ManualTicks } {
    const redis = new Redis(TEST_REDIS_URL);
    this.clients.push(redis);
    const ticks = new ManualTicks();
    const engine = new AlarmEngine({
      redis,
      prefix: this.prefix,
      store: this.store(redis),
      metrics: new MetricStore(redis, this.prefix),
      alarms: () => ALARMS,
      enqueueActions: async (t) => void this.enqueued.push(t),
      evaluationDelayMs: DELAY,
      now: () => this.now,
      ticks,
      leaseMs: 3_000,
      ...(beforeCommit ? { beforeCommit } : {}),
    });
    return { engine, ticks };
  }

  async seed(): Promise<void> {
    const redis = new Redis(TEST_REDIS_URL);
    this.clients.push(redis);
    await new MetricStore(redis, this.prefix).put(data());
  }

  /** Evaluations per alarm, oldest first. */
  async traces(): Promise<Map<string, Trace[]>> {
    const store = this.store(this.clients[0] as Redis);
    const out = new Map<string, Trace[]>();
    for (const a of ALARMS) out.set(a.name, ((await store.evaluations(a.name, 10_000)) as Trace[]).reverse());
    return out;
  }

  close(): void {
    for (const c of this.clients) c.disconnect();
  }
}

/** Every period end of `a` from the first evaluated one through the period closed at second `last`. */
function expectedTicks(a: MetricAlarmDefinition, last: number): string[] {
  const p = a.period * 1000;
  const first = Math.floor((T0 + 1000) / p) * p; // the first tick (second 1) evaluates each alarm's latest period
  const out: string[] = [];
  for (let t = first; t <= T0 + last * 1000; t += p) out.push(new Date(t).toISOString());
  return out;
}

/** A promise and its resolver, to hold an engine inside its evaluation until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe('two alarm engines on one Redis: every period evaluated exactly once, in order, whatever the faults', () => {
  const faulty = new Harness(testPrefix('catchup'));
  const reference = new Harness(testPrefix('catchup-ref'));
  beforeAll(async () => {
    await faulty.seed();
    await reference.seed();
  });
  afterAll(async () => {
    faulty.close();
    reference.close();
    await deletePrefix(faulty.prefix);
    await deletePrefix(reference.prefix);
  });

  it('skipped seconds, a slow engine overtaken, a failing tick: same decisions as one engine ticking every second', async () => {
    // The reference: one engine, one tick per second, no faults.
    const ref = reference.engine();
    await ref.engine.start();
    for (let s = 1; s <= SECONDS; s++) {
      reference.now = at(s);
      await ref.ticks.fire();
    }
    await ref.engine.stop();

    // Engine A can be held inside its evaluation (after deciding, before committing); engine B can fail a tick.
    let holdA: ReturnType<typeof gate> | undefined;
    let heldA: (() => void) | undefined;
    const a = faulty.engine(async () => {
      if (!holdA) return;
      heldA?.();
      await holdA.wait;
    });
    let failB = false;
    const b = faulty.engine(async () => {
      if (!failB) return;
      failB = false;
      throw new Error('injected fault in the middle of a tick');
    });
    await Promise.all([a.engine.start(), b.engine.start()]);
    const both = () => Promise.all([a.ticks.fire(), b.ticks.fire()]);

    for (let s = 1; s <= 4; s++) {
      faulty.now = at(s);
      await both();
    }
    // Seconds 5 and 6 close before the next tick (a tick that overran): the next tick catches up on both.
    faulty.now = at(7);
    await b.ticks.fire();

    // A claims second 8 and stalls before committing; B cannot evaluate while A's lease holds.
    faulty.now = at(8);
    holdA = gate();
    const reached = new Promise<void>((r) => (heldA = r));
    const stalled = a.ticks.fire();
    await reached;
    await b.ticks.fire();
    // A's lease lapses (3 s); B takes over and evaluates seconds 8 to 12, including the one A decided.
    faulty.now = at(12);
    await b.ticks.fire();
    const before = await faulty.traces();
    expect(before.get('fast')?.at(-1)?.tick).toBe(new Date(T0 + 12_000).toISOString());
    // A wakes up with its decisions for second 8: they are refused, nothing is recorded twice.
    holdA.open();
    holdA = undefined;
    await stalled;

    // B fails in the middle of the tick for second 13; nothing of it is lost: the next tick retries it.
    faulty.now = at(13);
    failB = true;
    await b.ticks.fire();
    faulty.now = at(14);
    await both();

    for (let s = 15; s <= SECONDS; s += s % 4 === 0 ? 3 : 1) {
      faulty.now = at(s);
      await both();
    }
    faulty.now = at(SECONDS);
    await both();
    await Promise.all([a.engine.stop(), b.engine.stop()]);

    const traces = await faulty.traces();
    const refTraces = await reference.traces();
    for (const def of ALARMS) {
      const got = traces.get(def.name) ?? [];
      // Exactly once each, in order, with no period missing.
      expect(got.map((t) => t.tick)).toEqual(expectedTicks(def, SECONDS));
      // The same decision, period by period, as the engine that never met a fault.
      expect(got.map((t) => `${t.tick} ${t.previousState}->${t.state}`)).toEqual(
        (refTraces.get(def.name) ?? []).map((t) => `${t.tick} ${t.previousState}->${t.state}`),
      );
    }
    // Every transition committed once, with versions 1, 2, 3… per alarm, and the flapping did happen.
    const ids = faulty.enqueued.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const def of ALARMS) {
      const versions = faulty.enqueued.filter((t) => t.alarm === def.name).map((t) => t.version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(versions.length).toBeGreaterThan(2);
    }
    expect(faulty.enqueued.map((t) => `${t.alarm} ${t.id} ${t.version}`).sort()).toEqual(
      reference.enqueued.map((t) => `${t.alarm} ${t.id} ${t.version}`).sort(),
    );
  });
});

describe('a decision made from an older version never commits', () => {
  const prefix = testPrefix('stale');
  let redis: Redis;
  let store: AlarmStateStore;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    store = new AlarmStateStore(redis, prefix);
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  const transition = (extra: Partial<AlarmTransition>): AlarmTransition => ({
    id: 't-x',
    alarm: 'api',
    oldState: 'INSUFFICIENT_DATA',
    newState: 'ALARM',
    reason: 'r',
    timestamp: new Date().toISOString(),
    actions: [],
    ...extra,
  });

  it('refuses a transition or an evaluation whose version (or period) is no longer the latest', async () => {
    expect(await store.currentVersion('api')).toBe(0);
    expect(await store.commitTransition(transition({ id: 't-1', version: 1 }))).toBe(true);
    expect(await store.currentVersion('api')).toBe(1);
    // A slow evaluator that read version 0 and decides ALARM -> OK: refused even though the state matches.
    expect(
      await store.commitTransition(transition({ id: 't-old', oldState: 'ALARM', newState: 'OK', version: 1 })),
    ).toBe(false);
    expect(await store.commitTransition(transition({ id: 't-2', oldState: 'ALARM', newState: 'OK', version: 2 }))).toBe(
      true,
    );
    expect(await store.get('api')).toMatchObject({ state: 'OK', version: 2, transitionId: 't-2' });
    expect(await store.isLatest(transition({ id: 't-1', version: 1 }))).toBe(false);
    expect(await store.isLatest(transition({ id: 't-2', version: 2 }))).toBe(true);

    const evaluation = {
      name: 'api',
      periodEnd: 1_000,
      expectedThrough: undefined,
      expectedState: 'OK' as const,
      trace: { tick: 'p1' },
      at: new Date().toISOString(),
    };
    expect(await store.commitEvaluations([{ ...evaluation, expectedVersion: 1 }])).toEqual(['state-moved']);
    expect(
      await store.commitEvaluations([
        {
          ...evaluation,
          expectedVersion: 2,
          transition: transition({ id: 't-3', oldState: 'OK', newState: 'ALARM', version: 3 }),
        },
      ]),
    ).toEqual(['recorded']);
    // The same period again (a second engine): already evaluated, nothing written.
    expect(await store.commitEvaluations([{ ...evaluation, expectedState: 'ALARM', expectedVersion: 3 }])).toEqual([
      'already-evaluated',
    ]);
    expect(await store.get('api')).toMatchObject({ state: 'ALARM', version: 3, transitionId: 't-3' });
    expect(await store.evaluations('api')).toEqual([{ tick: 'p1' }]);
  });

  it('an engine held between deciding and committing decides again after a set-state moved the version', async () => {
    const def = alarm('checkout', {});
    const metrics = new MetricStore(redis, prefix);
    const T = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    await metrics.put([
      {
        namespace: 'Shop',
        metricName: 'Errors',
        dimensions: def.dimensions,
        timestamp: T - 700,
        value: 9,
        unit: 'Count',
      },
    ]);
    const enqueued: AlarmTransition[] = [];
    let hold: ReturnType<typeof gate> | undefined;
    let held: (() => void) | undefined;
    const ticks = new ManualTicks();
    const engine = new AlarmEngine({
      redis,
      prefix,
      store,
      metrics,
      alarms: () => [def],
      enqueueActions: async (t) => void enqueued.push(t),
      evaluationDelayMs: 0,
      now: () => T + 100,
      ticks,
      beforeCommit: async () => {
        if (!hold) return;
        const h = hold;
        hold = undefined;
        held?.();
        await h.wait;
      },
    });
    await engine.start();
    hold = gate();
    const opened = hold;
    const reached = new Promise<void>((r) => (held = r));
    const tick = ticks.fire();
    await reached; // decided INSUFFICIENT_DATA -> ALARM from version 0
    const control = new AlarmControl(
      redis,
      prefix,
      store,
      () => [def],
      async (t) => void enqueued.push(t),
    );
    // Meanwhile an operator sets OK, then INSUFFICIENT_DATA again: the state is back to what the held
    // decision was made from, but the version has moved on twice.
    expect((await control.setState('checkout', 'OK', 'operator'))?.version).toBe(1);
    expect((await control.setState('checkout', 'INSUFFICIENT_DATA', 'operator'))?.version).toBe(2);
    opened.open();
    await tick;
    await engine.stop();
    // The held decision (from version 0) was refused and decided again from version 2.
    const last = enqueued.at(-1) as AlarmTransition;
    expect(enqueued.map((t) => `${t.kind} ${t.oldState}->${t.newState} v${t.version}`)).toEqual([
      'set-state INSUFFICIENT_DATA->OK v1',
      'transition INSUFFICIENT_DATA->ALARM v3',
    ]);
    expect(await store.get('checkout')).toMatchObject({ state: 'ALARM', version: 3, transitionId: last.id });
    expect(await store.isLatest(last)).toBe(true);
    const traces = (await store.evaluations('checkout')) as Trace[];
    expect(traces.map((t) => `${t.previousState}->${t.state}`)).toEqual(['INSUFFICIENT_DATA->ALARM']);
  });
});
