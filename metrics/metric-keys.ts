/** Redis key names of the metric store. */
export class MetricKeys {
  constructor(private readonly prefix: string) {}

  /** Hash: series id → JSON { namespace, metricName, dimensions, unit }. */
  get index(): string {
    return `${this.prefix}:metrics:index`;
  }

  /** Sorted set of raw datapoints of one series (the first tier); the name predates the tiers. */
  raw(seriesId: string): string {
    return `${this.prefix}:metrics:s:${seriesId}`;
  }

  /** Sorted set of the datapoint ids written to one series (score = time written, ms): the de-duplication set. */
  ids(seriesId: string): string {
    return `${this.prefix}:metrics:ids:${seriesId}`;
  }

  /** Sorted set of one rolled-up tier of a series: score = bucket start (ms), member = `start#summary`. */
  tier(resolution: number, seriesId: string): string {
    return `${this.prefix}:metrics:r${resolution}:${seriesId}`;
  }

  /** Key of tier `i` (0 = raw) for a series, given the tiers' resolutions. */
  level(resolutions: readonly number[], i: number, seriesId: string): string {
    return i === 0 ? this.raw(seriesId) : this.tier(resolutions[i] as number, seriesId);
  }
}
