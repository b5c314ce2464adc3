import { describe, expect, it } from 'vitest';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { AlarmRuleSyntaxError } from '../../alarms/rule/syntax-error.ts';

function failure(rule: string): AlarmRuleSyntaxError {
  try {
    parseAlarmRule(rule);
  } catch (error) {
    if (error instanceof AlarmRuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(rule)} to fail`);
}

const PRIMARY = "must be one of: 'ALARM', 'OK', 'INSUFFICIENT_DATA', 'AT_LEAST', 'NOT', 'TRUE', 'FALSE', '('";

describe('parseAlarmRule: errors with exact positions', () => {
  it('reports an unquoted name with spaces the way CloudWatch does', () => {
    const error = failure('ALARM(SampleQueue Oldest Age Alarm)');
    expect(error.message).toBe("Error in AlarmRule [Unsupported token 'Oldest' at char 19, must be: ')']");
    expect(error.position).toBe(19);
    expect(error.token).toBe('Oldest');
    expect(error.name).toBe('AlarmRuleSyntaxError');
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    ['', 1, '', `Unexpected end of AlarmRule at char 1, ${PRIMARY}`],
    ['   ', 4, '', `Unexpected end of AlarmRule at char 4, ${PRIMARY}`],
    ['cpu', 1, 'cpu', `Unsupported token 'cpu' at char 1, ${PRIMARY}`],
    ['alarm(cpu)', 1, 'alarm', `Unsupported token 'alarm' at char 1, ${PRIMARY}`],
    [
      'ALARM(a) and ALARM(b)',
      10,
      'and',
      "Unsupported token 'and' at char 10, must be one of: 'AND', 'OR', end of AlarmRule",
    ],
    ['ALARM(a) AND', 13, '', `Unexpected end of AlarmRule at char 13, ${PRIMARY}`],
    ['ALARM(a) AND OR ALARM(b)', 14, 'OR', `Unsupported token 'OR' at char 14, ${PRIMARY}`],
    ['ALARM(a))', 9, ')', "Unsupported token ')' at char 9, must be one of: 'AND', 'OR', end of AlarmRule"],
    ['(ALARM(a)', 10, '', "Unexpected end of AlarmRule at char 10, must be: ')'"],
    ['ALARM a', 7, 'a', "Unsupported token 'a' at char 7, must be: '('"],
    ['ALARM()', 7, ')', "Unsupported token ')' at char 7, must be: an alarm name or ARN"],
    ['ALARM(a, b)', 8, ',', "Unsupported token ',' at char 8, must be: ')'"],
    ['ALARM("a"b)', 10, 'b', "Unsupported token 'b' at char 10, must be: ')'"],
    ['ALARM("")', 7, '""', 'Empty alarm name at char 7'],
    ['ALARM("abc', 7, '"abc', `Missing closing '"' for the alarm name that starts at char 7`],
    ['ALARM("abc\\")', 7, '"abc\\")', `Missing closing '"' for the alarm name that starts at char 7`],
    [
      'ALARM(a) ALARM(b)',
      10,
      'ALARM',
      "Unsupported token 'ALARM' at char 10, must be one of: 'AND', 'OR', end of AlarmRule",
    ],
    ['true', 1, 'true', `Unsupported token 'true' at char 1, ${PRIMARY}`],
    ['NOT', 4, '', `Unexpected end of AlarmRule at char 4, ${PRIMARY}`],
    [',', 1, ',', `Unsupported token ',' at char 1, ${PRIMARY}`],
    ['"a"', 1, '"a"', `Unsupported token '"a"' at char 1, ${PRIMARY}`],
  ])('%j fails at char %i', (rule, position, token, detail) => {
    const error = failure(rule);
    expect(error.detail).toBe(detail);
    expect(error.message).toBe(`Error in AlarmRule [${detail}]`);
    expect(error.position).toBe(position);
    expect(error.token).toBe(token);
  });

  it('rejects a non-string argument with a TypeError', () => {
    expect(() => parseAlarmRule(42 as unknown as string)).toThrow(TypeError);
  });
});
