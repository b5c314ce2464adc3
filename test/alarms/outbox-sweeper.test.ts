import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { AlarmControl } from '../../alarms/alarm-control.ts';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { ManualTicks } from '../../alarms/tick-schedule.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmTransition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { shopErrorsAlarm } from '../support/shop-errors-alarm.ts';

const alarm = (name: string) => shopErrorsAlarm(name, { alarmActions: ['hook'], okActions: [] });

/** What Redis answers when it is out of memory: the fault an enqueue meets mid-tick. */
const oom = () => new Error('OOM command not allowed when used memory > maxmemory.');

describe('the outbox sweeper delivers every committed transition without a restart (real Redis, real queue)', () => {
  const prefix = testPrefix('sweeper');
  let redis: Redis;
  let hooks: WebhookReceiver;
  let dispatcher: ActionDispatcher;
  let store: AlarmStateStore;
  let metrics: MetricStore;
  const T0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  let now = T0;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    hooks = await startWebhookReceiver();
    store = new AlarmStateStore(redis, prefix);
    metrics = new MetricStore(redis, prefix);
    dispatcher = new ActionDispatcher({ connection: redis, prefix });
    // One job at a time, in queue order: once a later job's webhook arrived, every earlier job has run.
    dispatcher.startWorker({
      actions: () => ({ hook: { type: 'webhook', url: hooks.url, headers: {}, timeoutMs: 5000 } }),
      services: { providers: providerTable({}), log: createLogger('test') },
      recordHistory: (name, item) => store.addHistory(name, item),
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await dispatcher?.close();
    redis.disconnect();
    await hooks.close();
    await deletePrefix(prefix);
  });

  const received = (id: string) => hooks.messages.filter((m) => m.transitionId === id).length;

  it('an enqueue failing mid-tick leaves the rest of the tick in the outbox, and the sweeper delivers each once', async () => {
    const alarms = ['cart', 'search', 'login'].map(alarm);
    let broken = false;
    let calls = 0;
    const ticks = new ManualTicks();
    const engine = new AlarmEngine({
      redis,
      prefix,
      store,
      metrics,
      alarms: () => alarms,
      // The first enqueue of the tick succeeds; the rest fail, as when Redis runs out of memory mid-tick.
      enqueueActions: async (t) => {
        calls += 1;
        if (broken && calls > 1) throw oom();
        await dispatcher.enqueue(t);
      },
      evaluationDelayMs: 0,
      now: () => now,
      ticks,
    });
    await engine.start();
    now = T0 + 1_100;
    await ticks.fire(); // all three evaluated OK (no actions)
    await metrics.put(
      alarms.map((a) => ({
        namespace: 'Shop',
        metricName: 'Errors',
        dimensions: a.dimensions,
        timestamp: T0 + 1_300,
        value: 9,
        unit: 'Count',
      })),
    );
    broken = true;
    calls = 0;
    now = T0 + 2_100;
    await ticks.fire();
    for (const a of alarms) expect((await store.get(a.name)).state).toBe('ALARM');
    const waiting = await store.outbox();
    expect(waiting).toHaveLength(2);

    // Enqueueing works again: the engine's own next ticks deliver the rest, without a restart.
    broken = false;
    await waitFor('the outbox delivered', async () => {
      await ticks.fire();
      return waiting.every((w) => received(w.id) === 1);
    });
    expect(await store.outbox()).toEqual([]);
    const alarmTransitions = (await Promise.all(alarms.map((a) => store.history(a.name))))
      .flat()
      .filter((h) => h.type === 'StateUpdate' && h.newState === 'ALARM')
      .map((h) => h.transitionId as string);
    expect(alarmTransitions).toHaveLength(3);

    // Enqueueing a delivered transition again (a second sweeper, a retry) runs nothing twice.
    await dispatcher.enqueue(waiting[0]!);
    const sentinel: AlarmTransition = { ...waiting[1]!, id: 't-sentinel', alarm: 'sentinel' };
    await dispatcher.enqueue(sentinel);
    await waitFor('the sentinel webhook', () => received('t-sentinel') === 1);
    for (const id of alarmTransitions) expect(received(id)).toBe(1);
    await engine.stop();
  });

  it('set-state answers with the committed state when queueing fails, and the sweeper delivers its actions', async () => {
    const alarms = [alarm('checkout')];
    const ticks = new ManualTicks();
    const engine = new AlarmEngine({
      redis,
      prefix,
      store,
      metrics,
      alarms: () => alarms,
      enqueueActions: (t) => dispatcher.enqueue(t),
      evaluationDelayMs: 0,
      now: () => now,
      ticks,
    });
    await engine.start();
    const control = new AlarmControl(
      redis,
      prefix,
      store,
      () => alarms,
      async () => {
        throw new Error('READONLY You cannot write against a read only replica.');
      },
    );
    const t = await control.setState('checkout', 'ALARM', 'paging test');
    expect(t).toMatchObject({ oldState: 'INSUFFICIENT_DATA', newState: 'ALARM', kind: 'set-state', version: 1 });
    expect(await store.get('checkout')).toMatchObject({ state: 'ALARM', version: 1, transitionId: t?.id });
    expect((await store.outbox()).map((x) => x.id)).toEqual([t?.id]);

    // The engine's next ticks deliver it (no restart), once.
    await waitFor('the set-state webhook', async () => {
      await ticks.fire();
      return received(t!.id) === 1;
    });
    expect(await store.outbox()).toEqual([]);
    await engine.stop();
  });
});
