import { describe, expect, it } from 'vitest';
import { formatAlarmRule, quoteAlarmName } from '../../alarms/rule/format-alarm-rule.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { sexpr } from './fixtures/sexpr.ts';

describe('formatAlarmRule', () => {
  it.each([
    ['ALARM(a) OR ALARM(b) AND ALARM(c)', 'ALARM("a") OR ALARM("b") AND ALARM("c")'],
    ['(ALARM(a) OR ALARM(b)) AND NOT (OK(c) AND OK(d))', '(ALARM("a") OR ALARM("b")) AND NOT (OK("c") AND OK("d"))'],
    ['(ALARM(a) AND ALARM(b)) AND ALARM(c)', '(ALARM("a") AND ALARM("b")) AND ALARM("c")'],
    ['AT_LEAST(50%, NOT OK, (a, "b\\"c"))', 'AT_LEAST(50%, NOT OK, ("a", "b\\"c"))'],
    ['NOT NOT TRUE', 'NOT NOT TRUE'],
  ])('%s → %s, which parses back to the same tree', (rule, formatted) => {
    const ast = parseAlarmRule(rule);
    expect(formatAlarmRule(ast)).toBe(formatted);
    expect(sexpr(parseAlarmRule(formatted))).toBe(sexpr(ast));
  });

  it('escapes quotes and backslashes', () => {
    expect(quoteAlarmName('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    const ast = parseAlarmRule(`OK(${quoteAlarmName('a "b" \\c')})`);
    expect(ast).toMatchObject({ type: 'state', alarm: 'a "b" \\c' });
  });
});
