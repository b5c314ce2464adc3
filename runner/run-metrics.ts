import type { MetricDatum, RunRecord } from '../core/types.ts';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import { seriesId } from '../metrics/series-key.ts';

/**
 * The standard metrics of a run, timestamped at its end. FAILED and PASSED runs feed SuccessPercent;
 * an ERROR run (our machinery broke) publishes only `Errors`, so it never counts as success or as a site failure.
 */
export function runMetrics(run: RunRecord): MetricDatum[] {
  const base = {
    namespace: CANARY_NAMESPACE,
    dimensions: { CanaryName: run.canary },
    timestamp: Date.parse(run.endedAt),
  };
  if (run.status === 'ERROR') return [{ ...base, metricName: 'Errors', value: 1, unit: 'Count' }];
  const passed = run.status === 'PASSED';
  return [
    { ...base, metricName: 'SuccessPercent', value: passed ? 100 : 0, unit: 'Percent' },
    { ...base, metricName: 'Duration', value: run.durationMs, unit: 'Milliseconds' },
    { ...base, metricName: 'Failed', value: passed ? 0 : 1, unit: 'Count' },
    ...run.steps
      .filter((st) => st.status !== 'ERROR')
      .flatMap((st): MetricDatum[] => {
        const dims = { CanaryName: run.canary, StepName: st.name };
        const at = Date.parse(st.endedAt);
        return [
          {
            ...base,
            dimensions: dims,
            timestamp: at,
            metricName: 'SuccessPercent',
            value: st.status === 'PASSED' ? 100 : 0,
            unit: 'Percent',
          },
          {
            ...base,
            dimensions: dims,
            timestamp: at,
            metricName: 'Duration',
            value: st.durationMs,
            unit: 'Milliseconds',
          },
        ];
      }),
    ...(run.metrics ?? []).map((m) => ({ ...m, timestamp: m.timestamp || base.timestamp })),
  ];
}

/**
 * Datapoint ids for a run's metrics: `<runId>:<n>` for the n-th datapoint of each series. The store keeps one
 * datapoint per id and series, so re-running the same run id (a stalled job retried elsewhere) adds nothing, even
 * when that run took a different time or ended differently.
 */
export function runMetricIds(runId: string, metrics: ReadonlyArray<MetricDatum>): string[] {
  const seen = new Map<string, number>();
  return metrics.map((m) => {
    const key = seriesId(m.namespace, m.metricName, m.dimensions);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${runId}:${n}`;
  });
}
