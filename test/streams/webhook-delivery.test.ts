import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { startNdjsonReceiver, type NdjsonReceiver } from './ndjson-receiver.ts';
import { deletePrefix, parseStreams, StreamNode, testPrefix } from './stream-harness.ts';

const T0 = Date.now();
const datum = (value: number, t = Date.now()) => ({
  namespace: 'Shop',
  metricName: 'Orders',
  dimensions: { Site: 'www' },
  timestamp: t,
  unit: 'Count' as const,
  value,
});

describe('metric stream → webhook (NDJSON, CloudWatch JSON format)', () => {
  let receiver: NdjsonReceiver | undefined;
  const nodes: StreamNode[] = [];
  const prefixes: string[] = [];

  async function setup(extra: Record<string, unknown> = {}) {
    receiver = await startNdjsonReceiver();
    const prefix = testPrefix('mstream-hook');
    prefixes.push(prefix);
    const node = new StreamNode(
      prefix,
      parseStreams([
        {
          name: 'firehose',
          output: { type: 'webhook', url: receiver.url },
          retry: { initialMs: 20, maxMs: 200 },
          accountId: '123456789012',
          region: 'eu-west-1',
          ...extra,
        },
      ]),
    );
    nodes.push(node);
    await node.start();
    return { receiver, node };
  }

  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
    await receiver?.close();
    for (const p of prefixes.splice(0)) await deletePrefix(p);
  });

  it('posts each datapoint in the JSON shape of CloudWatch metric streams', async () => {
    const { receiver, node } = await setup({ statistics: [{ additional: ['p90'] }] });
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 600);
    await node.store.putMany([
      {
        namespace: 'Shop',
        metricName: 'Orders',
        dimensions: { Site: 'www' },
        timestamp: t,
        unit: 'Count',
        values: [1, 2, 3],
        counts: [1, 1, 2],
      },
      {
        namespace: 'Shop',
        metricName: 'Latency',
        dimensions: {},
        timestamp: t,
        unit: 'Seconds',
        statisticValues: { sampleCount: 4, sum: 10, minimum: 1, maximum: 4 },
      },
    ]);
    await waitFor('two records', () => receiver.records.length >= 2);
    const byName = Object.fromEntries(receiver.records.map((r) => [r.metric_name as string, r]));
    expect(byName.Orders).toEqual({
      metric_stream_name: 'firehose',
      account_id: '123456789012',
      region: 'eu-west-1',
      namespace: 'Shop',
      metric_name: 'Orders',
      dimensions: { Site: 'www' },
      timestamp: t,
      value: { max: 3, min: 1, sum: 9, count: 4, p90: 3 },
      unit: 'Count',
    });
    // A statistic set has no known values: no percentile, the rest as given.
    expect(byName.Latency?.value).toEqual({ max: 4, min: 1, sum: 10, count: 4 });
  });

  it('retries while the sink is down and delivers everything once it is back (at least once)', async () => {
    const { receiver, node } = await setup();
    receiver.down = true;
    for (let i = 0; i < 30; i++) await node.store.putMany([datum(i, T0 + i)]);
    await waitFor('refused deliveries', () => receiver.refused >= 3);
    const during = await node.status('firehose');
    expect(during.errors).toBeGreaterThanOrEqual(3);
    expect(during.lastError?.message).toMatch(/HTTP 503 down for maintenance/);
    receiver.down = false;
    await waitFor(
      'all 30 values',
      () => new Set(receiver.records.map((r) => (r.value as { sum: number }).sum)).size === 30,
    );
    const after = await waitFor('nothing pending', async () => {
      const s = await node.status('firehose');
      return s.pending.unread === 0 && s.pending.inFlight === 0 ? s : undefined;
    });
    expect(after.dropped).toBe(0);
    expect(after.delivered).toBe(30);
  });

  it('keeps a bounded buffer while the sink is down too long: the oldest are dropped and counted', async () => {
    const { receiver, node } = await setup({ bufferEntries: 10, batchSize: 5 });
    receiver.down = true;
    await node.store.putMany([datum(0, T0)]);
    await waitFor('a refused delivery', () => receiver.refused >= 1);
    for (let i = 1; i < 400; i++) await node.store.putMany([datum(i, T0 + i)]);
    expect(await node.redis.xlen(`${node.prefix}:metric-stream`)).toBeLessThan(400);
    receiver.down = false;
    const s = await waitFor('everything delivered or dropped', async () => {
      const st = await node.status('firehose');
      return st.delivered + st.dropped === 400 && st.pending.inFlight === 0 ? st : undefined;
    });
    expect(s.dropped).toBeGreaterThan(0);
    const sums = new Set(receiver.records.map((r) => (r.value as { sum: number }).sum));
    // The batch in flight when it went down, and the newest: the oldest waiting ones went.
    expect(sums.has(0)).toBe(true);
    expect(sums.has(399)).toBe(true);
    expect(sums.has(10)).toBe(false);
    expect(sums.size).toBe(s.delivered);
  });
});
