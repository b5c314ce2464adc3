import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmControl } from '../../alarms/alarm-control.ts';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import type { AlarmTransition, CompositeAlarmDefinition, MetricAlarmDefinition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { shopErrorsAlarm } from '../support/shop-errors-alarm.ts';

const metric = shopErrorsAlarm;

const composite = (
  name: string,
  alarmRule: string,
  children: string[],
  extra: Partial<CompositeAlarmDefinition> = {},
): CompositeAlarmDefinition => ({
  name,
  alarmRule,
  children,
  actionsEnabled: true,
  alarmActions: [`${name}-page`],
  okActions: [],
  insufficientDataActions: [],
  actionsSuppressorWaitPeriod: 0,
  actionsSuppressorExtensionPeriod: 0,
  source: 'test',
  sourcePath: 'compositeAlarms[0]',
  ...extra,
});

describe('composite alarms, set-state and reminders in the engine (real Redis)', () => {
  const prefix = testPrefix('composite');
  let redis: Redis;
  let store: AlarmStateStore;
  let metrics: MetricStore;
  const enqueued: AlarmTransition[] = [];
  let now = 0;
  const T0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;

  const put = (service: string, value: number, at: number) =>
    metrics.put([
      {
        namespace: 'Shop',
        metricName: 'Errors',
        dimensions: { Service: service },
        timestamp: at,
        value,
        unit: 'Count',
      },
    ]);

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    store = new AlarmStateStore(redis, prefix);
    metrics = new MetricStore(redis, prefix);
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  const engineFor = (alarms: MetricAlarmDefinition[], composites: CompositeAlarmDefinition[]) =>
    new AlarmEngine({
      redis,
      prefix,
      store,
      metrics,
      alarms: () => alarms,
      composites: () => composites,
      enqueueActions: async (t) => void enqueued.push(t),
      evaluationDelayMs: 0,
      now: () => now,
    });

  it('re-evaluates a composite in the same tick as its child changes, naming the child', async () => {
    const alarms = [metric('cart-errors'), metric('deploying')];
    const composites = [
      composite('cart-down', 'ALARM("cart-errors") AND NOT ALARM("deploying")', ['cart-errors', 'deploying']),
      composite('shop-down', 'ALARM(cart-down) OR ALARM("deploying")', ['cart-down', 'deploying']),
    ];
    const engine = engineFor(alarms, composites);
    now = T0 + 100;
    let changed = await engine.evaluateTick(T0);
    expect(changed.map((t) => `${t.alarm}:${t.newState}`).sort()).toEqual([
      'cart-down:OK',
      'cart-errors:OK',
      'deploying:OK',
      'shop-down:OK',
    ]);

    await put('cart-errors', 7, T0 + 300);
    now = T0 + 1100;
    changed = await engine.evaluateTick(T0 + 1000);
    expect(changed.map((t) => `${t.alarm}:${t.newState}`)).toEqual([
      'cart-errors:ALARM',
      'cart-down:ALARM',
      'shop-down:ALARM',
    ]);
    const cartDown = changed.find((t) => t.alarm === 'cart-down');
    expect(cartDown?.reason).toMatch(/because of cart-errors \(ALARM\)/);
    expect(cartDown?.actions).toEqual(['cart-down-page']);
    expect((await store.get('shop-down')).state).toBe('ALARM');
  });

  it('set-state changes the state, queues its actions, and the next evaluation decides again', async () => {
    const alarms = [metric('api-latency')];
    const engine = engineFor(alarms, []);
    const control = new AlarmControl(
      redis,
      prefix,
      store,
      () => alarms,
      async (t) => void enqueued.push(t),
    );
    now = T0 + 10_100;
    await engine.evaluateTick(T0 + 10_000);
    expect((await store.get('api-latency')).state).toBe('OK');
    const t = await control.setState('api-latency', 'ALARM', 'testing the pager');
    expect(t).toMatchObject({ oldState: 'OK', newState: 'ALARM', kind: 'set-state', actions: ['api-latency-page'] });
    expect(enqueued.at(-1)?.id).toBe(t?.id);
    expect((await store.history('api-latency', 1))[0]).toMatchObject({
      type: 'StateUpdate',
      newState: 'ALARM',
      reason: 'set-state: testing the pager',
    });
    now = T0 + 11_100;
    const back = await engine.evaluateTick(T0 + 11_000);
    expect(back.map((x) => `${x.alarm}:${x.oldState}->${x.newState}`)).toEqual(['api-latency:ALARM->OK']);
    expect(await control.setState('api-latency', 'OK', 'no-op')).toBeUndefined();
    await expect(control.setState('nope', 'OK', 'x')).rejects.toThrow(/unknown alarm "nope"/);
  });

  it('sends one reminder per interval while an alarm stays in ALARM', async () => {
    const alarms = [metric('disk-full', { reminderInterval: 2 })];
    const engine = engineFor(alarms, []);
    for (let s = 20; s < 27; s++) await put('disk-full', 9, T0 + s * 1000 + 10);
    const reminders = () => enqueued.filter((t) => t.alarm === 'disk-full' && t.kind === 'reminder');
    for (let s = 21; s <= 27; s++) {
      now = T0 + s * 1000 + 100;
      await engine.evaluateTick(T0 + s * 1000);
      await engine.evaluateTick(T0 + s * 1000); // a second engine on the same tick must not remind again
    }
    const r = reminders();
    expect(r.map((t) => t.id.split('-r').pop())).toEqual(['1', '2', '3']);
    expect(r[0]?.actions).toEqual(['disk-full-page']);
    expect(r[0]?.reason).toMatch(/^Reminder 1: still in ALARM since/);
  });
});
