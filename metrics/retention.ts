import { z } from 'zod';
import { parseDuration } from '../core/duration.ts';

/** One storage tier: data at `resolution` seconds, kept for `retentionMs`, then rolled up into the next tier. */
export interface RetentionTier {
  /** Seconds per bucket. The first tier holds the raw datapoints (exact timestamps and values). */
  resolution: number;
  retentionMs: number;
}

export type MetricsRetention = ReadonlyArray<RetentionTier>;

/** A retention: a duration string (`'3h'`, `'15d'`, `'1h30m'`) or a number of seconds → ms; undefined when malformed. */
export function retentionMs(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input > 0 ? input * 1000 : undefined;
  try {
    return parseDuration(input);
  } catch {
    return undefined;
  }
}

const tierSchema = z
  .strictObject({
    resolution: z.number().int().min(1).max(86_400),
    retention: z.union([z.number(), z.string()]),
  })
  .transform((t, ctx): RetentionTier => {
    const ms = retentionMs(t.retention);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention'],
        message: `expected a duration like "3h", "15d", "1h30m" or a number of seconds, got ${JSON.stringify(t.retention)}`,
      });
      return z.NEVER;
    }
    return { resolution: t.resolution, retentionMs: ms };
  });

/** CloudWatch's tiers: 1 s for 3 hours, 1 min for 15 days, 5 min for 63 days, 1 hour for 455 days. */
export const defaultRetentionInput = () => [
  { resolution: 1, retention: '3h' },
  { resolution: 60, retention: '15d' },
  { resolution: 300, retention: '63d' },
  { resolution: 3600, retention: '455d' },
];

/**
 * `metrics.retention` in the config: 1-8 tiers, finest first. Each resolution is a multiple of the previous one (so
 * buckets nest), retentions grow, and each tier keeps data at least one bucket of the next tier long. Output: tiers
 * with `retentionMs`. Defaults to {@link defaultRetentionInput} when absent.
 */
export const metricsRetentionSchema = z
  .array(tierSchema)
  .min(1)
  .max(8)
  .superRefine((tiers, ctx) => {
    tiers.forEach((t, i) => {
      const prev = tiers[i - 1];
      if (!prev) return;
      if (t.resolution <= prev.resolution || t.resolution % prev.resolution !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'resolution'],
          message: `must be a larger multiple of the previous tier's resolution (${prev.resolution})`,
        });
      }
      if (t.retentionMs <= prev.retentionMs) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'retention'],
          message: "must be longer than the previous tier's retention",
        });
      }
      if (prev.retentionMs < t.resolution * 1000) {
        ctx.addIssue({
          code: 'custom',
          path: [i - 1, 'retention'],
          message: `must be at least the next tier's resolution (${t.resolution} s)`,
        });
      }
    });
  })
  .prefault(defaultRetentionInput);

export const DEFAULT_METRICS_RETENTION: MetricsRetention = metricsRetentionSchema.parse(undefined);
