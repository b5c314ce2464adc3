import { CronExpressionParser } from 'cron-parser';

/** A parsed canary schedule. */
export type Schedule =
  | { kind: 'rate'; expression: string; everyMs: number }
  | { kind: 'cron'; expression: string; /** cron-parser / BullMQ pattern, seconds first */ pattern: string }
  | { kind: 'once'; expression: 'once' };

const UNIT_MS: Record<string, number> = {
  second: 1_000,
  seconds: 1_000,
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** Parses `rate(N unit)`, CloudWatch's 6-field `cron(...)` or `once`; throws an Error saying what was expected. */
export function parseSchedule(input: string): Schedule {
  const text = input.trim();
  if (text === 'once') return { kind: 'once', expression: 'once' };
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(text);
  if (rate) {
    const n = Number(rate[1]);
    const unit = UNIT_MS[rate[2] ?? ''];
    if (unit === undefined)
      throw new Error(`unknown unit "${rate[2]}" in ${text}: expected second(s), minute(s) or hour(s)`);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`rate must be a positive whole number, got ${rate[1]} in ${text}`);
    return { kind: 'rate', expression: text, everyMs: n * unit };
  }
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: 'cron', expression: text, pattern: cloudWatchCronToPattern(cron[1] ?? '', text) };
  throw new Error(
    `expected "rate(N second|seconds|minute|minutes|hour|hours)", "cron(min hour day-of-month month day-of-week year)" or "once", got ${JSON.stringify(input)}`,
  );
}

/**
 * CloudWatch cron: `Minutes Hours Day-of-month Month Day-of-week Year`, day-of-week 1-7 = SUN-SAT, `?` = any.
 * cron-parser (used by BullMQ): `Seconds Minutes Hours Day-of-month Month Day-of-week`, day-of-week 0-7 (0 and 7 = SUN).
 */
function cloudWatchCronToPattern(body: string, text: string): string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `${text} has ${fields.length} fields: expected 6 (minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*' && year !== '?') throw new Error(`${text}: only "*" is supported in the year field, got "${year}"`);
  if (dom !== '?' && dom !== '*' && dow !== '?' && dow !== '*') {
    throw new Error(`${text}: day-of-month and day-of-week cannot both be set; use "?" in one of them`);
  }
  const anyToStar = (f: string) => (f === '?' ? '*' : f);
  const weekday = anyToStar(dow)
    .replace(/\d+/g, (d) => {
      const n = Number(d);
      // Numbers after '#' are the occurrence (e.g. 6#3 = third Friday), not a weekday.
      return n >= 1 && n <= 7 ? String(n - 1) : d;
    })
    .replace(/#(\d)/g, (_m, occ: string) => `#${Number(occ) + 1}`);
  const pattern = ['0', min, hour, anyToStar(dom), month, weekday].join(' ');
  try {
    CronExpressionParser.parse(pattern);
  } catch (err) {
    throw new Error(`${text} is not a valid cron expression: ${(err as Error).message}`);
  }
  return pattern;
}
