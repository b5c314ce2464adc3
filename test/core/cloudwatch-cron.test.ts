import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { openMaintenanceWindow } from '../../alarms/maintenance-windows.ts';
import { parseSchedule } from '../../core/schedule.ts';

/*
 * CloudWatch's cron, evaluated here from first principles (no cron-parser): each field is expanded to the set of
 * values it allows, then the calendar is walked day by day from a fixed start, and every minute of a matching day
 * is a fire time. The translation in core/schedule.ts is then checked by asking cron-parser (what BullMQ and the
 * maintenance windows use) for the next fire times of the translated pattern: both lists must be equal.
 *
 * CloudWatch: `Minutes Hours Day-of-month Month Day-of-week Year`; day-of-week 1-7 = SUN-SAT or SUN..SAT;
 * `?` = any (in one of the day fields); `L` = last day of the month / of the week (SAT); `nL` = last weekday n of
 * the month; `n#k` = k-th weekday n of the month; `a/b` = from a every b up to the field's maximum.
 */

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The values a plain field (lists, ranges, steps, `*`) allows, between min and max. */
function expand(field: string, min: number, max: number, names: string[] = []): Set<number> {
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    return named >= 0 ? named + min : Number(token);
  };
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', step] = part.split('/');
    let from: number;
    let to: number;
    if (range === '*' || range === '?') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), step === undefined ? value(range) : max];
    for (let v = from; v <= to; v += step === undefined ? 1 : Number(step)) out.add(v);
  }
  return out;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Does the day (UTC) match the CloudWatch day-of-month and day-of-week fields? */
function dayMatches(dom: string, dow: string, day: Date): boolean {
  const date = day.getUTCDate();
  const last = daysInMonth(day.getUTCFullYear(), day.getUTCMonth());
  const weekday = day.getUTCDay() + 1; // CloudWatch numbering: 1 = SUN … 7 = SAT
  const domOk = (): boolean =>
    dom.split(',').some((part) => (part === 'L' ? date === last : expand(part, 1, 31).has(date)));
  const dowOk = (): boolean => {
    const day = (token: string) => (DAY_NAMES.includes(token) ? DAY_NAMES.indexOf(token) + 1 : Number(token));
    if (dow === 'L') return weekday === 7;
    const lastOf = /^(\w+?)L$/.exec(dow);
    if (lastOf) return weekday === day(lastOf[1] ?? '') && date + 7 > last;
    const nth = /^(\w+)#(\d)$/.exec(dow);
    if (nth) return weekday === day(nth[1] ?? '') && Math.floor((date - 1) / 7) + 1 === Number(nth[2]);
    return expand(dow, 1, 7, DAY_NAMES).has(weekday);
  };
  if (dom === '?' || dom === '*') return dowOk();
  if (dow === '?' || dow === '*') return domOk();
  throw new Error('CloudWatch needs ? in one of the day fields');
}

/** The next `count` fire times strictly after `start`, by walking the calendar. */
function fireTimes(expression: string, start: number, count: number): string[] {
  const body = /^cron\((.*)\)$/.exec(expression)?.[1] ?? '';
  const [min = '', hour = '', dom = '', month = '', dow = ''] = body.split(' ');
  const minutes = [...expand(min, 0, 59)].sort((a, b) => a - b);
  const hours = [...expand(hour, 0, 23)].sort((a, b) => a - b);
  const months = expand(month, 1, 12, MONTH_NAMES);
  const out: string[] = [];
  const first = new Date(start);
  for (let d = 0; out.length < count && d < 366 * 60; d++) {
    const day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() + d));
    if (!months.has(day.getUTCMonth() + 1) || !dayMatches(dom, dow, day)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const at = day.getTime() + h * 3_600_000 + m * 60_000;
        if (at > start && out.length < count) out.push(new Date(at).toISOString());
      }
    }
  }
  return out;
}

/** What BullMQ does with the translated pattern. */
function translatedFireTimes(expression: string, start: number, count: number): string[] {
  const schedule = parseSchedule(expression);
  if (schedule.kind !== 'cron') throw new Error('not a cron schedule');
  const it = CronExpressionParser.parse(schedule.pattern, { currentDate: new Date(start), tz: 'UTC' });
  return Array.from({ length: count }, () => new Date(it.next().getTime()).toISOString());
}

// Thursday 1 January 2026, half a minute past midnight: no fire time falls on the start itself.
const START = Date.parse('2026-01-01T00:00:30Z');

const weekdays = (times: string[]) => times.map((t) => DAY_NAMES[new Date(t).getUTCDay()]);

describe('CloudWatch cron → cron-parser pattern: next 10 fire times match CloudWatch semantics', () => {
  const table: Array<[expression: string, what: string]> = [
    ['cron(0 12 ? * 2/2 *)', 'from MON every 2nd day: MON, WED, FRI'],
    ['cron(0 12 ? * 1-7/3 *)', 'SUN-SAT every 3rd: SUN, WED, SAT'],
    ['cron(0 12 ? * 2-6/2 *)', 'MON-FRI every 2nd: MON, WED, FRI'],
    ['cron(0 12 ? * */2 *)', 'every 2nd day from SUN: SUN, TUE, THU, SAT'],
    ['cron(0 12 ? * TUE/3 *)', 'from TUE every 3rd: TUE, FRI'],
    ['cron(0 12 ? * MON-SAT/2 *)', 'names in a stepped range: MON, WED, FRI'],
    ['cron(15 10 ? * MON-FRI *)', 'weekdays'],
    ['cron(0 0 ? * SUN,SAT *)', 'weekend by name'],
    ['cron(15 10 ? * 1,3,5 *)', 'a list of numbers: SUN, TUE, THU'],
    ['cron(0 12 ? * 7 *)', '7 is SAT'],
    ['cron(0 12 ? * 1 *)', '1 is SUN'],
    ['cron(0 12 ? * 1-7 *)', 'every day by range'],
    ['cron(0 12 ? * L *)', 'L alone: the last day of the week, SAT'],
    ['cron(0 12 ? * 6L *)', 'the last Friday of the month'],
    ['cron(0 9 ? * 6#3 *)', 'the third Friday of the month'],
    ['cron(0 9 ? * MON#1 *)', 'the first Monday of the month'],
    ['cron(0 9 ? * 1#5 *)', 'the fifth Sunday (months without one are skipped)'],
    ['cron(0/15 9-10 ? * 4 *)', 'every 15 minutes from 9 to 10:45 on WED'],
    ['cron(5,35 */6 ? * 1-3 *)', 'minute and hour lists on SUN-TUE'],
    ['cron(0 12 * * ? *)', 'every day at noon'],
    ['cron(0 12 L * ? *)', 'the last day of the month'],
    ['cron(0 0 1,15 * ? *)', 'a day-of-month list'],
    ['cron(0 0 10-12 * ? *)', 'a day-of-month range'],
    ['cron(0 6 1/10 * ? *)', 'a day-of-month step: 1, 11, 21, 31'],
    ['cron(0 6 5-20/5 * ? *)', 'a day-of-month range with a step: 5, 10, 15, 20'],
    ['cron(0 12 1 JAN,JUL ? *)', 'month names'],
    ['cron(0 12 29 2 ? *)', 'leap days only'],
    ['cron(30 23 ? 2/3 FRI *)', 'Fridays of every third month from February'],
  ];
  it.each(table)('%s (%s)', (expression) => {
    const expected = fireTimes(expression, START, 10);
    expect(expected).toHaveLength(10);
    expect(translatedFireTimes(expression, START, 10)).toEqual(expected);
  });

  it('the independent walk itself says what CloudWatch documents for the reported cases', () => {
    expect(new Set(weekdays(fireTimes('cron(0 12 ? * 2/2 *)', START, 10)))).toEqual(new Set(['MON', 'WED', 'FRI']));
    expect(new Set(weekdays(fireTimes('cron(0 12 ? * 1-7/3 *)', START, 10)))).toEqual(new Set(['SUN', 'WED', 'SAT']));
    expect(fireTimes('cron(0 9 ? * 6#3 *)', START, 2)).toEqual([
      '2026-01-16T09:00:00.000Z',
      '2026-02-20T09:00:00.000Z',
    ]);
    expect(fireTimes('cron(0 12 ? * 6L *)', START, 2)).toEqual([
      '2026-01-30T12:00:00.000Z',
      '2026-02-27T12:00:00.000Z',
    ]);
  });

  it('rejects day-of-week values and forms CloudWatch does not have, saying why', () => {
    expect(() => parseSchedule('cron(0 12 ? * 0 *)')).toThrow(/day-of-week.*1-7/);
    expect(() => parseSchedule('cron(0 12 ? * 8 *)')).toThrow(/day-of-week.*1-7/);
    expect(() => parseSchedule('cron(0 12 ? * FRI-MON *)')).toThrow(/range/);
    expect(() => parseSchedule('cron(0 12 ? * 2/0 *)')).toThrow(/step/);
    expect(() => parseSchedule('cron(0 12 ? * 6#6 *)')).toThrow(/#/);
    expect(() => parseSchedule('cron(0 12 ? * 2,6L *)')).toThrow(/L/);
    expect(() => parseSchedule('cron(0 12 ? * FUNDAY *)')).toThrow(/day-of-week/);
    expect(() => parseSchedule('cron(0 12 15W * ? *)')).toThrow(/W/);
    expect(() => parseSchedule('cron(0 12 1 * MON *)')).toThrow(/\?/);
  });
});

describe('maintenance windows use the same translation', () => {
  const window = {
    name: 'mon-wed-fri',
    alarms: ['*'],
    cron: 'cron(0 2 ? * 2/2 *)', // MON, WED, FRI at 02:00 UTC
    duration: 3600,
  };
  const at = (iso: string) => openMaintenanceWindow([window], 'www-down', Date.parse(iso))?.name;

  it('is open on Monday, Wednesday and Friday nights and closed on the other nights', () => {
    expect(at('2026-01-05T02:30:00Z')).toBe('mon-wed-fri'); // Monday
    expect(at('2026-01-07T02:30:00Z')).toBe('mon-wed-fri'); // Wednesday
    expect(at('2026-01-09T02:30:00Z')).toBe('mon-wed-fri'); // Friday
    for (const day of ['2026-01-04', '2026-01-06', '2026-01-08', '2026-01-10']) {
      expect(at(`${day}T02:30:00Z`)).toBeUndefined(); // Sunday, Tuesday, Thursday, Saturday
    }
    expect(at('2026-01-05T03:00:00Z')).toBeUndefined(); // the hour is over
  });
});
