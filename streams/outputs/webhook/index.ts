import { z } from 'zod';
import { httpSend } from '../http-send.ts';
import { defineStreamOutput } from '../output.ts';
import { cloudWatchJsonRecord } from './cloudwatch-json.ts';

const schema = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  headers: z.record(z.string().min(1), z.string()).default({}),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});

/**
 * NDJSON over HTTP POST, one record a line in CloudWatch metric streams' JSON output format (cloudwatch-json.ts):
 * what a Firehose-like sink ingests.
 */
export const webhook = defineStreamOutput({
  type: 'webhook',
  schema,
  create(config, ctx) {
    return {
      async send(records) {
        if (records.length === 0) return;
        await httpSend({
          url: config.url,
          body: records.map((r) => `${JSON.stringify(cloudWatchJsonRecord(r, ctx))}\n`).join(''),
          headers: { ...config.headers, 'content-type': 'application/x-ndjson' },
          timeoutMs: config.timeoutMs,
          label: 'metric stream webhook',
        });
      },
    };
  },
});
