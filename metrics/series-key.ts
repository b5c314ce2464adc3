import type { Dimensions } from '../core/types.ts';

/** Canonical identity of a metric series: namespace, name and sorted dimensions. */
export function seriesId(namespace: string, metricName: string, dimensions: Dimensions): string {
  const dims = Object.keys(dimensions).sort().map((k) => `${k}=${dimensions[k]}`).join(',');
  return `${namespace}|${metricName}|${dims}`;
}
