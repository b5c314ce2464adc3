import { z } from 'zod';
import { metricAlarmSchema } from './alarm-schema.ts';

/** Canary fields shared by every blueprint; blueprint-specific fields are validated by the blueprint's schema. */
export const canaryBaseSchema = z.object({
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/,
      'expected 1-128 letters, digits, "-", "_" or "." starting with a letter or digit',
    ),
  blueprint: z.string(),
  schedule: z.string(),
  timeout: z
    .number()
    .positive()
    .max(14 * 60, 'timeout must be at most 840 seconds')
    .default(60),
  alarms: z.array(metricAlarmSchema).default([]),
  tags: z.record(z.string(), z.string()).default({}),
});

export const canaryBaseKeys = new Set(Object.keys(canaryBaseSchema.shape));

export type CanaryBaseInput = z.input<typeof canaryBaseSchema>;
