import { z } from 'zod';
import { parseStatistic, StatisticSyntaxError } from '../metrics/statistic-name.ts';
import { METRIC_STREAM_DEFAULTS, type MetricStreamConfig } from '../streams/metric-stream-config.ts';
import { findStreamOutput, streamOutputs } from '../streams/outputs/index.ts';
import { issueMessage } from './zod-issues.ts';

const name255 = z.string().min(1).max(255);
const selector = z.strictObject({ namespace: name255, metricNames: z.array(name255).min(1).max(1000).optional() });
const statistic = z.string().superRefine((s, ctx) => {
  try {
    if (parseStatistic(s).kind === 'basic')
      ctx.addIssue({
        code: 'custom',
        message: `"${s}" is always streamed (count, sum, min, max); list additional statistics only (p99, TM(10%:90%))`,
      });
  } catch (e) {
    if (!(e instanceof StatisticSyntaxError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
  }
});
const types = Object.keys(streamOutputs);

/** The `output` of a stream: its `type` picks the output (streams/outputs/), whose schema checks the rest. */
const outputSchema = z.looseObject({ type: z.string() }).transform((o, ctx) => {
  const plugin = findStreamOutput(o.type);
  if (!plugin) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: `unknown output type "${o.type}"; expected one of ${types.map((t) => `"${t}"`).join(', ')}`,
    });
    return z.NEVER;
  }
  const r = plugin.schema.safeParse(o);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const at = issue.path.reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
        o,
      );
      ctx.addIssue({ code: 'custom', path: issue.path, message: issueMessage(issue, at) });
    }
    return z.NEVER;
  }
  return r.data;
});

const streamSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-zA-Z0-9_-]+$/, 'expected letters, digits, "_" and "-" (CloudWatch metric stream names)'),
    include: z.array(selector).min(1).max(1000).optional(),
    exclude: z.array(selector).min(1).max(1000).optional(),
    statistics: z
      .array(
        z.strictObject({
          additional: z.array(statistic).min(1).max(20),
          metrics: z
            .array(z.strictObject({ namespace: name255, metricName: name255 }))
            .min(1)
            .optional(),
        }),
      )
      .max(100)
      .optional(),
    output: outputSchema,
    bufferEntries: z.number().int().min(10).max(10_000_000).default(METRIC_STREAM_DEFAULTS.bufferEntries),
    batchSize: z.number().int().min(1).max(10_000).default(METRIC_STREAM_DEFAULTS.batchSize),
    retry: z
      .strictObject({
        initialMs: z.number().int().min(10).max(60_000).default(METRIC_STREAM_DEFAULTS.retry.initialMs),
        maxMs: z.number().int().min(10).max(3_600_000).default(METRIC_STREAM_DEFAULTS.retry.maxMs),
      })
      .default({ ...METRIC_STREAM_DEFAULTS.retry }),
    claimIdleMs: z.number().int().min(1000).max(3_600_000).default(METRIC_STREAM_DEFAULTS.claimIdleMs),
    accountId: z.string().min(1).max(64).default(METRIC_STREAM_DEFAULTS.accountId),
    region: z.string().min(1).max(64).default(METRIC_STREAM_DEFAULTS.region),
  })
  .superRefine((s, ctx) => {
    if (s.include && s.exclude)
      ctx.addIssue({
        code: 'custom',
        path: ['exclude'],
        message: 'a metric stream has include or exclude filters, not both (as in CloudWatch)',
      });
  }) satisfies z.ZodType<MetricStreamConfig, unknown>;

/** `metricStreams` in `canary.config.ts` (README § Metric streams): names unique. */
export const metricStreamsSchema = z
  .array(streamSchema)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `another metric stream is named "${s.name}"` });
      seen.add(s.name);
    });
  })
  .default([]);
