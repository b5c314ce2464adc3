import { ValueType, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OutputContext } from '../output.ts';
import type { StreamRecord } from '../../stream-record.ts';

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

/** CloudWatch units as UCUM-ish OTLP units (what collectors expect); unlisted ones pass through as written. */
const UNITS: Record<string, string> = {
  Seconds: 's',
  Milliseconds: 'ms',
  Microseconds: 'us',
  Bytes: 'By',
  Kilobytes: 'kBy',
  Megabytes: 'MBy',
  Gigabytes: 'GBy',
  Percent: '%',
  Count: '1',
  None: '1',
};

/**
 * Records as OTLP metrics: per metric, one Histogram named `<namespace>/<metricName>` (delta; count, sum, min and
 * max, no buckets) with a data point per record, attributed with `Namespace`, `MetricName` and the dimensions; each
 * additional statistic is a Gauge `<namespace>/<metricName>/<statistic>` with the same attributes.
 */
export function recordsToResourceMetrics(
  records: ReadonlyArray<StreamRecord>,
  ctx: OutputContext,
  resourceAttributes: Record<string, string>,
): ResourceMetrics {
  const metrics = new Map<string, MetricData>();
  const metric = (name: string, unit: string, kind: 'histogram' | 'gauge'): MetricData => {
    let m = metrics.get(name);
    if (!m) {
      const descriptor = { name, description: '', unit, valueType: ValueType.DOUBLE };
      m =
        kind === 'histogram'
          ? {
              descriptor,
              aggregationTemporality: AggregationTemporality.DELTA,
              dataPointType: DataPointType.HISTOGRAM,
              dataPoints: [],
            }
          : {
              descriptor,
              aggregationTemporality: AggregationTemporality.DELTA,
              dataPointType: DataPointType.GAUGE,
              dataPoints: [],
            };
      metrics.set(name, m);
    }
    return m;
  };
  for (const r of records) {
    const name = `${r.namespace}/${r.metricName}`;
    const unit = UNITS[r.unit] ?? r.unit;
    const attributes = { Namespace: r.namespace, MetricName: r.metricName, ...r.dimensions };
    const t = hrTime(r.timestamp);
    const h = metric(name, unit, 'histogram');
    if (h.dataPointType === DataPointType.HISTOGRAM)
      h.dataPoints.push({
        startTime: t,
        endTime: t,
        attributes,
        value: {
          buckets: { boundaries: [], counts: [r.value.count] },
          count: r.value.count,
          sum: r.value.sum,
          min: r.value.min,
          max: r.value.max,
        },
      });
    for (const [stat, value] of Object.entries(r.extra)) {
      const g = metric(`${name}/${stat}`, unit, 'gauge');
      if (g.dataPointType === DataPointType.GAUGE) g.dataPoints.push({ startTime: t, endTime: t, attributes, value });
    }
  }
  return {
    resource: resourceFromAttributes({
      'service.name': 'canarykit',
      'cloud.account.id': ctx.accountId,
      'cloud.region': ctx.region,
      'aws.cloudwatch.metric_stream_name': ctx.streamName,
      ...resourceAttributes,
    }),
    scopeMetrics: [{ scope: { name: 'canarykit.metric-streams' }, metrics: [...metrics.values()] }],
  };
}
