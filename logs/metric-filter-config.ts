import type { MetricUnit } from '../core/types.ts';

/** One metric filter of a log group (`logs.groups[].metricFilters[]`), as PutMetricFilter describes it. */
export interface MetricFilterConfig {
  /** Unique within the group. */
  name: string;
  /** A CloudWatch Logs filter pattern (`ERROR`, `{ $.status = 500 }`, `[ip, ..., status = 5*]`, `%fail%`). */
  pattern: string;
  metricNamespace: string;
  metricName: string;
  /** A number ("1") or a field reference (`$.latency`, `$bytes`, `$7`). */
  metricValue: string;
  /** Published as the value of each minute in which no event matched (none published without it). */
  defaultValue?: number | undefined;
  unit?: MetricUnit | undefined;
  /** Up to three dimension names, each mapped to a field reference. */
  dimensions?: Record<string, string> | undefined;
}
