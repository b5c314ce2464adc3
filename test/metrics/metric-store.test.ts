import { afterAll, describe, expect, it } from 'vitest';
import { MetricDataError } from '../../metrics/metric-data-error.ts';
import { putMetricData } from '../../metrics/put-metric-data-call.ts';
import { seriesId } from '../../metrics/series-key.ts';
import { testStore } from './store-support.ts';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const series = { namespace: 'Shop', metricName: 'Latency', dimensions: { Service: 'cart' } };
const base = { ...series, unit: 'Milliseconds' as const };

describe('MetricStore (real Redis)', () => {
  const t = testStore('mstore');
  afterAll(() => t.close());

  it('stores single values, values with counts and statistic sets, and answers every statistic', async () => {
    await t.store.putMany([
      { ...base, timestamp: T0 + 1000, value: 10 },
      { ...base, timestamp: T0 + 2000, values: [20, 30], counts: [3, 1] },
      { ...base, timestamp: T0 + 3000, statisticValues: { sampleCount: 2, sum: 80, minimum: 40, maximum: 40 } },
      { ...base, timestamp: T0 + 61_000, statisticValues: { sampleCount: 2, sum: 30, minimum: 10, maximum: 20 } },
      { ...base, timestamp: T0 + 62_000, value: 5 },
    ]);
    const q = { ...series, start: T0, end: T0 + 120_000, period: 60 };
    const { datapoints, unit } = await t.store.getStatistics(q, [
      'SampleCount',
      'Sum',
      'Minimum',
      'Maximum',
      'Average',
      'p50',
      'p90',
      'tm90',
    ]);
    expect(unit).toBe('Milliseconds');
    expect(datapoints).toEqual([
      {
        timestamp: T0,
        values: {
          SampleCount: 7,
          Sum: 180,
          Minimum: 10,
          Maximum: 40,
          Average: 180 / 7,
          p50: 20,
          p90: 40,
          tm90: (10 + 60 + 30 + 1.3 * 40) / 6.3,
        },
      },
      {
        timestamp: T0 + 60_000,
        values: { SampleCount: 3, Sum: 35, Minimum: 5, Maximum: 20, Average: 35 / 3, p50: null, p90: null, tm90: null },
      },
    ]);
    const legacy = await t.store.statistics(q);
    expect(legacy.map((p) => p.SampleCount)).toEqual([7, 3]);
  });

  it('keeps the original put(data, ids) contract: an id stores a datapoint once', async () => {
    const s = { namespace: 'CanaryKit', metricName: 'SuccessPercent', dimensions: { CanaryName: 'www' } };
    const d = { ...s, timestamp: T0, value: 100, unit: 'Percent' as const };
    await t.store.put([d], ['run-1:SuccessPercent']);
    await t.store.put([d], ['run-1:SuccessPercent']);
    await t.store.put([{ ...d, timestamp: T0 + 500, value: 0 }]);
    expect(await t.store.samples(s, T0, T0 + 1000)).toEqual([
      { t: T0, v: 100 },
      { t: T0 + 500, v: 0 },
    ]);
    const many = await t.store.samplesMany([
      { series: s, start: T0, end: T0 + 1 },
      { series: { ...s, metricName: 'Nope' }, start: 0, end: T0 },
    ]);
    expect(many).toEqual([[{ t: T0, v: 100 }], []]);
  });

  it('stores standard-resolution datapoints at the start of their minute', async () => {
    const s = { namespace: 'Res', metricName: 'm', dimensions: {} };
    await t.store.putMany([
      { ...s, timestamp: T0 + 42_500, value: 1, unit: 'None', storageResolution: 60 },
      { ...s, timestamp: T0 + 42_500, value: 2, unit: 'None', storageResolution: 1 },
    ]);
    expect((await t.store.samples(s, T0, T0 + 60_000)).map((x) => x.t)).toEqual([T0, T0 + 42_500]);
  });

  it('keeps series apart whose names or dimensions contain the separators', async () => {
    expect(seriesId('N', 'm', { a: '1,b=2' })).not.toBe(seriesId('N', 'm', { a: '1', b: '2' }));
    expect(seriesId('N', 'm', { Service: 'cart' })).toBe('N|m|Service=cart');
    const a = { namespace: 'Sep', metricName: 'm', dimensions: { a: '1,b=2' } };
    const b = { namespace: 'Sep', metricName: 'm', dimensions: { a: '1', b: '2' } };
    await t.store.putMany([
      { ...a, timestamp: T0, value: 1, unit: 'None' },
      { ...b, timestamp: T0, value: 2, unit: 'None' },
    ]);
    expect(await t.store.samples(a, T0, T0 + 1)).toEqual([{ t: T0, v: 1 }]);
    expect(await t.store.samples(b, T0, T0 + 1)).toEqual([{ t: T0, v: 2 }]);
  });

  it('putMetricData: validates, then stores the whole batch, or nothing when one datapoint is bad', async () => {
    const now = Date.now();
    const ok = await putMetricData(
      t.store,
      {
        Namespace: 'Batch',
        MetricData: [
          { MetricName: 'Good', Value: 1 },
          { MetricName: 'Good', Values: [1, 2], Counts: [2, 2] },
        ],
      },
      { now },
    );
    expect(ok).toEqual({ namespace: 'Batch', stored: 2 });
    const bad = {
      namespace: 'Atomic',
      metricData: [
        { metricName: 'A', value: 1 },
        { metricName: 'B', value: 2 },
        { metricName: 'C', value: 'x' },
      ],
    };
    await expect(putMetricData(t.store, bad, { now })).rejects.toBeInstanceOf(MetricDataError);
    expect(await t.store.list('Atomic')).toEqual([]);
    expect(await t.store.samples({ namespace: 'Atomic', metricName: 'A', dimensions: {} }, 0, now + 1e7)).toEqual([]);
    expect(await t.store.list('Batch')).toEqual([
      { namespace: 'Batch', metricName: 'Good', dimensions: {}, unit: 'None' },
    ]);
  });
});
