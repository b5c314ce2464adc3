import { describe, expect, it } from 'vitest';
import { alarmRuleChildren } from '../../alarms/rule/alarm-rule-children.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { sexpr } from './fixtures/sexpr.ts';

const s = (rule: string) => sexpr(parseAlarmRule(rule));

describe('parseAlarmRule: valid rules', () => {
  it.each([
    ['ALARM("cpu")', 'A:cpu'],
    ['OK(cpu)', 'O:cpu'],
    ['INSUFFICIENT_DATA("cpu")', 'I:cpu'],
    ['TRUE', 'T'],
    ['FALSE', 'F'],
    ['ALARM (cpu)', 'A:cpu'],
    ['  ALARM(\n"cpu"\t)  ', 'A:cpu'],
    ['ALARM("SampleQueue Oldest Age Alarm")', 'A:SampleQueue Oldest Age Alarm'],
    ['ALARM("say \\"hi\\"")', 'A:say "hi"'],
    ['ALARM("back\\\\slash")', 'A:back\\slash'],
    ['ALARM("(a, b)")', 'A:(a, b)'],
    [
      'ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high)',
      'A:arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high',
    ],
    ['ALARM(queue.fifo-alarm_1/x)', 'A:queue.fifo-alarm_1/x'],
    ['ALARM(AND)', 'A:AND'],
    [
      'ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)',
      '(and A:CPUUtilizationTooHigh A:DiskReadOpsTooHigh)',
    ],
    [
      'ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)',
      '(and A:CPUUtilizationTooHigh (not A:DeploymentInProgress))',
    ],
    ['(ALARM(a))', 'A:a'],
    ['((TRUE))', 'T'],
    ['NOT NOT FALSE', '(not (not F))'],
    ['NOT(ALARM(a))', '(not A:a)'],
    ['ALARM(a)OR(OK(b))', '(or A:a O:b)'],
  ])('%s', (rule, expected) => {
    expect(s(rule)).toBe(expected);
  });

  it('records 1-based positions', () => {
    const ast = parseAlarmRule('TRUE AND  NOT OK(b)');
    expect(ast.position).toBe(1);
    expect(ast.type === 'and' && ast.operands[1]?.position).toBe(11);
  });

  it('lists distinct children in order of first appearance', () => {
    const ast = parseAlarmRule('ALARM(b) OR (OK("a") AND NOT ALARM(b)) OR AT_LEAST(1, OK, (c, a, d))');
    expect(alarmRuleChildren(ast)).toEqual(['b', 'a', 'c', 'd']);
    expect(alarmRuleChildren(parseAlarmRule('TRUE'))).toEqual([]);
  });
});
