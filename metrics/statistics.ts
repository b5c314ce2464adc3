import type { Statistic } from '../core/types.ts';
import { Distribution } from './distribution.ts';
import { parseStatisticCached } from './statistic-name.ts';

/** Several values at one timestamp, summarised: a statistic set, or a bucket of a rolled-up tier. */
export interface SampleSummary {
  sum: number;
  min: number;
  max: number;
  /** [value, weight] points standing for the values, or null when they are unknown (no percentiles). */
  points: ReadonlyArray<readonly [number, number]> | null;
}

/**
 * One stored observation. A plain `{ t, v }` is one value; `c` makes it `c` occurrences of `v` (CloudWatch's
 * Values + Counts); with `summary`, `c` is the SampleCount and `v` the average of the summarised values.
 */
export interface Sample {
  /** Epoch ms. */
  t: number;
  v: number;
  c?: number;
  summary?: SampleSummary;
}

export interface PeriodStats {
  /** Period start, epoch ms. */
  timestamp: number;
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
  Average: number;
  /** The period's values for percentiles and trimmed means (see {@link pickStatistic}). */
  distribution: Distribution;
}

/** Aggregates samples into periods aligned to multiples of `periodMs` since the epoch; empty periods are omitted. */
export function aggregate(samples: ReadonlyArray<Sample>, periodMs: number): PeriodStats[] {
  const buckets = new Map<number, PeriodStats>();
  for (const s of samples) {
    const start = Math.floor(s.t / periodMs) * periodMs;
    let b = buckets.get(start);
    if (!b) {
      b = {
        timestamp: start,
        SampleCount: 0,
        Sum: 0,
        Minimum: Infinity,
        Maximum: -Infinity,
        Average: NaN,
        distribution: new Distribution(),
      };
      buckets.set(start, b);
    }
    const c = s.c ?? 1;
    if (s.summary) {
      b.SampleCount += c;
      b.Sum += s.summary.sum;
      if (s.summary.min < b.Minimum) b.Minimum = s.summary.min;
      if (s.summary.max > b.Maximum) b.Maximum = s.summary.max;
      if (s.summary.points === null) b.distribution.markUnavailable();
      else for (const [v, w] of s.summary.points) b.distribution.add(v, w);
    } else {
      b.SampleCount += c;
      b.Sum += s.v * c;
      if (s.v < b.Minimum) b.Minimum = s.v;
      if (s.v > b.Maximum) b.Maximum = s.v;
      b.distribution.add(s.v, c);
    }
  }
  const out = [...buckets.values()].sort((a, b) => a.timestamp - b.timestamp);
  for (const b of out) b.Average = b.Sum / b.SampleCount;
  return out;
}

/**
 * One statistic of a period: a basic one (always a number), or an extended one — `pNN`, `tmNN`, `TM(a:b)`, `IQM` —
 * which is null when the period's values are unknown (a statistic set with several different values, as in
 * CloudWatch) or when a trimmed mean keeps no sample.
 *
 * @throws StatisticSyntaxError for an invalid statistic name (validate alarm configs with `parseStatistic`).
 */
export function pickStatistic(stats: PeriodStats, statistic: Statistic): number;
export function pickStatistic(stats: PeriodStats, statistic: string): number | null;
export function pickStatistic(stats: PeriodStats, statistic: string): number | null {
  const parsed = parseStatisticCached(statistic);
  switch (parsed.kind) {
    case 'basic':
      return stats[parsed.name];
    case 'percentile': {
      const v = stats.distribution.percentile(parsed.percentile);
      // p0 and p100 are the exact Minimum and Maximum even where the values come from a rolled-up histogram.
      if (v === null) return null;
      if (parsed.percentile === 0) return stats.Minimum;
      if (parsed.percentile === 100) return stats.Maximum;
      return Math.min(stats.Maximum, Math.max(stats.Minimum, v));
    }
    case 'trimmedMean':
      return stats.distribution.trimmedMean(parsed.lower, parsed.upper);
  }
}
