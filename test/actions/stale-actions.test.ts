import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { alarmTransitionCurrency } from '../../alarms/action-gate.ts';
import { AlarmStateStore } from '../../alarms/alarm-state-store.ts';
import type { DnsRecordTarget, DnsSide, DnsSwitchCause, DnsSwitchOutcome } from '../../core/dns-provider.ts';
import type { ActionExecuted, CanaryEvent, EventPublisher } from '../../core/events.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmState, AlarmTransition } from '../../core/types.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { demoConfig } from '../dns/helpers.ts';
import { MemoryDnsProvider } from '../support/memory-dns-provider.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';

class RecordingPublisher implements EventPublisher {
  readonly events: CanaryEvent[] = [];
  async publish(e: CanaryEvent): Promise<void> {
    this.events.push(e);
  }
  executed(pred: (e: ActionExecuted) => boolean = () => true): ActionExecuted[] {
    return this.events.filter((e): e is ActionExecuted => e.type === 'ActionExecuted' && pred(e));
  }
}

/** The cloud-DNS fake, slowed down and watched: how many switches run at once. */
class WatchedDns extends MemoryDnsProvider {
  inFlight = 0;
  maxInFlight = 0;
  calls: Array<{ alarm: string; side: DnsSide }> = [];
  override async setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, 150));
      this.calls.push({ alarm: cause.alarm, side });
      return await super.setSide(target, side, cause);
    } finally {
      this.inFlight--;
    }
  }
}

/** A webhook receiver that always answers 503, and calls `onHit` on each delivery. */
async function failingReceiver(
  onHit: (body: Record<string, unknown>) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      onHit(JSON.parse(body) as Record<string, unknown>);
      res.statusCode = 503;
      res.end('busy');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let n = 0;
const transition = (
  alarm: string,
  oldState: AlarmState,
  newState: AlarmState,
  version: number,
  actions: string[],
): AlarmTransition => ({
  id: `tr-${++n}`,
  alarm,
  oldState,
  newState,
  reason: 'Threshold Crossed',
  timestamp: new Date().toISOString(),
  actions,
  version,
});

describe('actions never act on a stale state, and one target takes one action at a time', () => {
  const prefix = testPrefix('stale');
  let redis: Redis;
  let store: AlarmStateStore;
  let dispatcher: ActionDispatcher | undefined;
  let events: RecordingPublisher;
  let dns: WatchedDns;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    store = new AlarmStateStore(redis, prefix);
  });
  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  const start = (actions: Record<string, { type: string } & Record<string, unknown>>, attempts = 3) => {
    events = new RecordingPublisher();
    dns = new WatchedDns({ zones: demoConfig.zones });
    const d = new ActionDispatcher({ connection: redis, prefix, attempts });
    d.startWorker({
      actions: () => actions,
      services: { providers: providerTable({ dns: { builtin: dns } }), log: createLogger('test') },
      recordHistory: (alarm, item) => store.addHistory(alarm, item),
      events,
      current: alarmTransitionCurrency(store),
    });
    dispatcher = d;
    return d;
  };
  const commit = async (t: AlarmTransition) => expect(await store.commitTransition(t)).toBe(true);

  it('a transition whose alarm has moved on is recorded superseded, naming both versions, and never runs', async () => {
    let hits = 0;
    const hook = await failingReceiver(() => hits++);
    try {
      const d = start({
        failover: { type: 'dns-failover', record: 'www.demo.test' },
        hook: { type: 'webhook', url: hook.url, headers: {}, timeoutMs: 5_000 },
      });
      const alarmed = transition('a-moved', 'INSUFFICIENT_DATA', 'ALARM', 1, ['failover', 'hook']);
      const ok = transition('a-moved', 'ALARM', 'OK', 2, []);
      await commit(alarmed);
      await commit(ok);
      await d.enqueue(alarmed);
      await waitFor('both actions audited', () => events.executed().length === 2);
      const reason = `transition ${alarmed.id} (INSUFFICIENT_DATA → ALARM, version 1) is no longer current: alarm a-moved is at version 2`;
      expect(
        events
          .executed()
          .map((e) => [e.action, e.status, e.detail, e.attempt])
          .sort(),
      ).toEqual([
        ['failover', 'superseded', reason, 1],
        ['hook', 'superseded', reason, 1],
      ]);
      expect(dns.calls).toEqual([]);
      expect(hits).toBe(0);
      const history = await store.history('a-moved');
      expect(
        history
          .filter((h) => h.type === 'Action')
          .map((h) => h.summary)
          .sort(),
      ).toEqual([`Action failover superseded: ${reason}`, `Action hook superseded: ${reason}`]);
    } finally {
      await hook.close();
    }
  });

  it('a retried job checks again on every attempt: the alarm moving on between attempts supersedes the retry', async () => {
    const alarmed = transition('a-retry', 'INSUFFICIENT_DATA', 'ALARM', 1, ['hook']);
    const ok = transition('a-retry', 'ALARM', 'OK', 2, []);
    let hits = 0;
    let moved: Promise<void> | undefined;
    const hook = await failingReceiver(() => {
      hits++;
      // The first delivery fails (503); before the retry, the alarm goes OK.
      moved ??= commit(ok);
    });
    try {
      const d = start({ hook: { type: 'webhook', url: hook.url, headers: {}, timeoutMs: 5_000 } });
      await commit(alarmed);
      await d.enqueue(alarmed);
      await waitFor('the retry to be superseded', () => events.executed().length === 1);
      await moved;
      expect(events.executed()[0]).toMatchObject({ action: 'hook', status: 'superseded', attempt: 2 });
      expect(hits).toBe(1);
    } finally {
      await hook.close();
    }
  });

  it('actions of several alarms on one DNS record never overlap, and each current one runs', async () => {
    const d = start({
      failover: { type: 'dns-failover', record: 'www.demo.test' },
      failback: { type: 'dns-failback', record: 'www.demo.test' },
    });
    const ts = [1, 2, 3, 4, 5, 6].map((i) =>
      transition(`a-target-${i}`, 'INSUFFICIENT_DATA', i % 2 ? 'ALARM' : 'OK', 1, [i % 2 ? 'failover' : 'failback']),
    );
    for (const t of ts) await commit(t);
    await Promise.all(ts.map((t) => d.enqueue(t)));
    await waitFor('every switch audited', () => events.executed().length === ts.length);
    expect(events.executed().map((e) => e.status)).toEqual(ts.map(() => expect.stringMatching(/^(done|noop)$/)));
    expect(dns.calls).toHaveLength(ts.length);
    expect(dns.maxInFlight).toBe(1);
  });
});
