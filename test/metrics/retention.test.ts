import { describe, expect, it } from 'vitest';
import { DEFAULT_METRICS_RETENTION, metricsRetentionSchema, retentionMs } from '../../metrics/retention.ts';

describe('metricsRetentionSchema', () => {
  it("defaults to CloudWatch's tiers", () => {
    expect(DEFAULT_METRICS_RETENTION).toEqual([
      { resolution: 1, retentionMs: 3 * 3_600_000 },
      { resolution: 60, retentionMs: 15 * 86_400_000 },
      { resolution: 300, retentionMs: 63 * 86_400_000 },
      { resolution: 3600, retentionMs: 455 * 86_400_000 },
    ]);
  });

  it('reads durations', () => {
    expect(retentionMs('90s')).toBe(90_000);
    expect(retentionMs('1.5h')).toBe(5_400_000);
    expect(retentionMs('1h30m')).toBe(5_400_000);
    expect(retentionMs('2w')).toBe(14 * 86_400_000);
    expect(retentionMs(30)).toBe(30_000);
    expect(retentionMs('3 days')).toBeUndefined();
    expect(retentionMs('0s')).toBeUndefined();
  });

  it('rejects tiers that cannot nest, with the place of each problem', () => {
    const r = metricsRetentionSchema.safeParse([
      { resolution: 1, retention: '30s' },
      { resolution: 90, retention: '1d' },
      { resolution: 120, retention: '12h' },
      { resolution: 3600, retention: 'forever' },
    ]);
    expect(r.success).toBe(false);
    const issues = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      '3.retention: expected a duration like "3h", "15d", "1h30m" or a number of seconds, got "forever"',
    ]);
    const r2 = metricsRetentionSchema.safeParse([
      { resolution: 1, retention: '30s' },
      { resolution: 90, retention: '1d' },
      { resolution: 120, retention: '12h' },
    ]);
    expect(r2.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      "0.retention: must be at least the next tier's resolution (90 s)",
      "2.resolution: must be a larger multiple of the previous tier's resolution (90)",
      "2.retention: must be longer than the previous tier's retention",
    ]);
    expect(metricsRetentionSchema.safeParse([]).success).toBe(false);
    expect(metricsRetentionSchema.safeParse([{ resolution: 1, retention: '1h', extra: 1 }]).success).toBe(false);
  });
});
