import type { OutputContext } from '../output.ts';
import type { StreamRecord } from '../../stream-record.ts';

/**
 * One record in the JSON output format of CloudWatch metric streams: `metric_stream_name`, `account_id`, `region`,
 * `namespace`, `metric_name`, `dimensions`, `timestamp` (epoch ms), `value` ({ max, min, sum, count } and each
 * additional statistic by name, e.g. `p99`) and `unit`.
 */
export function cloudWatchJsonRecord(r: StreamRecord, ctx: OutputContext): Record<string, unknown> {
  return {
    metric_stream_name: ctx.streamName,
    account_id: ctx.accountId,
    region: ctx.region,
    namespace: r.namespace,
    metric_name: r.metricName,
    dimensions: r.dimensions,
    timestamp: r.timestamp,
    value: { max: r.value.max, min: r.value.min, sum: r.value.sum, count: r.value.count, ...r.extra },
    unit: r.unit,
  };
}
