/**
 * Turns the events of one ingested batch into metric datapoints: each compiled filter is matched against each
 * event, and matches are aggregated per filter, dimension set and minute of the event's timestamp into one
 * standard-resolution datapoint in CloudWatch's Values + Counts form (so Sum, SampleCount, Average and percentiles
 * stay exact). Pure: the caller publishes the result through PutMetricData's rules.
 */
import { compileMetricFilter, type CompiledMetricFilter } from './pattern/index.ts';
import type { MetricFilterConfig } from './metric-filter-config.ts';
import type { InputLogEvent } from './put-log-events.ts';

/** A metric filter ready to run. */
export interface LiveMetricFilter {
  readonly config: MetricFilterConfig;
  readonly compiled: CompiledMetricFilter;
}

/** One datapoint in our PutMetricData shape (`values` with `counts`, at most 150 distinct values). */
export interface FilterDatum {
  metricName: string;
  dimensions: Record<string, string>;
  timestamp: number;
  values: number[];
  counts: number[];
  unit?: MetricFilterConfig['unit'];
  storageResolution: 60;
}

export interface FilterBatchResult {
  /** Datapoints by namespace. */
  byNamespace: Map<string, FilterDatum[]>;
  /** Minutes (epoch ms) each filter (by index) matched in. */
  matchedMinutes: Array<Set<number>>;
  matches: number;
  /** Matches that yield no datapoint (a missing or non-numeric field, as CloudWatch skips them). */
  skipped: number;
}

/** Distinct values per datapoint (PutMetricData's `Values` limit). */
const MAX_VALUES = 150;

/** @throws PatternSyntaxError or MetricTransformationError for a bad filter (validated configs never do). */
export function compileFilter(config: MetricFilterConfig): LiveMetricFilter {
  return {
    config,
    compiled: compileMetricFilter({
      filterPattern: config.pattern,
      metricValue: config.metricValue,
      ...(config.dimensions ? { dimensions: config.dimensions } : {}),
    }),
  };
}

export function evaluateFilterBatch(
  filters: readonly LiveMetricFilter[],
  events: readonly InputLogEvent[],
): FilterBatchResult {
  const byNamespace = new Map<string, FilterDatum[]>();
  const matchedMinutes = filters.map(() => new Set<number>());
  let matches = 0;
  let skipped = 0;
  filters.forEach((filter, fi) => {
    // key: minute + dimensions → value → count
    const buckets = new Map<
      string,
      { minute: number; dimensions: Record<string, string>; counts: Map<number, number> }
    >();
    const minutes = matchedMinutes[fi] as Set<number>;
    for (const event of events) {
      const r = filter.compiled.evaluate(event.message);
      if (!r.matched) continue;
      matches += 1;
      const minute = Math.floor(event.timestamp / 60_000) * 60_000;
      minutes.add(minute);
      if (!r.datapoint.ok) {
        skipped += 1;
        continue;
      }
      const dims = r.datapoint.dimensions;
      const key = Object.keys(dims).length === 0 ? String(minute) : `${minute}\u0000${JSON.stringify(dims)}`;
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { minute, dimensions: { ...dims }, counts: new Map() }));
      bucket.counts.set(r.datapoint.value, (bucket.counts.get(r.datapoint.value) ?? 0) + 1);
    }
    if (buckets.size === 0) return;
    const { metricNamespace, metricName, unit } = filter.config;
    let list = byNamespace.get(metricNamespace);
    if (!list) byNamespace.set(metricNamespace, (list = []));
    for (const b of buckets.values()) {
      const entries = [...b.counts];
      for (let i = 0; i < entries.length; i += MAX_VALUES) {
        const chunk = entries.slice(i, i + MAX_VALUES);
        list.push({
          metricName,
          dimensions: b.dimensions,
          timestamp: b.minute,
          values: chunk.map(([v]) => v),
          counts: chunk.map(([, c]) => c),
          ...(unit ? { unit } : {}),
          storageResolution: 60,
        });
      }
    }
  });
  return { byNamespace, matchedMinutes, matches, skipped };
}
