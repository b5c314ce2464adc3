import { z } from 'zod';
import type { RunRetentionPolicy } from '../core/canary.ts';
import { metricAlarmSchema } from './alarm-schema.ts';
import { metricsRetentionSchema } from '../metrics/retention.ts';
import { compositeAlarmSchema } from './composite-schema.ts';
import { logsSchema } from './logs-schema.ts';
import { maintenanceWindowSchema } from './maintenance-schema.ts';
import { metricStreamsSchema } from './metric-streams-schema.ts';
import { providerConfigSections } from '../providers/index.ts';
import { proxiesSchema } from './proxies-schema.ts';
import { statusPagesSchema } from './status-page-schema.ts';

const positiveInt = z.number().int().min(1);
/** Each bound the API enforces; every one optional (the defaults are in server/api-limits.ts). */
const apiLimitsSchema = z.strictObject({
  requestDeadlineMs: positiveInt.max(600_000).optional(),
  headersTimeoutMs: positiveInt.max(600_000).optional(),
  requestTimeoutMs: positiveInt.max(3_600_000).optional(),
  redisHealthTimeoutMs: positiveInt.max(60_000).optional(),
  scrapeTimeoutMs: positiveInt.max(600_000).optional(),
  maxNewSeriesPerMinute: positiveInt.max(10_000_000).optional(),
  maxConcurrentBands: positiveInt.max(64).optional(),
  maxBandTrainingPeriods: positiveInt.max(100_000_000).optional(),
});

const retentionRule = z.strictObject({
  /** Days a run is kept. */
  days: z.number().min(1).max(455),
  /** Runs kept per canary (newest first). */
  runs: z.number().int().min(1).max(1000),
});

/** `canary.config.ts`, as validated. Action entries are checked against their plugin's schema (and `check`) separately. */
export const configSchema = z.strictObject({
  canaries: z.array(z.string().min(1)).min(1).default(['canaries/**/*.canary.ts']),
  /** Globs of `*.drill.ts` files (README § Drills). */
  drills: z.array(z.string().min(1)).default(['drills/**/*.drill.ts']),
  redis: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  /** Key prefix for everything canarykit stores in Redis (BullMQ queues included). */
  redisPrefix: z
    .string()
    .regex(/^[a-zA-Z0-9_:.-]+$/)
    .default('canarykit'),
  dataDir: z.string().min(1).default('.canary'),
  api: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8080),
      /** When set, every /api route needs `Authorization: Bearer <token>` (/healthz and /metrics stay open). */
      token: z.string().min(16, 'expected at least 16 characters').optional(),
      /** Overrides of the API's per-request bounds (README § HTTP API, Limits). */
      limits: apiLimitsSchema.optional(),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
  /** Sections owned by providers (the built-in DNS server's `dns`), validated by each provider's own schema. */
  ...providerConfigSections,
  /** Built-in fault proxies by name (`http` faults name them); the `proxy` role of `canary up` runs them. */
  proxies: proxiesSchema,
  actions: z.record(z.string().min(1), z.looseObject({ type: z.string() })).default({}),
  metrics: z.strictObject({ retention: metricsRetentionSchema }).prefault({}),
  /** Metric streams out to Prometheus remote write, OTLP/HTTP and webhooks (config/metric-streams-schema.ts). */
  metricStreams: metricStreamsSchema,
  alarms: z.array(metricAlarmSchema).default([]),
  compositeAlarms: z.array(compositeAlarmSchema).default([]),
  maintenanceWindows: z.array(maintenanceWindowSchema).default([]),
  /** Log groups (with metric filters) and the syslog listener (config/logs-schema.ts). */
  logs: logsSchema,
  alarmHistory: z
    .strictObject({
      /** History items kept per alarm. */
      maxItems: z.number().int().min(10).max(100_000).default(1000),
      /** Days history items are kept. */
      retentionDays: z.number().min(1).max(3650).default(30),
    })
    .default({ maxItems: 1000, retentionDays: 30 }),
  worker: z
    .strictObject({
      concurrency: z.number().int().min(1).max(256).default(2),
      /** Attempts for a run that ends in ERROR (canary machinery broke). FAILED runs are never retried. */
      errorRetries: z.number().int().min(0).max(10).default(1),
      /**
       * How long a worker's hold on a run lasts without renewal (renewed every half of it while the run goes on).
       * A run on a worker that died (SIGKILL, a lost host) is taken over by another worker within about twice this.
       */
      lockSeconds: z.number().int().min(2).max(600).default(30),
    })
    .default({ concurrency: 2, errorRetries: 1, lockSeconds: 30 }),
  /** How long run records and artifacts are kept, separately for passed and failed runs (as Synthetics does). */
  retention: z
    .strictObject({
      passed: retentionRule.default({ days: 7, runs: 100 }),
      failed: retentionRule.default({ days: 30, runs: 500 }),
    })
    .default({ passed: { days: 7, runs: 100 }, failed: { days: 30, runs: 500 } }) satisfies z.ZodType<
    RunRetentionPolicy,
    unknown
  >,
  alarmEngine: z
    .strictObject({
      /** How long after a period closes the engine waits for late datapoints before evaluating it. */
      evaluationDelayMs: z.number().int().min(0).max(60_000).default(150),
      /**
       * Evaluate a canary alarm's period as soon as every run the schedule places in it was recorded, instead of
       * when it closes plus evaluationDelayMs (the same decision, sooner). The tick still evaluates the rest.
       */
      evaluateOnArrival: z.boolean().default(true),
    })
    .default({ evaluationDelayMs: 150, evaluateOnArrival: true }),
  /** Fault leases: how long a fault outlives a controller that stopped renewing it (`canary fault inject`, drills). */
  faults: z.strictObject({ leaseSeconds: z.number().int().min(5).max(3600).default(30) }).default({ leaseSeconds: 30 }),
  /** The event stream (`<redisPrefix>:events`): how many events it keeps (approximately; older ones are trimmed). */
  events: z
    .strictObject({ maxLength: z.number().int().min(100).max(10_000_000).default(100_000) })
    .default({ maxLength: 100_000 }),
  /** Public status pages (`/status/<slug>`), each showing only the canaries it lists (by name or tag). */
  statusPages: statusPagesSchema,
});

export type ConfigInput = z.input<typeof configSchema>;
export type ResolvedConfig = z.output<typeof configSchema>;
