import { describe, expect, it } from 'vitest';
import { evaluateAlarmRule } from '../../alarms/rule/evaluate-alarm-rule.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { AlarmRuleSyntaxError } from '../../alarms/rule/syntax-error.ts';

describe('evaluateAlarmRule', () => {
  it('evaluates the example from the brief', () => {
    expect(evaluateAlarmRule('ALARM("a") AND NOT OK(b)', { a: 'ALARM', b: 'INSUFFICIENT_DATA' })).toBe(true);
    expect(evaluateAlarmRule('ALARM("a") AND NOT OK(b)', { a: 'ALARM', b: 'OK' })).toBe(false);
  });

  it('accepts a parsed AST', () => {
    const ast = parseAlarmRule('OK(a) OR INSUFFICIENT_DATA(b)');
    expect(evaluateAlarmRule(ast, { a: 'ALARM', b: 'OK' })).toBe(false);
    expect(evaluateAlarmRule(ast, { a: 'OK', b: 'OK' })).toBe(true);
  });

  it('treats a child without a state as INSUFFICIENT_DATA', () => {
    expect(evaluateAlarmRule('INSUFFICIENT_DATA(ghost)', {})).toBe(true);
    expect(evaluateAlarmRule('ALARM(ghost) OR OK(ghost)', {})).toBe(false);
    expect(evaluateAlarmRule('INSUFFICIENT_DATA(x)', { x: undefined })).toBe(true);
  });

  it('does not look child names up on the object prototype', () => {
    expect(evaluateAlarmRule('INSUFFICIENT_DATA(constructor) AND INSUFFICIENT_DATA(__proto__)', {})).toBe(true);
    expect(evaluateAlarmRule('INSUFFICIENT_DATA(toString)', {})).toBe(true);
  });

  it('evaluates TRUE and FALSE', () => {
    expect(evaluateAlarmRule('TRUE', {})).toBe(true);
    expect(evaluateAlarmRule('FALSE', {})).toBe(false);
    expect(evaluateAlarmRule('NOT TRUE OR FALSE', {})).toBe(false);
  });

  it('matches names exactly, quoted or not', () => {
    const states = { 'my alarm': 'ALARM', 'arn:aws:cloudwatch:eu-west-1:1:alarm:x': 'ALARM' } as const;
    expect(evaluateAlarmRule('ALARM("my alarm") AND ALARM(arn:aws:cloudwatch:eu-west-1:1:alarm:x)', states)).toBe(true);
    expect(evaluateAlarmRule('ALARM("My alarm")', states)).toBe(false);
  });

  it('throws the syntax error for bad rule text', () => {
    expect(() => evaluateAlarmRule('ALARM(a', {})).toThrow(AlarmRuleSyntaxError);
  });
});
