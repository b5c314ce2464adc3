import type { StatisticBound } from './statistic-name.ts';

/**
 * The values of one period as weighted points, for percentiles and trimmed means. Exact for raw values (and values
 * with counts), approximate (≤ 1 % relative error) for points read from rolled-up histograms. "Unavailable" when a
 * statistic set with unknown values (CloudWatch's rule) contributed to the period.
 */
export class Distribution {
  private values: number[] = [];
  private weights: number[] = [];
  private sorted = true;
  private unavailable = false;
  private total = 0;

  add(v: number, w = 1): void {
    if (!(w > 0)) return;
    const last = this.values[this.values.length - 1];
    if (last !== undefined && v < last) this.sorted = false;
    this.values.push(v);
    this.weights.push(w);
    this.total += w;
  }

  markUnavailable(): void {
    this.unavailable = true;
  }

  get available(): boolean {
    return !this.unavailable;
  }

  /** Total weight: the SampleCount behind the points. */
  get weight(): number {
    return this.total;
  }

  private sort(): void {
    if (this.sorted) return;
    const order = this.values.map((_, i) => i).sort((a, b) => (this.values[a] as number) - (this.values[b] as number));
    this.values = order.map((i) => this.values[i] as number);
    this.weights = order.map((i) => this.weights[i] as number);
    this.sorted = true;
  }

  /**
   * Nearest-rank percentile: the smallest value v such that at least p % of the samples are ≤ v
   * (p0 is the minimum, p100 the maximum). Null when unavailable or empty.
   */
  percentile(p: number): number | null {
    if (this.unavailable || this.total <= 0) return null;
    this.sort();
    const target = (p * this.total) / 100;
    const slack = this.total * 1e-12;
    let cum = 0;
    for (let i = 0; i < this.values.length; i++) {
      cum += this.weights[i] as number;
      if (cum >= target - slack) return this.values[i] as number;
    }
    return this.values[this.values.length - 1] ?? null;
  }

  /**
   * Mean of the samples between two bounds. Percentage bounds keep the samples ranked in (lower %, upper %] of the
   * total weight — a sample straddling a bound counts with the fraction of its weight inside, so tm90 of 7 samples
   * uses 6.3 samples. Absolute bounds keep the samples valued in (lower, upper]. Null when nothing is kept.
   */
  trimmedMean(lower: StatisticBound | null, upper: StatisticBound | null): number | null {
    if (this.unavailable || this.total <= 0) return null;
    this.sort();
    let acc = 0;
    let kept = 0;
    if ((lower ?? upper)?.percent) {
      const from = lower ? (lower.value * this.total) / 100 : 0;
      const to = upper ? (upper.value * this.total) / 100 : this.total;
      let cum = 0;
      for (let i = 0; i < this.values.length; i++) {
        const w = this.weights[i] as number;
        const inside = Math.min(cum + w, to) - Math.max(cum, from);
        cum += w;
        if (inside > 0) {
          acc += inside * (this.values[i] as number);
          kept += inside;
        }
      }
    } else {
      for (let i = 0; i < this.values.length; i++) {
        const v = this.values[i] as number;
        if ((lower && v <= lower.value) || (upper && v > upper.value)) continue;
        acc += v * (this.weights[i] as number);
        kept += this.weights[i] as number;
      }
    }
    return kept > 0 ? acc / kept : null;
  }
}
