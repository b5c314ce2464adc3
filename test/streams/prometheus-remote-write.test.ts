import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusServer } from '../support/prometheus.ts';
import { waitFor } from '../support/wait-for.ts';
import { deletePrefix, parseStreams, StreamNode, testPrefix } from './stream-harness.ts';

describe('metric stream → Prometheus remote write (a real Prometheus)', () => {
  let prom: PrometheusServer;
  let node: StreamNode;
  const prefix = testPrefix('mstream-prom');

  beforeAll(async () => {
    prom = await startPrometheus();
    node = new StreamNode(
      prefix,
      parseStreams([
        {
          name: 'to-prom',
          include: [{ namespace: 'Shop/Checkout' }],
          statistics: [{ additional: ['p99', 'p50'] }],
          output: { type: 'prometheus-remote-write', url: prom.writeUrl },
        },
      ]),
    );
    await node.start();
  });

  afterAll(async () => {
    await node?.close();
    await prom?.stop();
    await deletePrefix(prefix);
  });

  it('streamed datapoints are queryable with namespace, metric name, dimensions and statistic labels', async () => {
    const now = Date.now();
    await node.store.putMany([
      {
        namespace: 'Shop/Checkout',
        metricName: 'Latency',
        dimensions: { Page: 'cart', 'Region.Name': 'eu-1' },
        timestamp: now,
        unit: 'Milliseconds',
        values: [10, 20, 30, 1000],
        counts: [1, 1, 1, 1],
      },
      // Not included: never reaches Prometheus.
      { namespace: 'Other', metricName: 'Latency', dimensions: {}, timestamp: now, unit: 'Count', value: 5 },
    ]);
    const series = await waitFor('the sum in Prometheus', async () => {
      const r = await prom.query('Shop_Checkout_Latency{statistic="sum"}');
      return r.length > 0 ? r : undefined;
    });
    expect(series[0]?.metric).toEqual({
      __name__: 'Shop_Checkout_Latency',
      namespace: 'Shop/Checkout',
      metric_name: 'Latency',
      statistic: 'sum',
      unit: 'Milliseconds',
      Page: 'cart',
      Region_Name: 'eu-1',
    });
    expect(Number(series[0]?.value[1])).toBe(1060);
    const value = async (stat: string) =>
      Number((await prom.query(`Shop_Checkout_Latency{statistic="${stat}",Page="cart"}`))[0]?.value[1]);
    expect(await value('count')).toBe(4);
    expect(await value('min')).toBe(10);
    expect(await value('max')).toBe(1000);
    expect(await value('p99')).toBe(1000);
    expect(await value('p50')).toBe(20);
    expect(await prom.query('{namespace="Other"}')).toEqual([]);
    const status = await waitFor('the delivery in the status', async () => {
      const s = await node.status('to-prom');
      return s.delivered >= 1 ? s : undefined;
    });
    expect(status).toMatchObject({ output: 'prometheus-remote-write', delivered: 1, dropped: 0, errors: 0 });
    expect(status.lastDeliveryAt).not.toBeNull();
  });

  it('a sample Prometheus refuses (out of order: 400) is counted as rejected, not retried', async () => {
    const now = Date.now();
    const d = (timestamp: number, value: number) => ({
      namespace: 'Shop/Checkout',
      metricName: 'Ooo',
      dimensions: {},
      timestamp,
      unit: 'Count' as const,
      value,
    });
    await node.store.putMany([d(now, 1)]);
    await waitFor('the first sample', async () => (await prom.query('Shop_Checkout_Ooo{statistic="sum"}')).length > 0);
    await node.store.putMany([d(now - 600_000, 2)]);
    const s = await waitFor('the rejection', async () => {
      const st = await node.status('to-prom');
      return st.rejected > 0 ? st : undefined;
    });
    expect(s.rejected).toBe(1);
    expect(s.lastError?.message).toMatch(/HTTP 400/);
    expect(s.pending.inFlight).toBe(0);
  });
});
