import type { Dimensions } from '../core/types.ts';

/** Backslash-escapes the separators, so `{ a: '1,b=2' }` and `{ a: '1', b: '2' }` get different ids. */
const esc = (s: string) => (/[\\|,=]/.test(s) ? s.replace(/[\\|,=]/g, (c) => `\\${c}`) : s);

/**
 * Canonical identity of a metric series: namespace, name and sorted dimensions. Names without `\ | , =` give the
 * same id as before escaping was added, so existing keys stay valid.
 */
export function seriesId(namespace: string, metricName: string, dimensions: Dimensions): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${esc(k)}=${esc(dimensions[k] ?? '')}`)
    .join(',');
  return `${esc(namespace)}|${esc(metricName)}|${dims}`;
}
