import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_QUEUE, ActionDispatcher } from '../../actions/action-dispatcher.ts';
import type { ActionExecuted, CanaryEvent, EventPublisher } from '../../core/events.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmHistoryItem, AlarmTransition } from '../../core/types.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { demoConfig } from '../dns/helpers.ts';
import { closedPort } from '../support/closed-port.ts';
import { MemoryDnsProvider } from '../support/memory-dns-provider.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/** An EventPublisher that keeps what it was given (the Redis stream is another module's). */
class RecordingPublisher implements EventPublisher {
  readonly events: CanaryEvent[] = [];
  async publish(e: CanaryEvent): Promise<void> {
    this.events.push(e);
  }
  executed(action: string): ActionExecuted[] {
    return this.events.filter((e): e is ActionExecuted => e.type === 'ActionExecuted' && e.action === action);
  }
}

let n = 0;
const transition = (actions: string[], extra: Partial<AlarmTransition> = {}): AlarmTransition => ({
  id: `tr-${++n}`,
  alarm: 'www-down',
  oldState: 'OK',
  newState: 'ALARM',
  reason: 'Threshold Crossed',
  timestamp: new Date().toISOString(),
  actions,
  ...extra,
});

describe('the action dispatcher runs the pipeline on a durable queue', () => {
  const prefix = testPrefix('dispatch');
  let redis: Redis;
  let hooks: WebhookReceiver;
  let dead: string;
  let dispatcher: ActionDispatcher | undefined;
  let events: RecordingPublisher;
  let history: Array<{ alarm: string; item: AlarmHistoryItem }>;
  const dns = new MemoryDnsProvider({ zones: demoConfig.zones });

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    hooks = await startWebhookReceiver();
    dead = `http://127.0.0.1:${await closedPort()}/hook`;
  });
  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
  });
  afterAll(async () => {
    redis.disconnect();
    await hooks.close();
    await deletePrefix(prefix);
  });

  const start = (
    opts: { attempts?: number; recordHistory?: (alarm: string, item: AlarmHistoryItem) => Promise<void> } = {},
  ) => {
    events = new RecordingPublisher();
    history = [];
    const d = new ActionDispatcher({ connection: redis, prefix, attempts: opts.attempts ?? 2 });
    d.startWorker({
      actions: () => ({
        hook: { type: 'webhook', url: hooks.url, headers: {}, timeoutMs: 5_000 },
        down: { type: 'webhook', url: dead, headers: {}, timeoutMs: 5_000 },
        failover: { type: 'dns-failover', record: 'www.demo.test' },
        typo: { type: 'dns-failover', record: 'static.demo.test' },
      }),
      services: { providers: providerTable({ dns: { builtin: dns } }), log: createLogger('test') },
      recordHistory: opts.recordHistory ?? (async (alarm, item) => void history.push({ alarm, item })),
      events,
    });
    dispatcher = d;
    return d;
  };
  const summaries = () => history.map((h) => h.item.summary);

  it('executes, audits the outcome in the history and publishes ActionExecuted', async () => {
    const d = start();
    const t = transition(['hook', 'failover']);
    await d.enqueue(t);
    await waitFor('both events', () => events.events.length === 2);
    expect(events.executed('hook')).toEqual([
      {
        type: 'ActionExecuted',
        alarm: 'www-down',
        action: 'hook',
        actionType: 'webhook',
        transitionId: t.id,
        newState: 'ALARM',
        status: 'done',
        detail: `POST ${hooks.url} → HTTP 200`,
        attempt: 1,
      },
    ]);
    expect(events.executed('failover')[0]).toMatchObject({ actionType: 'dns-failover', status: 'done' });
    expect(summaries()).toEqual(
      expect.arrayContaining([
        `Successfully executed action hook: POST ${hooks.url} → HTTP 200`,
        expect.stringMatching(/^Successfully executed action failover: www\.demo\.test now serves secondary/),
      ]),
    );
    const failover = history.find((h) => h.item.data?.action === 'failover')?.item;
    expect(failover).toMatchObject({ type: 'Action', transitionId: t.id });
    // The provider's facts go into the audit: when it was issued, and when and by whom it was served.
    expect(failover?.data).toMatchObject({ status: 'done', issuedAt: expect.any(String), servedBy: 'memory' });
  });

  it('a failure that retrying cannot fix is final at once: one attempt, one history item, one event', async () => {
    const d = start({ attempts: 3 });
    const t = transition(['typo', 'missing']);
    await d.enqueue(t);
    await waitFor('both failures', () => events.events.length === 2);
    expect(events.executed('typo')).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempt: 1,
        detail: 'static.demo.test is not a configured failover record',
      }),
    ]);
    expect(events.executed('missing')).toEqual([
      expect.objectContaining({ status: 'failed', actionType: 'unknown', detail: 'not configured' }),
    ]);
    expect(summaries().sort()).toEqual([
      'Failed to execute action missing: not configured',
      'Failed to execute action typo: static.demo.test is not a configured failover record',
    ]);
  });

  it('a retryable failure is retried, and audited once, when no attempt is left', async () => {
    const d = start({ attempts: 2 });
    const t = transition(['down']);
    await d.enqueue(t);
    await waitFor('the final failure', () => events.executed('down').length === 1);
    expect(events.executed('down')[0]).toMatchObject({ status: 'failed', attempt: 2 });
    expect(history).toHaveLength(1);
    expect(history[0]?.item.data).toEqual({ action: 'down', attempts: 2 });
  });

  it('a failed history write does not run the action again', async () => {
    let writes = 0;
    const d = start({
      attempts: 3,
      recordHistory: async () => {
        writes++;
        throw new Error('OOM command not allowed when used memory > maxmemory');
      },
    });
    const before = hooks.messages.length;
    const t = transition(['hook']);
    await d.enqueue(t);
    const queue = new Queue(ACTIONS_QUEUE, { connection: redis, prefix });
    try {
      await waitFor('the job to complete', async () => (await queue.getJobState(`${t.id}.0`)) === 'completed');
    } finally {
      await queue.close();
    }
    expect(writes).toBe(1);
    expect(hooks.messages.slice(before).map((m) => m.transitionId)).toEqual([t.id]);
    expect(events.executed('hook')).toEqual([expect.objectContaining({ status: 'done', transitionId: t.id })]);
  });

  it('a suppressed action is audited and published as suppressed, and does not run', async () => {
    const d = new ActionDispatcher({ connection: redis, prefix });
    dispatcher = d;
    events = new RecordingPublisher();
    history = [];
    d.startWorker({
      actions: () => ({ hook: { type: 'webhook', url: hooks.url, headers: {}, timeoutMs: 5_000 } }),
      services: { providers: providerTable({}), log: createLogger('test') },
      recordHistory: async (alarm, item) => void history.push({ alarm, item }),
      events,
      gate: async (x) => ({
        now: Date.now(),
        current: { state: 'ALARM', updatedAt: x.timestamp, transitionId: x.id },
        mute: undefined,
        maintenanceWindow: { name: 'db-upgrade' },
      }),
    });
    const before = hooks.messages.length;
    await d.enqueue(transition(['hook']));
    await waitFor('the suppression', () => events.executed('hook').length === 1);
    expect(events.executed('hook')[0]).toMatchObject({
      status: 'suppressed',
      detail: 'maintenance window "db-upgrade" is open',
    });
    expect(summaries()).toEqual(['Action hook suppressed: maintenance window "db-upgrade" is open']);
    expect(hooks.messages.length).toBe(before);
  });
});
