import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmTransitioned, CanaryEvent, EventSubscription, RunFinished, StoredEvent } from '../../core/events.ts';
import { RedisEventStream } from '../../events/redis-event-stream.ts';
import { compareStreamIds } from '../../events/stream-id.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';

const run = (runId: string, canary = 'shop'): RunFinished => ({
  type: 'RunFinished',
  runId,
  canary,
  status: 'PASSED',
  reason: '',
  startedAt: '2024-06-01T00:00:00.000Z',
  endedAt: '2024-06-01T00:00:01.000Z',
  durationMs: 1000,
  attempt: 1,
  worker: 'test:1',
});

const transition = (id: string): AlarmTransitioned => ({
  type: 'AlarmTransitioned',
  transition: {
    id,
    alarm: 'shop-down',
    oldState: 'OK',
    newState: 'ALARM',
    reason: 'threshold crossed',
    timestamp: '2024-06-01T00:00:02.000Z',
    actions: [],
    kind: 'transition',
  },
});

const idOf = (e: CanaryEvent) =>
  e.type === 'RunFinished' ? e.runId : e.type === 'AlarmTransitioned' ? e.transition.id : '';

describe('the Redis event stream', () => {
  const prefixes: string[] = [];
  const subs: EventSubscription[] = [];
  let a: Redis;
  let b: Redis;
  // Each test has its own stream (its own prefix), so tests do not see one another's events.
  const streams = (opts: { maxLength?: number; subscriberName?: string } = {}) => {
    const prefix = testPrefix('events');
    prefixes.push(prefix);
    return {
      prefix,
      publisher: new RedisEventStream({ redis: a, prefix, ...opts }),
      reader: new RedisEventStream({ redis: b, prefix, ...opts }),
    };
  };
  const collect = (into: StoredEvent[]) => (e: StoredEvent) => void into.push(e);

  beforeAll(() => {
    a = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    b = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(p);
    a.disconnect();
    b.disconnect();
  });

  it('stores published events in order, with ids, time and source, and reads them back', async () => {
    const { publisher, reader } = streams();
    await publisher.publish(run('r1'));
    await publisher.publish(transition('t1'));
    await publisher.publish(run('r2'));
    const events = await reader.read();
    expect(events.map((e) => idOf(e.event))).toEqual(['r1', 't1', 'r2']);
    expect(events[0]?.event).toEqual(run('r1'));
    for (const e of events) {
      expect(e.source).toMatch(/^.+:\d+$/);
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }
    expect(compareStreamIds(events[0]!.id, events[1]!.id)).toBeLessThan(0);
    expect(compareStreamIds(events[1]!.id, events[2]!.id)).toBeLessThan(0);
    expect(await reader.lastId()).toBe(events[2]?.id);
  });

  it('reads after an id (exclusive), up to a count, and by type', async () => {
    const { publisher, reader } = streams();
    for (let i = 0; i < 250; i++) await publisher.publish(i % 5 === 0 ? transition(`t${i}`) : run(`r${i}`));
    const all = await reader.read({ count: 1000 });
    expect(all).toHaveLength(250);
    const after = await reader.read({ after: all[99]!.id, count: 3 });
    expect(after.map((e) => e.id)).toEqual(all.slice(100, 103).map((e) => e.id));
    // The filter scans past pages of other types to fill the count.
    const transitions = await reader.read({ types: ['AlarmTransitioned'], count: 1000 });
    expect(transitions.map((e) => e.event.transition.id)).toEqual(Array.from({ length: 50 }, (_, k) => `t${k * 5}`));
    const resumed = await reader.read({ types: ['AlarmTransitioned'], after: transitions[47]!.id });
    expect(resumed.map((e) => e.event.transition.id)).toEqual(['t240', 't245']);
    expect(await reader.read({ after: all[249]!.id })).toEqual([]);
    await expect(reader.read({ after: 'not-an-id' })).rejects.toThrow(/not an event stream id/);
  });

  it('stores an event at most once per run id or transition id', async () => {
    const { publisher, reader } = streams();
    await Promise.all([publisher.publish(run('same')), reader.publish(run('same')), publisher.publish(run('same'))]);
    await publisher.publish(transition('t-same'));
    await reader.publish(transition('t-same'));
    await publisher.publish(run('other'));
    expect((await reader.read()).map((e) => idOf(e.event))).toEqual(['same', 't-same', 'other']);
  });

  it('stays bounded: XADD MAXLEN ~ keeps about maxLength events, the newest ones', async () => {
    const maxLength = 20;
    const { publisher, reader } = streams({ maxLength });
    const n = 600;
    for (let i = 0; i < n; i++) await publisher.publish(run(`r${i}`));
    // Approximate trimming removes whole radix-tree nodes, so at most one node's worth more than maxLength stays.
    const [, perNode] = (await a.config('GET', 'stream-node-max-entries')) as [string, string];
    const length = await reader.length();
    expect(length).toBeGreaterThanOrEqual(maxLength);
    expect(length).toBeLessThanOrEqual(maxLength + Number(perNode));
    expect(length).toBeLessThan(n);
    const kept = await reader.read({ count: n });
    expect(kept).toHaveLength(length);
    expect(idOf(kept[kept.length - 1]!.event)).toBe(`r${n - 1}`);
  });

  it('delivers to a subscriber the events another connection publishes, from "$" on', async () => {
    const { publisher, reader } = streams();
    await publisher.publish(run('before'));
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe(collect(seen));
    subs.push(sub);
    await sub.ready;
    await publisher.publish(run('live-1'));
    await publisher.publish(transition('live-2'));
    await waitFor('two live events', () => seen.length >= 2);
    expect(seen.map((e) => idOf(e.event))).toEqual(['live-1', 'live-2']);
    expect(sub.lastId).toBe(seen[1]?.id);
  });

  it('resumes after an id: replays what came after it, then goes on live', async () => {
    const { publisher, reader } = streams();
    await publisher.publish(run('r1'));
    await publisher.publish(run('r2'));
    await publisher.publish(run('r3'));
    const [first] = await reader.read({ count: 1 });
    const seen: StoredEvent[] = [];
    subs.push(reader.subscribe(collect(seen), { after: first!.id }));
    await publisher.publish(run('r4'));
    await waitFor('r2, r3 and r4', () => seen.length >= 3);
    expect(seen.map((e) => idOf(e.event))).toEqual(['r2', 'r3', 'r4']);
    const whole: StoredEvent[] = [];
    subs.push(reader.subscribe(collect(whole), { after: '0' }));
    await waitFor('the whole stream', () => whole.length >= 4);
    expect(whole.map((e) => idOf(e.event))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('filters a subscription by type', async () => {
    const { publisher, reader } = streams();
    const seen: Array<StoredEvent<AlarmTransitioned>> = [];
    const sub = reader.subscribe((e) => void seen.push(e), { types: ['AlarmTransitioned'] });
    subs.push(sub);
    await sub.ready;
    await publisher.publish(run('r1'));
    await publisher.publish(transition('t1'));
    await publisher.publish(run('r2'));
    await publisher.publish(transition('t2'));
    await waitFor('two transitions', () => seen.length >= 2);
    expect(seen.map((e) => e.event.transition.id)).toEqual(['t1', 't2']);
    // The position moves over filtered-out events too, so a resume does not read them again.
    await waitFor('the position at the end', async () => sub.lastId === (await reader.lastId()));
  });

  it('goes on after a handler throws, and logs the failure', async () => {
    const { publisher, reader } = streams();
    const seen: string[] = [];
    const sub = reader.subscribe(async (e) => {
      seen.push(idOf(e.event));
      if (seen.length === 1) throw new Error('observer bug');
      await Promise.resolve();
    });
    subs.push(sub);
    await sub.ready;
    await publisher.publish(run('r1'));
    await publisher.publish(run('r2'));
    await publisher.publish(run('r3'));
    await waitFor('all three events', () => seen.length >= 3);
    expect(seen).toEqual(['r1', 'r2', 'r3']);
  });

  it('close ends the loop and its connection; later events go to later subscribers only', async () => {
    const subscriberName = `ck-test-close-${Math.random().toString(36).slice(2, 8)}`;
    const { publisher, reader } = streams({ subscriberName });
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe(collect(seen));
    await sub.ready;
    await publisher.publish(run('r1'));
    await waitFor('r1', () => seen.length >= 1);
    expect(await clientIds(a, subscriberName)).toHaveLength(1);
    await sub.close();
    await sub.close(); // a second close waits for the same shutdown
    expect(await clientIds(a, subscriberName)).toEqual([]);
    await publisher.publish(run('r2'));
    const later: StoredEvent[] = [];
    subs.push(reader.subscribe(collect(later), { after: sub.lastId }));
    await waitFor('r2 for the later subscriber', () => later.length >= 1);
    expect(idOf(later[0]!.event)).toBe('r2');
    expect(seen.map((e) => idOf(e.event))).toEqual(['r1']);
  });

  it('close with drain delivers what was on the stream when close was called', async () => {
    const { publisher, reader } = streams();
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe(async (e) => {
      // A slow observer: the drain must wait for it.
      await new Promise((r) => setImmediate(r));
      seen.push(e);
    });
    await sub.ready;
    for (let i = 0; i < 300; i++) await publisher.publish(run(`r${i}`));
    await sub.close({ drain: true });
    expect(seen).toHaveLength(300);
    expect(idOf(seen[299]!.event)).toBe('r299');
  });

  it('survives a lost connection: the subscription reconnects and resumes where it was', async () => {
    const subscriberName = `ck-test-kill-${Math.random().toString(36).slice(2, 8)}`;
    const { publisher, reader } = streams({ subscriberName });
    const seen: StoredEvent[] = [];
    const sub = reader.subscribe(collect(seen));
    subs.push(sub);
    await sub.ready;
    await publisher.publish(run('r1'));
    await waitFor('r1', () => seen.length >= 1);
    const [id] = await clientIds(a, subscriberName);
    await a.client('KILL', 'ID', id!);
    // Published while the subscriber may still be reconnecting: it reads after its last id, so nothing is lost.
    await publisher.publish(run('r2'));
    await publisher.publish(run('r3'));
    await waitFor('r2 and r3 after the reconnect', () => seen.length >= 3);
    expect(seen.map((e) => idOf(e.event))).toEqual(['r1', 'r2', 'r3']);
    await waitFor('a new connection', async () => {
      const ids = await clientIds(a, subscriberName);
      return ids.length === 1 && ids[0] !== id;
    });
  });

  it('rejects a malformed resume id at once', () => {
    const { reader } = streams();
    expect(() => reader.subscribe(() => undefined, { after: '12-x' })).toThrow(/not an event stream id/);
  });
});

/** Redis client ids of the connections with this name. */
async function clientIds(redis: Redis, name: string): Promise<string[]> {
  const list = (await redis.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string;
  return list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '');
}
