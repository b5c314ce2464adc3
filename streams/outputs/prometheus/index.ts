import { compressSync } from 'snappy';
import { z } from 'zod';
import { httpSend } from '../http-send.ts';
import { defineStreamOutput } from '../output.ts';
import { recordsToSeries } from './prometheus-series.ts';
import { encodeWriteRequest } from './remote-write-proto.ts';

const schema = z.strictObject({
  type: z.literal('prometheus-remote-write'),
  /** The receiver's remote-write URL, e.g. `http://127.0.0.1:9090/api/v1/write`. */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  headers: z.record(z.string().min(1), z.string()).default({}),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Put before every metric name (`canarykit_`). */
  metricNamePrefix: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)')
    .or(z.literal(''))
    .default(''),
});

/** Prometheus remote write 1.0: a snappy-compressed protobuf WriteRequest per delivery. */
export const prometheusRemoteWrite = defineStreamOutput({
  type: 'prometheus-remote-write',
  schema,
  create(config) {
    return {
      async send(records) {
        const series = recordsToSeries(records, config.metricNamePrefix);
        if (series.length === 0) return;
        await httpSend({
          url: config.url,
          body: compressSync(Buffer.from(encodeWriteRequest(series))),
          headers: {
            ...config.headers,
            'content-type': 'application/x-protobuf',
            'content-encoding': 'snappy',
            'x-prometheus-remote-write-version': '0.1.0',
            'user-agent': 'canarykit-metric-streams',
          },
          timeoutMs: config.timeoutMs,
          label: 'Prometheus remote write',
        });
      },
    };
  },
});
