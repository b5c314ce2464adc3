import type { Statistic } from '../core/types.ts';

export interface PeriodStats {
  /** Period start, epoch ms. */
  timestamp: number;
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
  Average: number;
}

/** Aggregates raw samples into aligned periods; periods without samples are omitted. */
export function aggregate(samples: ReadonlyArray<{ t: number; v: number }>, periodMs: number): PeriodStats[] {
  const buckets = new Map<number, PeriodStats>();
  for (const { t, v } of samples) {
    const start = Math.floor(t / periodMs) * periodMs;
    const b = buckets.get(start);
    if (!b) {
      buckets.set(start, { timestamp: start, SampleCount: 1, Sum: v, Minimum: v, Maximum: v, Average: v });
      continue;
    }
    b.SampleCount += 1;
    b.Sum += v;
    if (v < b.Minimum) b.Minimum = v;
    if (v > b.Maximum) b.Maximum = v;
    b.Average = b.Sum / b.SampleCount;
  }
  return [...buckets.values()].sort((a, b) => a.timestamp - b.timestamp);
}

export function pickStatistic(stats: PeriodStats, statistic: Statistic): number {
  return stats[statistic];
}
