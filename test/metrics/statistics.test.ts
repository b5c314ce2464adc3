import { describe, expect, it } from 'vitest';
import { aggregate, pickStatistic, type Sample } from '../../metrics/statistics.ts';
import { refPercentile, refTrimmedMean, rng } from './reference.ts';

const at = (t: number, v: number, c?: number): Sample => (c === undefined ? { t, v } : { t, v, c });

describe('aggregate + pickStatistic', () => {
  it('computes the basic statistics per aligned period of a known series', () => {
    const stats = aggregate([at(0, 1), at(500, 3), at(999, 8), at(1000, -2), at(3500, 4)], 1000);
    expect(stats.map(({ distribution: _d, ...s }) => s)).toEqual([
      { timestamp: 0, SampleCount: 3, Sum: 12, Minimum: 1, Maximum: 8, Average: 4 },
      { timestamp: 1000, SampleCount: 1, Sum: -2, Minimum: -2, Maximum: -2, Average: -2 },
      { timestamp: 3000, SampleCount: 1, Sum: 4, Minimum: 4, Maximum: 4, Average: 4 },
    ]);
    expect(pickStatistic(stats[0]!, 'Average')).toBe(4);
    expect(pickStatistic(stats[0]!, 'SampleCount')).toBe(3);
  });

  it('gives exact percentiles of 1..100', () => {
    const [p] = aggregate(
      Array.from({ length: 100 }, (_, i) => at(i, 100 - i)),
      1000,
    );
    expect(pickStatistic(p!, 'p0')).toBe(1);
    expect(pickStatistic(p!, 'p1')).toBe(1);
    expect(pickStatistic(p!, 'p50')).toBe(50);
    expect(pickStatistic(p!, 'p90')).toBe(90);
    expect(pickStatistic(p!, 'p99')).toBe(99);
    expect(pickStatistic(p!, 'p99.9')).toBe(100);
    expect(pickStatistic(p!, 'p100')).toBe(100);
    expect(pickStatistic(p!, 'tm90')).toBe(45.5);
    expect(pickStatistic(p!, 'TM(10%:90%)')).toBe(50.5);
    expect(pickStatistic(p!, 'IQM')).toBe(50.5);
    expect(pickStatistic(p!, 'TM(10:20)')).toBe(15.5);
    expect(pickStatistic(p!, 'TM(:5)')).toBe(3);
    expect(pickStatistic(p!, 'TM(200:)')).toBeNull();
  });

  it('matches a brute-force reference for percentiles and trimmed means on random data', () => {
    const r = rng(42);
    for (let round = 0; round < 50; round++) {
      const n = 1 + Math.floor(r() * 400);
      const values = Array.from({ length: n }, () => Math.round((r() - 0.3) * 1000 * (r() < 0.05 ? 100 : 1)) / 10);
      const [p] = aggregate(
        values.map((v, i) => at(i, v)),
        1e9,
      );
      for (const q of [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100]) {
        expect(pickStatistic(p!, `p${q}`), `p${q} of ${n}`).toBe(refPercentile(values, q));
      }
      for (const [lo, hi] of [
        [0, 90],
        [10, 90],
        [25, 75],
        [1, 99],
        [0, 100],
        [33.3, 66.7],
      ] as const) {
        const got = pickStatistic(p!, `TM(${lo}%:${hi}%)`);
        expect(got, `TM(${lo}%:${hi}%) of ${n}`).toBeCloseTo(refTrimmedMean(values, lo, hi)!, 9);
      }
      expect(pickStatistic(p!, 'TM(0%:100%)')).toBeCloseTo(p!.Average, 9);
    }
  });

  it('uses fractional weight at a trimmed-mean bound (tm90 of 7 samples keeps 6.3 of them)', () => {
    const [p] = aggregate(
      [1, 2, 3, 4, 5, 6, 7].map((v) => at(0, v)),
      1000,
    );
    expect(pickStatistic(p!, 'tm90')).toBeCloseTo((21 + 0.3 * 7) / 6.3, 12);
  });

  it('counts values with counts as repeated samples, matching the expanded series', () => {
    const r = rng(7);
    const pairs = Array.from({ length: 60 }, () => [Math.round(r() * 500), 1 + Math.floor(r() * 20)] as const);
    const expanded = pairs.flatMap(([v, c]) => Array.from({ length: c }, () => v));
    const [w] = aggregate(
      pairs.map(([v, c]) => at(5, v, c)),
      1000,
    );
    const [e] = aggregate(
      expanded.map((v) => at(5, v)),
      1000,
    );
    for (const s of [
      'SampleCount',
      'Sum',
      'Minimum',
      'Maximum',
      'Average',
      'p50',
      'p90',
      'p99',
      'tm90',
      'TM(5%:95%)',
      'IQM',
    ]) {
      expect(pickStatistic(w!, s), s).toBeCloseTo(pickStatistic(e!, s)!, 9);
    }
  });

  it('follows CloudWatch for statistic sets: exact basics; percentiles only when SampleCount is 1 or Min = Max', () => {
    const set = (n: number, sum: number, min: number, max: number, points: Array<[number, number]> | null): Sample => ({
      t: 0,
      v: sum / n,
      c: n,
      summary: { sum, min, max, points },
    });
    const [mixed] = aggregate([at(0, 10), set(4, 40, 5, 15, null)], 1000);
    expect(mixed).toMatchObject({ SampleCount: 5, Sum: 50, Minimum: 5, Maximum: 15, Average: 10 });
    expect(pickStatistic(mixed!, 'p50')).toBeNull();
    expect(pickStatistic(mixed!, 'tm90')).toBeNull();
    const [known] = aggregate([at(0, 10), set(3, 21, 7, 7, [[7, 3]])], 1000);
    expect(pickStatistic(known!, 'p50')).toBe(7);
    expect(pickStatistic(known!, 'p100')).toBe(10);
  });

  it('throws on an invalid statistic name', () => {
    const [p] = aggregate([at(0, 1)], 1000);
    expect(() => pickStatistic(p!, 'p101')).toThrow(/invalid statistic "p101"/);
  });
});
