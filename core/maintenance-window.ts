/**
 * A maintenance window: actions of matching alarms are suppressed (and the suppression recorded) while it
 * is open; alarms keep evaluating. Either absolute (`start`/`end`) or recurring (`cron` + `duration`).
 */
export interface MaintenanceWindow {
  name: string;
  /** Alarm names or globs (`www-*`). */
  alarms: string[];
  /** ISO times, for an absolute window. */
  start?: string | undefined;
  end?: string | undefined;
  /** CloudWatch cron, e.g. `cron(0 2 ? * SUN *)` (UTC), for a recurring window. */
  cron?: string | undefined;
  /** Seconds each cron occurrence lasts. */
  duration?: number | undefined;
}
