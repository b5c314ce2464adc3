import type { Dimensions, MetricUnit } from '../core/types.ts';
import { seriesId } from '../metrics/series-key.ts';
import { aggregate, pickStatistic, type Sample } from '../metrics/statistics.ts';
import { selects } from './metric-filter.ts';
import type { MetricStreamConfig } from './metric-stream-config.ts';
import type { StreamedDatum } from './stream-entry.ts';

/**
 * What a stream delivers: the datapoints of one series at one timestamp in one delivery (usually one datapoint),
 * summarised as CloudWatch's metric streams do — count, sum, min, max — plus the stream's additional statistics.
 */
export interface StreamRecord {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  /** Epoch ms. */
  timestamp: number;
  unit: MetricUnit;
  value: { count: number; sum: number; min: number; max: number };
  /** Additional statistics by name (`p99`, `TM(10%:90%)`); one whose values are unknown (a statistic set) is absent. */
  extra: Record<string, number>;
}

function additionalFor(stream: Pick<MetricStreamConfig, 'statistics'>, namespace: string, metricName: string) {
  const out = new Set<string>();
  for (const c of stream.statistics ?? [])
    if (!c.metrics || c.metrics.some((m) => m.namespace === namespace && m.metricName === metricName))
      for (const s of c.additional) out.add(s);
  return [...out];
}

/** The records of one delivery: the stream's datapoints, merged per series and timestamp, oldest first. */
export function buildRecords(
  stream: Pick<MetricStreamConfig, 'include' | 'exclude' | 'statistics'>,
  data: ReadonlyArray<StreamedDatum>,
): StreamRecord[] {
  const groups = new Map<string, { first: StreamedDatum; samples: Sample[] }>();
  for (const d of data) {
    if (!selects(stream, d.namespace, d.metricName)) continue;
    const key = `${d.timestamp}|${seriesId(d.namespace, d.metricName, d.dimensions)}`;
    const g = groups.get(key);
    if (g) g.samples.push(...d.samples);
    else groups.set(key, { first: d, samples: [...d.samples] });
  }
  const out: StreamRecord[] = [];
  for (const { first, samples } of groups.values()) {
    // One period that holds the timestamp: the stats of exactly these samples.
    const [stats] = aggregate(
      samples.map((s) => ({ ...s, t: 0 })),
      1,
    );
    if (!stats || stats.SampleCount <= 0) continue;
    const extra: Record<string, number> = {};
    for (const name of additionalFor(stream, first.namespace, first.metricName)) {
      const v = pickStatistic(stats, name);
      if (v !== null && Number.isFinite(v)) extra[name] = v;
    }
    out.push({
      namespace: first.namespace,
      metricName: first.metricName,
      dimensions: first.dimensions,
      timestamp: first.timestamp,
      unit: first.unit,
      value: { count: stats.SampleCount, sum: stats.Sum, min: stats.Minimum, max: stats.Maximum },
      extra,
    });
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}
