import type { Logger } from '../core/logger.ts';
import { MetricDataError } from '../metrics/metric-data-error.ts';
import type { MetricInput } from '../metrics/metric-input.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { parsePutMetricData } from '../metrics/put-metric-data.ts';

const MAX_DATAPOINTS = 1000;

/**
 * Publishes metric-filter datapoints through PutMetricData's rules (names, dimension values, value range, time
 * window), 1000 per call as PutMetricData allows. A datapoint those rules refuse (a dimension value taken from a log
 * line with a control character, say) is dropped and counted, not the batch. `ids` (optional, parallel to `data`)
 * make writes idempotent. Returns how many datapoints were stored and dropped.
 */
export async function publishFilterData(
  metrics: MetricStore,
  namespace: string,
  data: ReadonlyArray<object>,
  now: number,
  log: Logger,
  ids?: readonly string[],
): Promise<{ stored: number; dropped: number }> {
  let stored = 0;
  let dropped = 0;
  for (let i = 0; i < data.length; i += MAX_DATAPOINTS) {
    const chunk = data.slice(i, i + MAX_DATAPOINTS);
    const chunkIds = ids?.slice(i, i + MAX_DATAPOINTS);
    let parsed: MetricInput[];
    let keptIds: string[] | undefined;
    try {
      parsed = parsePutMetricData({ namespace, metricData: chunk }, { now }).data;
      keptIds = chunkIds ? [...chunkIds] : undefined;
    } catch (error) {
      if (!(error instanceof MetricDataError)) throw error;
      parsed = [];
      keptIds = chunkIds ? [] : undefined;
      chunk.forEach((d, j) => {
        try {
          parsed.push(...parsePutMetricData({ namespace, metricData: [d] }, { now }).data);
          if (keptIds && chunkIds) keptIds.push(chunkIds[j] as string);
        } catch (e) {
          if (!(e instanceof MetricDataError)) throw e;
          dropped += 1;
          log.warn(
            { namespace, metricName: (d as { metricName?: unknown }).metricName, err: e.message },
            'metric filter datapoint dropped',
          );
        }
      });
    }
    if (parsed.length > 0) await metrics.putMany(parsed, keptIds);
    stored += parsed.length;
  }
  return { stored, dropped };
}
