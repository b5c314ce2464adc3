import type { MetricStore } from './metric-store.ts';
import { parsePutMetricData, type ParseOptions } from './put-metric-data.ts';

export interface PutMetricDataResult {
  namespace: string;
  /** Datapoints stored. */
  stored: number;
}

/**
 * The library form of `POST /api/metrics`: validates `input` (our JSON shape or CloudWatch's PutMetricData JSON, see
 * {@link parsePutMetricData}) and stores every datapoint in one transaction.
 *
 * ```ts
 * await putMetricData(store, { namespace: 'Shop', metricData: [{ metricName: 'Errors', dimensions: { Service: 'cart' }, value: 7, unit: 'Count' }] });
 * ```
 *
 * @throws MetricDataError (nothing stored) when any datapoint is invalid.
 */
export async function putMetricData(
  store: MetricStore,
  input: unknown,
  opts: ParseOptions = {},
): Promise<PutMetricDataResult> {
  const parsed = parsePutMetricData(input, opts);
  await store.putMany(parsed.data);
  return { namespace: parsed.namespace, stored: parsed.data.length };
}
