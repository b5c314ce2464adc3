import type { CanaryDefinition } from '../core/canary.ts';
import { CANARY_NAMESPACE } from '../core/metric-names.ts';
import type { RunRecord } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Uptime in % (SuccessPercent averaged over the runs) per rolling window; null for a window without runs. */
export interface Uptime {
  d1: number | null;
  d7: number | null;
  d30: number | null;
}

/** Hourly SuccessPercent sums and counts of a canary over the last `days` days, oldest first. */
async function hourly(metrics: MetricStore, canary: string, now: number, days: number) {
  return metrics.statistics({
    namespace: CANARY_NAMESPACE,
    metricName: 'SuccessPercent',
    dimensions: { CanaryName: canary },
    start: now - days * DAY,
    end: now + 1,
    period: 3600,
  });
}

export async function canaryUptime(metrics: MetricStore, canary: string, now: number): Promise<Uptime> {
  const periods = await hourly(metrics, canary, now, 30);
  const over = (ms: number): number | null => {
    let sum = 0;
    let n = 0;
    for (const p of periods)
      if (p.timestamp >= now - ms) {
        sum += p.Sum;
        n += p.SampleCount;
      }
    return n === 0 ? null : Math.round((sum / n) * 100) / 100;
  };
  return { d1: over(DAY), d7: over(7 * DAY), d30: over(30 * DAY) };
}

/** Uptime per UTC day over the last `days` days (oldest first), null on days without runs: the status page's bars. */
export async function dailyUptime(
  metrics: MetricStore,
  canary: string,
  now: number,
  days: number,
): Promise<Array<{ day: string; uptime: number | null }>> {
  const today = Math.floor(now / DAY) * DAY;
  const periods = await metrics.statistics({
    namespace: CANARY_NAMESPACE,
    metricName: 'SuccessPercent',
    dimensions: { CanaryName: canary },
    start: today - (days - 1) * DAY,
    end: today + DAY,
    period: 86_400,
  });
  const byDay = new Map(periods.map((p) => [p.timestamp, p]));
  return Array.from({ length: days }, (_, i) => {
    const t = today - (days - 1 - i) * DAY;
    const p = byDay.get(t);
    return {
      day: new Date(t).toISOString().slice(0, 10),
      uptime: p && p.SampleCount > 0 ? Math.round((p.Sum / p.SampleCount) * 100) / 100 : null,
    };
  });
}

/** The q-quantile (0..1) of the values by nearest rank; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** A canary's status: its last run's, or NO_DATA before the first. */
export function canaryStatus(last: RunRecord | undefined): string {
  return last ? last.status : 'NO_DATA';
}

const RANK: Record<string, number> = { FAILED: 0, ERROR: 1, NO_DATA: 2, PASSED: 3 };

/** Red first: FAILED, ERROR, then no data, then PASSED; by name within each. */
export function redFirst<T extends { name: string; status: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (RANK[a.status] ?? 2) - (RANK[b.status] ?? 2) || a.name.localeCompare(b.name));
}

export function canaryBasics(c: CanaryDefinition) {
  return { name: c.name, blueprint: c.blueprint, schedule: c.schedule.expression, tags: c.tags };
}
