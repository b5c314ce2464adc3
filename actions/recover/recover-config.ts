/** The `recover` action's entry: the provider, its target fields, and how the recovery is limited and verified. */
import { z } from 'zod';
import { parseDuration } from '../../core/duration.ts';

const WORDS: Record<string, string> = {
  w: 'w',
  week: 'w',
  weeks: 'w',
  d: 'd',
  day: 'd',
  days: 'd',
  h: 'h',
  hour: 'h',
  hours: 'h',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
};

/** `1 day`, `12 hours`, `30 minutes` as well as `1d`, `12h`, `1h30m`; in milliseconds. */
export function parsePer(text: string): number {
  const short = text.trim().replace(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi, (all, n: string, unit: string) => {
    const u = WORDS[unit.toLowerCase()];
    return u ? `${n}${u}` : all;
  });
  return parseDuration(short);
}

/** The fields of the action itself; every other field is the provider's target (`container`, `mode`, …). */
export const ACTION_FIELDS = ['type', 'provider', 'dryRun', 'verify', 'maxAttempts', 'per', 'onUnverified'] as const;

export const recoverConfigSchema = z.looseObject({
  type: z.literal('recover'),
  /** A recovery provider: `docker`, `command`, … */
  provider: z.string().min(1, { error: 'expected a recovery provider such as docker' }),
  /** Say what would be done; change nothing. */
  dryRun: z.boolean().default(false),
  /** Confirmed only when this canary passes again within `within` seconds of the recovery. */
  verify: z
    .strictObject({
      canary: z.string().min(1, { error: 'expected the name of a canary' }),
      within: z.number().positive().max(86_400),
    })
    .optional(),
  /** At most this many recoveries of one target per `per` (a sliding window); like EC2's automatic recovery. */
  maxAttempts: z.number().int().min(1).max(1_000).default(3),
  per: z
    .string()
    .default('1 day')
    .refine(
      (s) => {
        try {
          return parsePer(s) > 0;
        } catch {
          return false;
        }
      },
      { error: 'expected a duration such as 1 day, 12 hours, 30m or 1h30m' },
    ),
  /** Actions (a pager, a notifier) run for the same transition when the recovery is not verified in time. */
  onUnverified: z.array(z.string().min(1)).default([]),
});

export type RecoverConfig = z.output<typeof recoverConfigSchema>;

/** The provider's target: the entry without the action's own fields. */
export function targetFields(config: RecoverConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (!(ACTION_FIELDS as readonly string[]).includes(k)) out[k] = v;
  return out;
}

/**
 * A stable name of the target from its fields (`container=web-1`), for the lock key: the provider's own label
 * needs the provider instance, which `target()` does not have.
 */
export function targetIdentity(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .sort()
    .map((k) => `${k}=${typeof fields[k] === 'string' ? (fields[k] as string) : JSON.stringify(fields[k])}`)
    .join(',');
}
