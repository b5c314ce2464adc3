import type { StatisticSet } from './metric-input.ts';

/**
 * The summary kept for each bucket of a rolled-up tier: exact SampleCount, Sum, Minimum and Maximum, plus a
 * log-bucketed histogram of the values for approximate percentiles and trimmed means.
 *
 * Approximation: a value v ≠ 0 falls in bin i = ⌈log_γ |v|⌉ (separate bins for negatives, one for zero) with
 * γ = (1 + α) / (1 − α), α = {@link SKETCH_RELATIVE_ACCURACY}. A bin is read back as 2γ^i / (γ + 1), which is within
 * α (1 %) of every value in it, so a percentile read from the histogram is within 1 % (relative) of the exact
 * nearest-rank percentile; it is also clamped to [Minimum, Maximum], and p0 / p100 are the exact Minimum / Maximum.
 * Bins are fixed, so two summaries merge by adding weights (what makes roll-ups additive and lets Redis merge them in
 * a script). Trimmed means read from bins are weighted means of such values, so they carry the same ≤ 1 % error.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

export interface Summary {
  n: number;
  sum: number;
  min: number;
  max: number;
  /** Samples from statistic sets whose values are unknown (SampleCount > 1 and Minimum ≠ Maximum): no percentiles. */
  opaque: number;
  /** Bin key (`z`, `p<i>`, `n<i>`) → weight. */
  bins: Map<string, number>;
}

export function binKey(v: number): string {
  if (v === 0) return 'z';
  return `${v > 0 ? 'p' : 'n'}${Math.ceil(Math.log(Math.abs(v)) / LOG_GAMMA)}`;
}

export function binValue(key: string): number {
  if (key === 'z') return 0;
  const magnitude = (2 * GAMMA ** Number(key.slice(1))) / (GAMMA + 1);
  return key.startsWith('n') ? -magnitude : magnitude;
}

export function emptySummary(): Summary {
  return { n: 0, sum: 0, min: Infinity, max: -Infinity, opaque: 0, bins: new Map() };
}

export function addValue(s: Summary, v: number, weight = 1): void {
  if (!(weight > 0)) return;
  s.n += weight;
  s.sum += v * weight;
  if (v < s.min) s.min = v;
  if (v > s.max) s.max = v;
  const k = binKey(v);
  s.bins.set(k, (s.bins.get(k) ?? 0) + weight);
}

/** A statistic set keeps its exact count/sum/min/max; its values are known only if it has one value or min = max. */
export function addStatisticSet(s: Summary, set: StatisticSet): void {
  s.n += set.sampleCount;
  s.sum += set.sum;
  if (set.minimum < s.min) s.min = set.minimum;
  if (set.maximum > s.max) s.max = set.maximum;
  const known = knownValue(set);
  if (known === undefined) {
    s.opaque += set.sampleCount;
    return;
  }
  const k = binKey(known);
  s.bins.set(k, (s.bins.get(k) ?? 0) + set.sampleCount);
}

/** CloudWatch: percentiles work on a statistic set only when its SampleCount is 1 or its Minimum equals its Maximum. */
export function knownValue(set: StatisticSet): number | undefined {
  if (set.sampleCount === 1) return set.sum;
  if (set.minimum === set.maximum) return set.minimum;
  return undefined;
}

export function mergeSummary(into: Summary, from: Summary): void {
  into.n += from.n;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.opaque += from.opaque;
  for (const [k, w] of from.bins) into.bins.set(k, (into.bins.get(k) ?? 0) + w);
}

/** `n,sum,min,max,opaque;key:weight,…` — the format the roll-up script parses too. Never called on an empty summary. */
export function encodeSummary(s: Summary): string {
  const bins = [...s.bins].map(([k, w]) => `${k}:${w}`).join(',');
  return `${s.n},${s.sum},${s.min},${s.max},${s.opaque};${bins}`;
}

export function decodeSummary(text: string): Summary {
  const semi = text.indexOf(';');
  const head = (semi < 0 ? text : text.slice(0, semi)).split(',').map(Number);
  const s: Summary = {
    n: head[0] ?? 0,
    sum: head[1] ?? 0,
    min: head[2] ?? 0,
    max: head[3] ?? 0,
    opaque: head[4] ?? 0,
    bins: new Map(),
  };
  if (semi >= 0) {
    for (const pair of text.slice(semi + 1).split(',')) {
      const colon = pair.indexOf(':');
      if (colon > 0)
        s.bins.set(pair.slice(0, colon), (s.bins.get(pair.slice(0, colon)) ?? 0) + Number(pair.slice(colon + 1)));
    }
  }
  return s;
}

/** The histogram as [value, weight] points (clamped to [min, max]), or null when percentiles are unavailable. */
export function summaryPoints(s: Summary): Array<[number, number]> | null {
  if (s.opaque > 0) return null;
  const out: Array<[number, number]> = [];
  for (const [k, w] of s.bins) out.push([Math.min(s.max, Math.max(s.min, binValue(k))), w]);
  return out;
}
