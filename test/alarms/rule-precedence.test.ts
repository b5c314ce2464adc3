import { describe, expect, it } from 'vitest';
import { evaluateAlarmRule } from '../../alarms/rule/evaluate-alarm-rule.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { sexpr } from './fixtures/sexpr.ts';

const s = (rule: string) => sexpr(parseAlarmRule(rule));

describe('precedence: NOT > AND > OR', () => {
  it.each([
    ['ALARM(a) OR ALARM(b) AND ALARM(c)', '(or A:a (and A:b A:c))'],
    ['ALARM(a) AND ALARM(b) OR ALARM(c)', '(or (and A:a A:b) A:c)'],
    ['ALARM(a) AND ALARM(b) OR ALARM(c) AND ALARM(d)', '(or (and A:a A:b) (and A:c A:d))'],
    ['NOT ALARM(a) AND ALARM(b)', '(and (not A:a) A:b)'],
    ['NOT ALARM(a) OR ALARM(b)', '(or (not A:a) A:b)'],
    ['ALARM(a) AND NOT ALARM(b) OR NOT ALARM(c)', '(or (and A:a (not A:b)) (not A:c))'],
    ['NOT (ALARM(a) OR ALARM(b))', '(not (or A:a A:b))'],
    ['(ALARM(a) OR ALARM(b)) AND ALARM(c)', '(and (or A:a A:b) A:c)'],
    ['ALARM(a) OR ALARM(b) OR ALARM(c)', '(or A:a A:b A:c)'],
    ['ALARM(a) AND ALARM(b) AND ALARM(c)', '(and A:a A:b A:c)'],
    ['(ALARM(a) AND ALARM(b)) AND ALARM(c)', '(and (and A:a A:b) A:c)'],
    ['AT_LEAST(2, ALARM, (a, b, c)) AND NOT ALARM(m) OR TRUE', '(or (and (atLeast 2 ALARM a,b,c) (not A:m)) T)'],
  ])('%s', (rule, expected) => {
    expect(s(rule)).toBe(expected);
  });

  it('evaluates with precedence, not left to right', () => {
    // Left to right would be (TRUE OR TRUE) AND FALSE = false.
    expect(evaluateAlarmRule('TRUE OR TRUE AND FALSE', {})).toBe(true);
    // Left to right would be (FALSE AND FALSE) OR TRUE = true as well, so check NOT binding:
    expect(evaluateAlarmRule('NOT FALSE AND FALSE', {})).toBe(false);
    expect(evaluateAlarmRule('NOT (FALSE AND FALSE)', {})).toBe(true);
  });
});
