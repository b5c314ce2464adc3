import { z } from 'zod';

const actionList = z.array(z.string().min(1)).default([]);

/** A composite alarm as written in `canary.config.ts` (CloudWatch's PutCompositeAlarm fields). */
export const compositeAlarmSchema = z
  .strictObject({
    name: z.string().regex(/^[^\x00-\x1f]{1,255}$/, 'expected 1-255 printable characters'),
    description: z.string().max(1024).optional(),
    alarmRule: z.string().min(1),
    actionsEnabled: z.boolean().default(true),
    alarmActions: actionList,
    okActions: actionList,
    insufficientDataActions: actionList,
    /** Seconds between reminders (alarmActions again) while the alarm stays in ALARM. */
    reminderInterval: z.number().int().min(1).optional(),
    actionsSuppressor: z.string().min(1).optional(),
    actionsSuppressorWaitPeriod: z.number().int().min(0).optional(),
    actionsSuppressorExtensionPeriod: z.number().int().min(0).optional(),
  })
  .superRefine((a, ctx) => {
    const hasPeriods = a.actionsSuppressorWaitPeriod !== undefined || a.actionsSuppressorExtensionPeriod !== undefined;
    if (a.actionsSuppressor && !hasPeriods) {
      ctx.addIssue({
        code: 'custom',
        path: ['actionsSuppressorWaitPeriod'],
        message: 'actionsSuppressorWaitPeriod and actionsSuppressorExtensionPeriod are required with actionsSuppressor',
      });
    }
    if (!a.actionsSuppressor && hasPeriods) {
      ctx.addIssue({
        code: 'custom',
        path: ['actionsSuppressor'],
        message: 'actionsSuppressorWaitPeriod and actionsSuppressorExtensionPeriod need actionsSuppressor',
      });
    }
  });
