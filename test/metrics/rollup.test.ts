import { afterAll, describe, expect, it } from 'vitest';
import type { MetricInput } from '../../metrics/metric-input.ts';
import { metricsRetentionSchema } from '../../metrics/retention.ts';
import { aggregate, pickStatistic } from '../../metrics/statistics.ts';
import { refPercentile, refTrimmedMean, rng } from './reference.ts';
import { testStore } from './store-support.ts';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3_600_000;
const retention = metricsRetentionSchema.parse([
  { resolution: 1, retention: '2h' },
  { resolution: 60, retention: '12h' },
  { resolution: 300, retention: '1d' },
  { resolution: 3600, retention: '30d' },
]);
const series = { namespace: 'Roll', metricName: 'Latency', dimensions: { Service: 'cart' } };

/** Two days of latencies every 10 s, some as values with counts; returns the expanded (t, v) list. */
function latencies(
  seed: number,
  from = NOW - 48 * HOUR,
  to = NOW,
): { inputs: MetricInput[]; expanded: Array<{ t: number; v: number }> } {
  const r = rng(seed);
  const inputs: MetricInput[] = [];
  const expanded: Array<{ t: number; v: number }> = [];
  for (let t = from; t < to; t += 10_000) {
    const v = Math.round(Math.exp(2 + r() * 4) * 100) / 100;
    if (r() < 0.1) {
      const w = Math.round(v * 1.5 * 100) / 100;
      inputs.push({ ...series, timestamp: t, unit: 'Milliseconds', values: [v, w], counts: [2, 1] });
      expanded.push({ t, v }, { t, v }, { t, v: w });
    } else {
      inputs.push({ ...series, timestamp: t, unit: 'Milliseconds', value: v });
      expanded.push({ t, v });
    }
  }
  return { inputs, expanded };
}

async function putAll(store: { putMany(x: MetricInput[]): Promise<void> }, inputs: MetricInput[]) {
  for (let i = 0; i < inputs.length; i += 1000) await store.putMany(inputs.slice(i, i + 1000));
}

/** Checks hourly statistics of [from, to) against the brute-force values of `expanded`. */
async function expectHourlyStats(
  store: ReturnType<typeof testStore>['store'],
  expanded: Array<{ t: number; v: number }>,
  from: number,
  to: number,
) {
  const got = await store.getStatistics({ ...series, start: from, end: to, period: 3600 }, [
    'SampleCount',
    'Sum',
    'Minimum',
    'Maximum',
    'p50',
    'p90',
    'p99',
    'TM(10%:90%)',
  ]);
  const hours = new Map<number, number[]>();
  for (const { t, v } of expanded) {
    if (t < from || t >= to) continue;
    const h = Math.floor(t / HOUR) * HOUR;
    hours.set(h, [...(hours.get(h) ?? []), v]);
  }
  expect(got.datapoints.map((d) => d.timestamp)).toEqual([...hours.keys()].sort((a, b) => a - b));
  for (const d of got.datapoints) {
    const vs = hours.get(d.timestamp) ?? [];
    const when = new Date(d.timestamp).toISOString();
    expect(d.values.SampleCount, when).toBe(vs.length);
    expect(d.values.Sum, when).toBeCloseTo(
      vs.reduce((a, b) => a + b, 0),
      6,
    );
    expect(d.values.Minimum, when).toBe(Math.min(...vs));
    expect(d.values.Maximum, when).toBe(Math.max(...vs));
    for (const p of [50, 90, 99]) {
      const ref = refPercentile(vs, p);
      expect(Math.abs((d.values[`p${p}`] as number) - ref), `p${p} at ${when}`).toBeLessThanOrEqual(0.01 * ref + 1e-9);
    }
    const tm = refTrimmedMean(vs, 10, 90) as number;
    expect(Math.abs((d.values['TM(10%:90%)'] as number) - tm), `TM at ${when}`).toBeLessThanOrEqual(0.01 * tm);
  }
}

describe('roll-up tiers (real Redis)', () => {
  const stores: Array<ReturnType<typeof testStore>> = [];
  const make = () => {
    const s = testStore('rollup', { retention });
    stores.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('moves old data into coarser tiers: exact counts, sums, extremes; percentiles within 1 %', async () => {
    const t = make();
    const { inputs, expanded } = latencies(3);
    await putAll(t.store, inputs);
    await expectHourlyStats(t.store, expanded, NOW - 48 * HOUR, NOW);
    const result = await t.store.rollup(NOW);
    expect(result).toMatchObject({ series: 1, conflicts: 0, expired: 0 });
    expect(result.moved).toBeGreaterThan(inputs.length);

    const id = 'Roll|Latency|Service=cart';
    const raw = await t.redis.zrange(`${t.prefix}:metrics:s:${id}`, 0, 0, 'WITHSCORES');
    expect(Number(raw[1])).toBeGreaterThanOrEqual(NOW - 2 * HOUR);
    const scores = async (res: number) =>
      (await t.redis.zrange(`${t.prefix}:metrics:r${res}:${id}`, 0, -1, 'WITHSCORES'))
        .filter((_, i) => i % 2 === 1)
        .map(Number);
    const m1 = await scores(60);
    const m5 = await scores(300);
    const h1 = await scores(3600);
    expect(Math.min(...m1)).toBe(NOW - 12 * HOUR);
    expect(Math.max(...m1)).toBe(NOW - 2 * HOUR - 60_000);
    expect(Math.min(...m5)).toBe(NOW - 24 * HOUR);
    expect(Math.max(...m5)).toBe(NOW - 12 * HOUR - 300_000);
    expect(h1).toHaveLength(24);
    expect(
      m1.every((s) => s % 60_000 === 0) && m5.every((s) => s % 300_000 === 0) && h1.every((s) => s % HOUR === 0),
    ).toBe(true);

    await expectHourlyStats(t.store, expanded, NOW - 48 * HOUR, NOW);
  });

  it('is idempotent and exactly-once when several processes roll up at the same time', async () => {
    const t = make();
    const { inputs, expanded } = latencies(4);
    await putAll(t.store, inputs);
    const results = await Promise.all([t.store, t.another(), t.another(), t.another()].map((s) => s.rollup(NOW)));
    const moved = results.reduce((a, r) => a + r.moved, 0);
    expect(moved).toBeGreaterThan(inputs.length);
    await expectHourlyStats(t.store, expanded, NOW - 48 * HOUR, NOW);
    expect(await t.store.rollup(NOW)).toMatchObject({ moved: 0, expired: 0 });
    const later = await t.another().rollup(NOW + 30 * 60_000);
    expect(later.moved).toBeGreaterThan(0);
    await expectHourlyStats(t.store, expanded, NOW - 48 * HOUR, NOW);
  });

  it('merges a late datapoint into an already rolled-up bucket', async () => {
    const t = make();
    const { inputs, expanded } = latencies(5, NOW - 6 * HOUR, NOW);
    await putAll(t.store, inputs);
    await t.store.rollup(NOW);
    const late = { t: NOW - 5 * HOUR + 1234, v: 77 };
    await t.store.putMany([{ ...series, timestamp: late.t, unit: 'Milliseconds', value: late.v }]);
    expanded.push(late);
    await t.store.rollup(NOW);
    const id = 'Roll|Latency|Service=cart';
    expect(await t.redis.zcount(`${t.prefix}:metrics:r60:${id}`, NOW - 5 * HOUR, NOW - 5 * HOUR)).toBe(1);
    await expectHourlyStats(t.store, expanded, NOW - 6 * HOUR, NOW);
  });

  it("keeps CloudWatch's percentile rule for statistic sets through roll-ups", async () => {
    const t = make();
    const s = (minute: number) => ({ ...series, timestamp: NOW - 10 * HOUR + minute * 60_000, unit: 'None' as const });
    await t.store.putMany([
      { ...s(0), statisticValues: { sampleCount: 5, sum: 50, minimum: 10, maximum: 10 } },
      { ...s(1), value: 20 },
      { ...s(61), statisticValues: { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 } },
      { ...s(62), value: 5 },
    ]);
    await t.store.rollup(NOW);
    const got = await t.store.getStatistics({ ...series, start: NOW - 10 * HOUR, end: NOW - 8 * HOUR, period: 3600 }, [
      'SampleCount',
      'Sum',
      'p50',
      'p100',
    ]);
    expect(got.datapoints).toEqual([
      { timestamp: NOW - 10 * HOUR, values: { SampleCount: 6, Sum: 70, p50: 10, p100: 20 } },
      { timestamp: NOW - 9 * HOUR, values: { SampleCount: 3, Sum: 8, p50: null, p100: null } },
    ]);
  });

  it('rolls up negative values, zeros and fractional counts through the Redis script', async () => {
    const t = make();
    const at = NOW - 5 * HOUR;
    await t.store.putMany([
      { ...series, timestamp: at, unit: 'None', values: [-5, -1, 0, 2], counts: [1, 1.5, 2, 0.5] },
      { ...series, timestamp: at + 1000, unit: 'None', value: -1e-100 },
    ]);
    await t.store.rollup(NOW);
    await t.store.rollup(NOW + 20 * HOUR);
    const got = await t.store.getStatistics({ ...series, start: at - HOUR, end: at + HOUR, period: 7200 }, [
      'SampleCount',
      'Sum',
      'Minimum',
      'Maximum',
      'p0',
      'p30',
      'p50',
      'p100',
    ]);
    const v = got.datapoints[0]?.values ?? {};
    expect(v).toMatchObject({ SampleCount: 6, Sum: -5 - 1.5 + 1 - 1e-100, Minimum: -5, Maximum: 2, p0: -5, p100: 2 });
    expect(v.p30).toBeCloseTo(-1, 1);
    expect(v.p50).toBeCloseTo(0, 9);
    expect(await t.redis.zcard(`${t.prefix}:metrics:r3600:Roll|Latency|Service=cart`)).toBe(1);
  });

  it("expires the last tier and forgets series with no data left; the alarm engine's reads span every tier", async () => {
    const t = make();
    const { inputs, expanded } = latencies(6, NOW - 3 * HOUR, NOW);
    await putAll(t.store, inputs);
    await t.store.rollup(NOW);
    const [samples] = await t.store.samplesMany([{ series, start: NOW - 3 * HOUR, end: NOW }]);
    const stats = aggregate(samples ?? [], 3 * HOUR);
    expect(stats).toHaveLength(1);
    expect(pickStatistic(stats[0]!, 'SampleCount')).toBe(expanded.length);
    expect(await t.store.list('Roll')).toHaveLength(1);
    const r = await t.store.rollup(NOW + 31 * 86_400_000);
    expect(r.expired).toBe(3);
    expect(await t.store.list('Roll')).toEqual([]);
    // Only the roll-up watermark (which tells reads which ranges are raw-only) is left.
    expect(await t.redis.keys(`${t.prefix}:*`)).toEqual([`${t.prefix}:metrics:index:rollup-watermark`]);
  });
});
