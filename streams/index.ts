/** Metric streams: the metric store's writes, buffered in Redis, delivered to Prometheus, OTLP and webhooks. */
export { MetricStreamTap } from './metric-stream-tap.ts';
export { MetricStreams, type MetricStreamsOptions } from './metric-streams.ts';
export { MetricStreamConsumer, type StreamConsumerOptions } from './stream-consumer.ts';
export { readStreamStatus, type MetricStreamStatus } from './stream-status.ts';
export { selects } from './metric-filter.ts';
export {
  METRIC_STREAM_DEFAULTS,
  type MetricSelector,
  type MetricStreamConfig,
  type StatisticsConfiguration,
} from './metric-stream-config.ts';
export { buildRecords, type StreamRecord } from './stream-record.ts';
export { streamOutputs, findStreamOutput, type StreamOutputType } from './outputs/index.ts';
export {
  SinkError,
  defineStreamOutput,
  type StreamOutputPlugin,
  type StreamSink,
  type OutputContext,
} from './outputs/output.ts';
export { StreamKeys } from './stream-keys.ts';
