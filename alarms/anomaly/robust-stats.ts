/** Small robust statistics for the band model. Pure; inputs are never mutated. */

/** Median of `values` (NaN for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** 1 / Φ⁻¹(3/4): turns a median absolute deviation into a standard deviation for normal noise. */
export const MAD_TO_SIGMA = 1.4826;
/** √(π/2): turns a mean absolute deviation into a standard deviation for normal noise. */
export const MEAN_ABS_TO_SIGMA = 1.2533;

/**
 * A standard deviation of `residuals` around zero that outliers barely move: 1.4826 × the median of
 * |r|. When more than half of the residuals are exactly 0 (a series that is mostly constant), the
 * median is 0, so 1.2533 × the mean of |r| is used instead: rare deviations then still give a
 * non-zero spread. 0 only when every residual is 0.
 */
export function robustSigma(residuals: readonly number[]): number {
  if (residuals.length === 0) return 0;
  const abs = Float64Array.from(residuals, Math.abs).sort();
  const mid = abs.length >> 1;
  const mad = abs.length % 2 === 1 ? (abs[mid] as number) : ((abs[mid - 1] as number) + (abs[mid] as number)) / 2;
  if (mad > 0) return MAD_TO_SIGMA * mad;
  return (MEAN_ABS_TO_SIGMA * abs.reduce((s, x) => s + x, 0)) / abs.length;
}

/** Mean of |r| over the smallest `keep` fraction of them (so a few incidents do not dominate). */
export function trimmedMeanAbs(residuals: readonly number[], keep = 0.95): number {
  if (residuals.length === 0) return 0;
  const abs = Float64Array.from(residuals, Math.abs).sort();
  const n = Math.max(1, Math.floor(abs.length * keep));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += abs[i] as number;
  return sum / n;
}

/** `x mod m`, always in [0, m). */
export function modulo(x: number, m: number): number {
  return ((x % m) + m) % m;
}
