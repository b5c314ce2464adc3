import type { MetricSelector } from './metric-stream-config.ts';

const matches = (rules: ReadonlyArray<MetricSelector>, namespace: string, metricName: string) =>
  rules.some((r) => r.namespace === namespace && (r.metricNames === undefined || r.metricNames.includes(metricName)));

/**
 * CloudWatch's rule: a stream with `include` streams only what it lists; one with `exclude` streams everything but
 * what it lists; one with neither streams everything (the schema refuses both together).
 */
export function selects(
  stream: { include?: ReadonlyArray<MetricSelector> | undefined; exclude?: ReadonlyArray<MetricSelector> | undefined },
  namespace: string,
  metricName: string,
): boolean {
  if (stream.include && stream.include.length > 0) return matches(stream.include, namespace, metricName);
  if (stream.exclude && stream.exclude.length > 0) return !matches(stream.exclude, namespace, metricName);
  return true;
}
