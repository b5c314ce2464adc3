import { z } from 'zod';
import { logGroupNameProblem, logStreamNameProblem, retentionProblem } from '../logs/log-group-rules.ts';
import {
  checkMetricTransformation,
  compileMetricFilter,
  METRIC_FILTER_MAX_DIMENSIONS,
  MetricTransformationError,
  parseFilterPattern,
  PatternSyntaxError,
} from '../logs/pattern/index.ts';
import { METRIC_UNITS } from '../metrics/metric-input.ts';
import type { MetricUnit } from '../core/types.ts';

/** MetricTransformation's metricName / metricNamespace: 1–255 characters, none of `: * $`. */
const metricNamePart = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^:*$]+$/, 'must not contain ":", "*" or "$" (CloudWatch Logs metric names)');

const metricFilterSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[^:*]+$/, 'must not contain ":" or "*"'),
    pattern: z.string().max(1024),
    metricNamespace: metricNamePart,
    metricName: metricNamePart,
    metricValue: z.string().min(1).max(100).default('1'),
    defaultValue: z.number().finite().optional(),
    unit: z.enum(METRIC_UNITS as [MetricUnit, ...MetricUnit[]]).optional(),
    dimensions: z.record(z.string().min(1).max(255), z.string()).optional(),
  })
  .superRefine((f, ctx) => {
    const dims = f.dimensions ?? {};
    try {
      checkMetricTransformation(f.metricValue, dims);
    } catch (e) {
      if (!(e instanceof MetricTransformationError)) throw e;
      const onDims = Object.keys(dims).length > METRIC_FILTER_MAX_DIMENSIONS || /dimension/.test(e.message);
      ctx.addIssue({ code: 'custom', path: [onDims ? 'dimensions' : 'metricValue'], message: e.message });
      return;
    }
    try {
      parseFilterPattern(f.pattern);
    } catch (e) {
      if (!(e instanceof PatternSyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: e.message });
      return;
    }
    try {
      compileMetricFilter({ filterPattern: f.pattern, metricValue: f.metricValue, dimensions: dims });
    } catch (e) {
      if (!(e instanceof MetricTransformationError)) throw e;
      ctx.addIssue({ code: 'custom', path: ['metricValue'], message: e.message });
    }
    if (f.defaultValue !== undefined && Object.keys(dims).length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['defaultValue'],
        message: 'a metric filter with dimensions cannot have a defaultValue (a quiet minute has no dimension values)',
      });
  });

const logGroupSchema = z
  .strictObject({
    name: z.string().superRefine((n, ctx) => {
      const p = logGroupNameProblem(n);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    }),
    retentionInDays: z
      .number()
      .optional()
      .superRefine((d, ctx) => {
        const p = retentionProblem(d);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      }),
    metricFilters: z.array(metricFilterSchema).max(100).default([]),
  })
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.metricFilters.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['metricFilters', i, 'name'],
          message: `duplicate metric filter name "${f.name}"`,
        });
      seen.add(f.name);
    });
  });

/** `host:port` (IPv6 as `[::1]:514`). */
export const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):\d{1,5}$/, 'expected "host:port", such as "127.0.0.1:5514"')
  .refine((s) => Number(s.slice(s.lastIndexOf(':') + 1)) <= 65_535, 'the port must be 0-65535');

const syslogRuleSchema = z.strictObject({
  /** Globs (`*`, `?`) on the message's HOSTNAME and APP-NAME (TAG in RFC 3164); absent: any. */
  match: z.strictObject({ hostname: z.string().min(1).optional(), appName: z.string().min(1).optional() }).default({}),
  group: z.string().min(1),
  /** `{hostname}`, `{appName}`, or a literal stream name. */
  stream: z
    .string()
    .min(1)
    .default('{hostname}')
    .superRefine((s, ctx) => {
      if (s === '{hostname}' || s === '{appName}') return;
      const p = logStreamNameProblem(s);
      if (p) ctx.addIssue({ code: 'custom', message: `${p} (or use "{hostname}" or "{appName}")` });
    }),
});

const syslogSchema = z
  .strictObject({
    udp: hostPort.optional(),
    tcp: hostPort.optional(),
    /** First matching rule wins; a message no rule matches is counted and dropped. */
    rules: z.array(syslogRuleSchema).min(1),
    /** Events buffered before a flush (one PutLogEvents batch per group and stream). */
    flushIntervalMs: z.number().int().min(1).max(10_000).default(200),
    /** Largest TCP frame accepted (bytes); a longer frame closes the connection. */
    maxMessageBytes: z.number().int().min(480).max(262_144).default(65_536),
  })
  .refine((s) => s.udp !== undefined || s.tcp !== undefined, 'set "udp", "tcp" or both');

/** `logs` in `canary.config.ts`. */
export const logsSchema = z
  .strictObject({
    groups: z.array(logGroupSchema).default([]),
    syslog: syslogSchema.optional(),
    /** Events kept per log group at most, whatever the retention (trimmed approximately as events arrive). */
    maxEventsPerGroup: z.number().int().min(1000).max(100_000_000).default(1_000_000),
    /** How often the retention job trims expired events (ms). */
    retentionIntervalMs: z.number().int().min(1000).max(86_400_000).default(60_000),
  })
  .superRefine((l, ctx) => {
    const names = new Set<string>();
    l.groups.forEach((g, i) => {
      if (names.has(g.name))
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'name'], message: `duplicate log group "${g.name}"` });
      names.add(g.name);
    });
    l.syslog?.rules.forEach((r, i) => {
      if (!names.has(r.group))
        ctx.addIssue({
          code: 'custom',
          path: ['syslog', 'rules', i, 'group'],
          message: `unknown log group "${r.group}": declare it in logs.groups`,
        });
    });
  })
  .prefault({});

export type LogsConfig = z.output<typeof logsSchema>;
export type LogGroupConfig = LogsConfig['groups'][number];
export type SyslogConfig = NonNullable<LogsConfig['syslog']>;
