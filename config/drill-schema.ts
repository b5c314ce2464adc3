import { isIP } from 'node:net';
import { z } from 'zod';

const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const ACTION_STATUSES = ['done', 'noop', 'dry-run', 'failed', 'suppressed', 'superseded'] as const;

const seconds = (max: number) => z.number().positive().max(max, `expected at most ${max} seconds`);
const within = seconds(3600);
const name = z.string().min(1, 'expected a non-empty name');

/** Each expectation kind, told apart by the key naming what it is about (`alarm`, `dns`, …). */
export const expectationSchemas = {
  alarm: z.strictObject({ alarm: name, state: z.enum(ALARM_STATES), within }),
  dns: z.strictObject({
    dns: name,
    serves: z.string().refine((v) => v === 'primary' || v === 'secondary' || isIP(v) !== 0, {
      error: (issue) => `expected "primary", "secondary" or an IP address, got ${JSON.stringify(issue.input)}`,
    }),
    within,
  }),
  canary: z.strictObject({ canary: name, passes: z.boolean(), within }),
  action: z.strictObject({ action: name, status: z.enum(ACTION_STATUSES).default('done'), within }),
  recovery: z.strictObject({ recovery: name, verified: z.literal(true).default(true), within }),
} as const;

export type ExpectationKind = keyof typeof expectationSchemas;
export const EXPECTATION_KINDS = Object.keys(expectationSchemas) as ExpectationKind[];

type ExpectationInput = { [K in ExpectationKind]: z.input<(typeof expectationSchemas)[K]> }[ExpectationKind];

/** A `*.drill.ts` file's default export; expectations and faults are checked one by one in `validate-drill.ts`. */
export const drillSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/,
      'expected 1-128 letters, digits, "-", "_" or "." starting with a letter or digit',
    ),
  description: z.string().optional(),
  steadyState: z
    .strictObject({
      alarms: z.record(z.string().min(1), z.enum(ALARM_STATES)).default({}),
      canaries: z.array(name).default([]),
      /** Seconds of green before the fault. */
      for: z.number().min(0).max(3600).default(0),
      /** Seconds to wait for the steady state before giving up (default `for` + 60). */
      within: seconds(3600).optional(),
    })
    .prefault({}),
  faults: z.array(z.looseObject({ type: z.string().min(1) })).min(1, 'expected at least one fault'),
  expect: z.array(z.unknown()).default([]),
  holdFor: z.number().min(0).max(3600).default(0),
  recover: z.array(z.unknown()).default([]),
  abortOn: z.array(name).default([]),
  lease: seconds(3600).min(1, 'expected at least 1 second').optional(),
  schedule: z.string().optional(),
  observe: z
    .strictObject({
      resolvers: z
        .array(
          z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/, {
            error: 'expected a resolver address like 127.0.0.1:5300',
          }),
        )
        .default([]),
    })
    .prefault({}),
  /** Seconds the whole drill may take (default 600). */
  timeout: seconds(24 * 3600).default(600),
});

export type DrillInput = Omit<z.input<typeof drillSchema>, 'expect' | 'recover' | 'faults'> & {
  faults: Array<{ type: string; [setting: string]: unknown }>;
  expect?: ExpectationInput[];
  recover?: ExpectationInput[];
};
