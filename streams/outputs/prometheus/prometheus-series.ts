import type { StreamRecord } from '../../stream-record.ts';
import type { RemoteWriteSeries } from './remote-write-proto.ts';

/** Prometheus metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`; anything else becomes `_`. */
export const promMetricName = (s: string) => s.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^(?=[0-9])/, '_');
/** Prometheus label names: `[a-zA-Z_][a-zA-Z0-9_]*`, and `__` is reserved. */
const promLabelName = (s: string) =>
  s
    .replace(/[^a-zA-Z0-9_]/g, '_')
    .replace(/^(?=[0-9])/, '_')
    .replace(/^__/, '_');

const RESERVED = new Set(['namespace', 'metric_name', 'statistic', 'unit']);

/**
 * The series of some records: one per metric, dimensions and statistic, named `<prefix><namespace>_<metric>`
 * (invalid characters as `_`) with the labels `namespace`, `metric_name`, `statistic` (count, sum, min, max or an
 * additional statistic's name), `unit` and one per dimension (a dimension named like one of those gets `dimension_`
 * before its name).
 */
export function recordsToSeries(records: ReadonlyArray<StreamRecord>, prefix: string): RemoteWriteSeries[] {
  const series = new Map<string, RemoteWriteSeries>();
  for (const r of records) {
    const base: Record<string, string> = {
      __name__: promMetricName(`${prefix}${r.namespace}_${r.metricName}`),
      namespace: r.namespace,
      metric_name: r.metricName,
      unit: r.unit,
    };
    for (const [k, v] of Object.entries(r.dimensions)) {
      const name = promLabelName(k);
      base[RESERVED.has(name) ? `dimension_${name}` : name] = v;
    }
    const values: Record<string, number> = { ...r.value, ...r.extra };
    for (const [statistic, value] of Object.entries(values)) {
      const labels = Object.entries({ ...base, statistic })
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, v]) => ({ name, value: v }));
      const key = JSON.stringify(labels);
      let s = series.get(key);
      if (!s) series.set(key, (s = { labels, samples: [] }));
      s.samples.push({ value, timestamp: r.timestamp });
    }
  }
  for (const s of series.values()) s.samples.sort((a, b) => a.timestamp - b.timestamp);
  return [...series.values()];
}
