import { CronExpressionParser } from 'cron-parser';
import picomatch from 'picomatch';
import type { MaintenanceWindow } from '../core/maintenance-window.ts';
import { parseSchedule } from '../core/schedule.ts';

/** The maintenance window open for `alarm` at `at` (epoch ms), if any. Pure: time is passed in. */
export function openMaintenanceWindow(
  windows: ReadonlyArray<MaintenanceWindow>,
  alarm: string,
  at: number,
): MaintenanceWindow | undefined {
  return windows.find((w) => {
    if (!picomatch.isMatch(alarm, w.alarms)) return false;
    if (w.start && w.end) return at >= Date.parse(w.start) && at < Date.parse(w.end);
    if (!w.cron || !w.duration) return false;
    const schedule = parseSchedule(w.cron);
    if (schedule.kind !== 'cron') return false;
    const it = CronExpressionParser.parse(schedule.pattern, { currentDate: new Date(at + 1), tz: 'UTC' });
    const last = it.prev().getTime();
    return at - last < w.duration * 1000;
  });
}
