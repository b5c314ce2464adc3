import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { z } from 'zod';
import { httpSend } from '../http-send.ts';
import { defineStreamOutput } from '../output.ts';
import { recordsToResourceMetrics } from './otlp-metrics.ts';

const schema = z.strictObject({
  type: z.literal('otlp-http'),
  /** The collector's metrics URL, e.g. `http://127.0.0.1:4318/v1/metrics`. */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  headers: z.record(z.string().min(1), z.string()).default({}),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Added to the resource (`deployment.environment: 'prod'`). */
  resourceAttributes: z.record(z.string().min(1), z.string()).default({}),
});

/** OTLP/HTTP with protobuf (`application/x-protobuf`), serialized by OpenTelemetry's own OTLP transformer. */
export const otlpHttp = defineStreamOutput({
  type: 'otlp-http',
  schema,
  create(config, ctx) {
    return {
      async send(records) {
        if (records.length === 0) return;
        const body = ProtobufMetricsSerializer.serializeRequest(
          recordsToResourceMetrics(records, ctx, config.resourceAttributes),
        );
        if (!body) throw new Error('the OTLP serializer produced nothing');
        await httpSend({
          url: config.url,
          body,
          headers: { ...config.headers, 'content-type': 'application/x-protobuf' },
          timeoutMs: config.timeoutMs,
          label: 'OTLP/HTTP export',
        });
      },
    };
  },
});
