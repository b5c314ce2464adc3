import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { completionRequests } from '../../alarms/complete-periods.ts';
import { ManualTicks } from '../../alarms/tick-schedule.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';
import { parseSchedule } from '../../core/schedule.ts';
import type { MetricAlarmDefinition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { shopErrorsAlarm } from '../support/shop-errors-alarm.ts';

/** A canary alarm as the config resolves one: SuccessPercent < 100 over 1 s, M of N where asked. */
const canaryAlarm = (name: string, extra: Partial<MetricAlarmDefinition> = {}): MetricAlarmDefinition =>
  shopErrorsAlarm(name, {
    namespace: CANARY_NAMESPACE,
    metricName: 'SuccessPercent',
    dimensions: { CanaryName: 'shop' },
    statistic: 'Average',
    threshold: 100,
    comparisonOperator: 'LessThanThreshold',
    treatMissingData: 'missing',
    ...extra,
  });

const ALARMS = [
  canaryAlarm('one-of-one'),
  canaryAlarm('two-of-three', { evaluationPeriods: 3, datapointsToAlarm: 2 }),
  canaryAlarm('breaching-gaps', { evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: 'breaching' }),
];
const SECONDS = 30;
const DELAY = 150;
const T0 = Math.floor(Date.now() / 10_000) * 10_000 - 120_000;
/** Whether the run of second `s` passed: a flapping pattern with a few runs missing (s % 13 === 5). */
const passed = (s: number) => !((s * 7) % 5 === 0 || s % 11 < 2);
const missing = (s: number) => s % 13 === 5;

interface Trace {
  tick: string;
  state: string;
  reason: string;
}

class Harness {
  now = T0;
  readonly redis = new Redis(TEST_REDIS_URL);
  readonly prefix: string;
  readonly store: AlarmStateStore;
  readonly metrics: MetricStore;
  readonly ticks = new ManualTicks();
  readonly engine: AlarmEngine;

  constructor(label: string) {
    this.prefix = testPrefix(label);
    this.store = new AlarmStateStore(this.redis, this.prefix, 10_000, 10_000);
    this.metrics = new MetricStore(this.redis, this.prefix);
    this.engine = new AlarmEngine({
      redis: this.redis,
      prefix: this.prefix,
      store: this.store,
      metrics: this.metrics,
      alarms: () => ALARMS,
      enqueueActions: async () => undefined,
      evaluationDelayMs: DELAY,
      now: () => this.now,
      ticks: this.ticks,
    });
  }

  /** The run of second `s` ends 400 ms into it and publishes its datapoint (unless that run is missing). */
  async run(s: number): Promise<void> {
    this.now = T0 + s * 1000 + 400;
    if (missing(s)) return;
    await this.metrics.put([
      {
        namespace: CANARY_NAMESPACE,
        metricName: 'SuccessPercent',
        dimensions: { CanaryName: 'shop' },
        timestamp: this.now,
        value: passed(s) ? 100 : 0,
        unit: 'Percent',
      },
    ]);
  }

  /** The tick after second `s` closed. */
  async tickAfter(s: number): Promise<void> {
    this.now = T0 + (s + 1) * 1000 + DELAY + 10;
    await this.ticks.fire();
  }

  async traces(name: string): Promise<Trace[]> {
    return ((await this.store.evaluations(name, 10_000)) as Trace[]).reverse();
  }

  async close(): Promise<void> {
    await this.engine.stop();
    this.redis.disconnect();
    await deletePrefix(this.prefix);
  }
}

const canaries = [{ name: 'shop', schedule: parseSchedule('rate(1 second)') }];

describe('evaluation on arrival', () => {
  const early = new Harness('arrival');
  const timer = new Harness('arrival-ref');
  afterAll(async () => {
    await early.close();
    await timer.close();
  });

  it('decides every period exactly as the tick does, each once, before the period closes when its run is in', async () => {
    await early.engine.start();
    await timer.engine.start();
    // Both engines start evaluating with the period of second 0 (the first tick evaluates the latest period).
    await early.tickAfter(0);
    await timer.tickAfter(0);
    let onArrival = 0;
    for (let s = 1; s <= SECONDS; s++) {
      await early.run(s);
      await timer.run(s);
      if (!missing(s)) {
        const start = T0 + s * 1000;
        const requests = completionRequests(
          { canary: 'shop', startedAt: start + 5, endedAt: early.now, published: true },
          canaries,
          ALARMS,
        );
        expect(requests.map((r) => r.periodEnd)).toEqual(ALARMS.map(() => start + 1000));
        const before = (await early.traces('one-of-one')).length;
        await early.engine.evaluateOnArrival(requests);
        // Decided while the clock is still inside the period: the run completed it.
        expect((await early.traces('one-of-one')).length).toBe(before + 1);
        onArrival++;
      }
      await early.tickAfter(s);
      await timer.tickAfter(s);
    }
    expect(onArrival).toBeGreaterThan(SECONDS / 2);
    for (const a of ALARMS) {
      const got = await early.traces(a.name);
      const want = await timer.traces(a.name);
      expect(got.map((t) => t.tick)).toEqual(want.map((t) => t.tick)); // every period once, none skipped
      expect(got.map((t) => [t.state, t.reason])).toEqual(want.map((t) => [t.state, t.reason]));
    }
    // The series flaps: the equivalence covered transitions both ways.
    const states = new Set((await timer.traces('one-of-one')).map((t) => t.state));
    expect(states.has('OK') && states.has('ALARM')).toBe(true);
  });

  it('leaves a period to the tick when its runs are not all in, or an earlier period is still unevaluated', async () => {
    const h = new Harness('arrival-gaps');
    try {
      await h.engine.start();
      await h.tickAfter(0);
      await h.run(1);
      const end = T0 + 2000;
      // Two runs expected (a 2 s alarm on a 1 s rate), one recorded: not complete.
      expect(await h.engine.evaluateOnArrival([{ alarm: 'one-of-one', periodEnd: end, minSamples: 2 }])).toEqual([]);
      // The period after next: the period ending at `end` has not been evaluated yet.
      expect(await h.engine.evaluateOnArrival([{ alarm: 'one-of-one', periodEnd: end + 1000, minSamples: 0 }])).toEqual(
        [],
      );
      expect((await h.traces('one-of-one')).map((t) => t.tick)).toEqual([new Date(T0 + 1000).toISOString()]);
      await h.tickAfter(1);
      expect((await h.traces('one-of-one')).map((t) => t.tick)).toEqual(
        [1, 2].map((s) => new Date(T0 + s * 1000).toISOString()),
      );
    } finally {
      await h.close();
    }
  });
});

describe('completionRequests', () => {
  const alarm = (name: string, period: number, canary = 'shop') =>
    canaryAlarm(name, { period, dimensions: { CanaryName: canary } });
  const run = { canary: 'shop', startedAt: 10_000, endedAt: 10_400, published: true };

  it('asks for one datapoint per scheduled run in the period the run started and ended in', () => {
    const sched = (expr: string) => [{ name: 'shop', schedule: parseSchedule(expr) }];
    expect(completionRequests(run, sched('rate(1 second)'), [alarm('a', 1), alarm('b', 10)])).toEqual([
      { alarm: 'a', periodEnd: 11_000, minSamples: 1 },
      { alarm: 'b', periodEnd: 20_000, minSamples: 10 },
    ]);
    expect(completionRequests(run, sched('rate(2 seconds)'), [alarm('a', 1), alarm('b', 4)])).toEqual([
      { alarm: 'b', periodEnd: 12_000, minSamples: 2 },
    ]);
  });

  it('asks for nothing it cannot count on', () => {
    const sched = [{ name: 'shop', schedule: parseSchedule('rate(1 second)') }];
    expect(completionRequests({ ...run, endedAt: 11_050 }, sched, [alarm('a', 1)])).toEqual([]); // ended in the next period
    expect(completionRequests({ ...run, published: false }, sched, [alarm('a', 1)])).toEqual([]); // ERROR run
    expect(completionRequests(run, sched, [alarm('other', 1, 'cart'), shopErrorsAlarm('x')])).toEqual([]);
    const cron = [{ name: 'shop', schedule: parseSchedule('cron(0/5 * * * ? *)') }];
    expect(completionRequests(run, cron, [alarm('a', 60)])).toEqual([]);
  });
});
