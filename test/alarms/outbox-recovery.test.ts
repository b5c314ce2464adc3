import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { AlarmEngine } from '../../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmTransition } from '../../core/types.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitForActionsSettled } from '../support/action-queue.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

describe('actions survive a crash between a transition and its enqueue, and never run twice', () => {
  const prefix = testPrefix('outbox');
  let redis: Redis;
  let hooks: WebhookReceiver;
  let dispatcher: ActionDispatcher;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await dispatcher?.close();
    redis.disconnect();
    await hooks.close();
    await deletePrefix(prefix);
  });

  it('re-enqueues the outbox on start, and a transition enqueued twice is delivered once', async () => {
    const store = new AlarmStateStore(redis, prefix);
    const t: AlarmTransition = {
      id: 't-crash-1',
      alarm: 'www-down',
      oldState: 'INSUFFICIENT_DATA',
      newState: 'ALARM',
      reason: 'r',
      timestamp: new Date().toISOString(),
      actions: ['hook'],
    };
    // The process "crashes" right after committing: the transition is in Redis with its actions in the outbox.
    expect(await store.commitTransition(t)).toBe(true);
    expect((await store.outbox()).map((x) => x.id)).toEqual(['t-crash-1']);

    dispatcher = new ActionDispatcher({ connection: redis, prefix });
    dispatcher.startWorker({
      actions: () => ({ hook: { type: 'webhook', url: hooks.url, headers: {}, timeoutMs: 5000 } }),
      services: { providers: providerTable({}), log: createLogger('test') },
      recordHistory: (alarm, item) => store.addHistory(alarm, item),
    });
    const engine = new AlarmEngine({
      redis,
      prefix,
      store,
      metrics: new MetricStore(redis, prefix),
      alarms: () => [],
      enqueueActions: (x) => dispatcher.enqueue(x),
      evaluationDelayMs: 0,
    });
    await engine.flushOutbox();
    await dispatcher.enqueue(t); // a retry of the same transition
    await engine.flushOutbox();
    await waitFor('the webhook', () => hooks.messages.length >= 1);
    // Nothing that was enqueued is left to run: a second delivery can no longer come.
    await waitForActionsSettled(prefix);
    expect(hooks.messages.map((m) => m.transitionId)).toEqual(['t-crash-1']);
    expect(await store.outbox()).toEqual([]);
    expect(
      (await store.history('www-down')).some(
        (h) => h.type === 'Action' && /Successfully executed action hook/.test(h.summary),
      ),
    ).toBe(true);
  });
});
