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
 * Minutes, hours, day-of-month and month mean the same in both; day-of-week is translated value by value (see
 * `translateDayOfWeek`), never by arithmetic on the text, so steps and ranges keep their meaning.
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
  if (/W/i.test(dom)) throw new Error(`${text}: "W" (nearest weekday) in day-of-month is not supported`);
  const anyToStar = (f: string) => (f === '?' ? '*' : f);
  const pattern = ['0', min, hour, anyToStar(dom), month, translateDayOfWeek(dow, text)].join(' ');
  try {
    CronExpressionParser.parse(pattern);
  } catch (err) {
    throw new Error(`${text} is not a valid cron expression: ${(err as Error).message}`);
  }
  return pattern;
}

const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A CloudWatch weekday (`1`-`7` or `SUN`..`SAT`) as CloudWatch's number, 1 = SUN … 7 = SAT. */
function cloudWatchWeekday(token: string, text: string): number {
  const named = WEEKDAY_NAMES.indexOf(token.toUpperCase());
  if (named >= 0) return named + 1;
  const n = /^\d+$/.test(token) ? Number(token) : NaN;
  if (n >= 1 && n <= 7) return n;
  throw new Error(`${text}: day-of-week values are 1-7 (SUN-SAT) or SUN..SAT, got "${token}"`);
}

/**
 * CloudWatch's day-of-week field in cron-parser's numbering (0 = SUN … 6 = SAT). Lists, ranges and steps are
 * expanded to the explicit days they name (`2/2` = MON, WED, FRI → `1,3,5`; `1-7/3` → `0,3,6`); `L` alone is the
 * last day of the week (SAT); `nL` (last weekday n of the month) and `n#k` (k-th weekday n) stand alone.
 */
function translateDayOfWeek(field: string, text: string): string {
  if (field === '?' || field === '*') return '*';
  const cronParserDay = (token: string) => cloudWatchWeekday(token, text) - 1;
  if (field.toUpperCase() === 'L') return '6';
  const last = /^(\w+?)L$/i.exec(field);
  if (last) return `${cronParserDay(last[1] ?? '')}L`;
  const nth = /^(\w+)#(\d+)$/.exec(field);
  if (nth) {
    const occurrence = Number(nth[2]);
    if (occurrence < 1 || occurrence > 5) {
      throw new Error(`${text}: the occurrence after "#" in day-of-week is 1-5, got ${nth[2]}`);
    }
    return `${cronParserDay(nth[1] ?? '')}#${occurrence}`;
  }
  if (/[L#]/i.test(field)) {
    throw new Error(`${text}: "L" and "#" in day-of-week stand alone (e.g. 6L, 6#3), not in a list or range`);
  }
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`${text}: day-of-week "${part}" has more than one "/"`);
    const every = step === undefined ? 1 : /^\d+$/.test(step) ? Number(step) : NaN;
    if (!(every >= 1)) throw new Error(`${text}: the step in day-of-week "${part}" must be a positive whole number`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [1, 7];
    else if (range.includes('-')) {
      const [a = '', b = '', ...more] = range.split('-');
      if (more.length > 0) throw new Error(`${text}: day-of-week range "${range}" has more than one "-"`);
      [from, to] = [cloudWatchWeekday(a, text), cloudWatchWeekday(b, text)];
      if (from > to) throw new Error(`${text}: day-of-week range "${range}" runs backwards; write it as a list`);
    } else {
      from = cloudWatchWeekday(range, text);
      to = step === undefined ? from : 7; // `a/b`: from a, every b, up to SAT
    }
    for (let day = from; day <= to; day += every) days.add(day - 1);
  }
  return [...days].sort((a, b) => a - b).join(',');
}
