import { createRequire } from 'node:module';

/**
 * An independent OTLP decoder for the tests: the protobufjs code the OpenTelemetry JS project generated from the
 * official opentelemetry-proto definitions (shipped in @opentelemetry/otlp-proto-exporter-base), unrelated to the
 * otlp-transformer serializer the output encodes with.
 */
interface DecodedRequest {
  resourceMetrics: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics: Array<{
      scope: { name: string };
      metrics: Array<{
        name: string;
        unit: string;
        histogram?: {
          aggregationTemporality: number;
          dataPoints: Array<{
            attributes: Array<{ key: string; value: { stringValue?: string } }>;
            timeUnixNano: string;
            count: string;
            sum: number;
            min: number;
            max: number;
            bucketCounts: string[];
          }>;
        };
        gauge?: {
          dataPoints: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }>; asDouble: number }>;
        };
      }>;
    }>;
  }>;
}

type MessageType = {
  decode(b: Uint8Array): unknown;
  toObject(m: unknown, o: { longs: StringConstructor; defaults: boolean }): unknown;
};
const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-proto-exporter-base/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { metrics: { v1: { ExportMetricsServiceRequest: MessageType } } } } };
};

export function decodeOtlpMetrics(body: Uint8Array): DecodedRequest {
  const T = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
  return T.toObject(T.decode(body), { longs: String, defaults: true }) as DecodedRequest;
}

export const attrs = (list: Array<{ key: string; value: { stringValue?: string } }>) =>
  Object.fromEntries(list.map((a) => [a.key, a.value.stringValue]));
