/** One `include` / `exclude` rule: a namespace, and optionally some of its metric names (CloudWatch's filters). */
export interface MetricSelector {
  namespace: string;
  /** Only these metrics of the namespace; absent means all of them. */
  metricNames?: string[] | undefined;
}

/** CloudWatch's `StatisticsConfiguration`: additional statistics (p99, TM(10%:90%), …) for some or all metrics. */
export interface StatisticsConfiguration {
  additional: string[];
  /** The metrics these statistics are for; absent means every metric of the stream. */
  metrics?: Array<{ namespace: string; metricName: string }> | undefined;
}

/** A metric stream as validated (config/metric-streams-schema.ts); `output` is checked by its output's schema. */
export interface MetricStreamConfig {
  name: string;
  include?: MetricSelector[] | undefined;
  exclude?: MetricSelector[] | undefined;
  statistics?: StatisticsConfiguration[] | undefined;
  output: { type: string };
  /** Buffer entries (metric-store writes) kept for this stream while its sink is away (approximate, MAXLEN ~). */
  bufferEntries: number;
  /** Buffer entries delivered per request at most. */
  batchSize: number;
  retry: { initialMs: number; maxMs: number };
  /** Entries a consumer held for this long without acknowledging them (it died) are taken over by another. */
  claimIdleMs: number;
  /** Shown in the webhook records (`account_id`, `region`), as CloudWatch's records carry them. */
  accountId: string;
  region: string;
}

export const METRIC_STREAM_DEFAULTS = {
  bufferEntries: 100_000,
  batchSize: 100,
  retry: { initialMs: 200, maxMs: 30_000 },
  claimIdleMs: 30_000,
  accountId: '000000000000',
  region: 'local',
} as const;
