import { z } from 'zod';
import type { MaintenanceWindow } from '../core/maintenance-window.ts';
import { parseSchedule } from '../core/schedule.ts';

/**
 * A maintenance window: actions of matching alarms are suppressed (and the suppression recorded) while it
 * is open; alarms keep evaluating. Either absolute (`start`/`end`) or recurring (`cron` + `duration`).
 */
export const maintenanceWindowSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Alarm names or globs (`www-*`); default every alarm. */
    alarms: z.array(z.string().min(1)).default(['*']),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    /** CloudWatch cron, e.g. `cron(0 2 ? * SUN *)` (UTC). */
    cron: z.string().optional(),
    /** Seconds each cron occurrence lasts. */
    duration: z.number().int().min(1).optional(),
  })
  .superRefine((w, ctx) => {
    const absolute = w.start !== undefined || w.end !== undefined;
    const recurring = w.cron !== undefined || w.duration !== undefined;
    if (absolute === recurring) {
      ctx.addIssue({ code: 'custom', path: [], message: 'expected either start and end, or cron and duration' });
      return;
    }
    if (absolute && (w.start === undefined || w.end === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [w.start === undefined ? 'start' : 'end'],
        message: 'start and end are both required',
      });
    if (absolute && w.start && w.end && Date.parse(w.end) <= Date.parse(w.start))
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    if (recurring && (w.cron === undefined || w.duration === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [w.cron === undefined ? 'cron' : 'duration'],
        message: 'cron and duration are both required',
      });
    if (w.cron !== undefined) {
      try {
        const s = parseSchedule(w.cron);
        if (s.kind !== 'cron')
          ctx.addIssue({ code: 'custom', path: ['cron'], message: `expected cron(...), got ${w.cron}` });
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: (err as Error).message });
      }
    }
  });

// The schema's output is the domain type of core/.
maintenanceWindowSchema satisfies z.ZodType<MaintenanceWindow, unknown>;

export type { MaintenanceWindow };
