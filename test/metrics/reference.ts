/** Brute-force references for the statistics tests: expand every value, sort, count. */

/** Nearest rank: the smallest value with at least p % of the samples at or below it. */
export function refPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** Mean of the samples whose rank interval (i, i + 1] overlaps (lo %, hi %], each weighted by the overlap. */
export function refTrimmedMean(values: readonly number[], loPct: number, hiPct: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const from = (loPct * sorted.length) / 100;
  const to = (hiPct * sorted.length) / 100;
  let acc = 0;
  let kept = 0;
  sorted.forEach((v, i) => {
    const w = Math.max(0, Math.min(i + 1, to) - Math.max(i, from));
    acc += w * v;
    kept += w;
  });
  return kept > 0 ? acc / kept : null;
}

/** A deterministic PRNG so failures reproduce (the shared test one). */
export { seededRandom as rng } from '../support/prng.ts';
