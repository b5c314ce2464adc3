import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../core/types.ts';
import { evaluateAlarmRule } from '../../alarms/rule/evaluate-alarm-rule.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { AlarmRuleSyntaxError } from '../../alarms/rule/syntax-error.ts';

const web = (a: AlarmState, b: AlarmState, c: AlarmState, d: AlarmState) => ({ w1: a, w2: b, w3: c, w4: d });

describe('AT_LEAST', () => {
  it('parses counts, percentages and NOT states', () => {
    expect(parseAlarmRule('AT_LEAST(2, ALARM, (w1, "w 2", w3))')).toMatchObject({
      type: 'atLeast',
      threshold: { kind: 'count', count: 2 },
      negated: false,
      state: 'ALARM',
      alarms: ['w1', 'w 2', 'w3'],
      position: 1,
    });
    expect(parseAlarmRule('AT_LEAST(50%, NOT INSUFFICIENT_DATA, (a, b))')).toMatchObject({
      threshold: { kind: 'percent', percent: 50 },
      negated: true,
      state: 'INSUFFICIENT_DATA',
    });
  });

  it('counts: at least 2 of 4 web servers in ALARM', () => {
    const rule = 'AT_LEAST(2, ALARM, (w1, w2, w3, w4))';
    expect(evaluateAlarmRule(rule, web('ALARM', 'OK', 'ALARM', 'OK'))).toBe(true);
    expect(evaluateAlarmRule(rule, web('ALARM', 'OK', 'OK', 'INSUFFICIENT_DATA'))).toBe(false);
    expect(evaluateAlarmRule(rule, web('ALARM', 'ALARM', 'ALARM', 'ALARM'))).toBe(true);
  });

  it('percentages: at least 50% of 4 in OK means 2 or more', () => {
    const rule = 'AT_LEAST(50%, OK, (w1, w2, w3, w4))';
    expect(evaluateAlarmRule(rule, web('OK', 'OK', 'ALARM', 'ALARM'))).toBe(true);
    expect(evaluateAlarmRule(rule, web('OK', 'ALARM', 'ALARM', 'ALARM'))).toBe(false);
  });

  it('percentages round up: 51% of 3 needs 2, 34% of 3 needs 2, 33% of 3 needs 1', () => {
    const states = { a: 'ALARM', b: 'OK', c: 'OK' } as const;
    expect(evaluateAlarmRule('AT_LEAST(51%, ALARM, (a, b, c))', states)).toBe(false);
    expect(evaluateAlarmRule('AT_LEAST(34%, ALARM, (a, b, c))', states)).toBe(false);
    expect(evaluateAlarmRule('AT_LEAST(33%, ALARM, (a, b, c))', states)).toBe(true);
    expect(evaluateAlarmRule('AT_LEAST(100%, NOT ALARM, (b, c))', states)).toBe(true);
  });

  it('NOT STATE counts alarms in any other state; missing children are INSUFFICIENT_DATA', () => {
    const rule = 'AT_LEAST(2, NOT OK, (w1, w2, w3))';
    expect(evaluateAlarmRule(rule, { w1: 'OK' })).toBe(true);
    expect(evaluateAlarmRule(rule, { w1: 'OK', w2: 'OK', w3: 'ALARM' })).toBe(false);
  });

  it('combines with other operators', () => {
    const rule = 'AT_LEAST(2, ALARM, (AZ1Health, AZ2Health, AZ3Health)) AND NOT ALARM(MaintenanceWindow)';
    const down = { AZ1Health: 'ALARM', AZ2Health: 'ALARM', AZ3Health: 'OK' } as const;
    expect(evaluateAlarmRule(rule, { ...down, MaintenanceWindow: 'OK' })).toBe(true);
    expect(evaluateAlarmRule(rule, { ...down, MaintenanceWindow: 'ALARM' })).toBe(false);
  });

  it.each([
    ['AT_LEAST(0, ALARM, (a))', 10, 'AT_LEAST threshold 0 at char 10 must be at least 1'],
    ['AT_LEAST(101%, ALARM, (a))', 10, 'AT_LEAST threshold 101% at char 10 must be from 1% to 100%'],
    ['AT_LEAST(3, ALARM, (a, b))', 10, 'AT_LEAST threshold 3 at char 10 is more than the 2 alarms listed'],
    [
      'AT_LEAST(two, ALARM, (a))',
      10,
      "Unsupported token 'two' at char 10, must be one of: a count such as 2, a percentage such as 50%",
    ],
    [
      'AT_LEAST(-1, ALARM, (a))',
      10,
      "Unsupported token '-1' at char 10, must be one of: a count such as 2, a percentage such as 50%",
    ],
    [
      'AT_LEAST(1.5, ALARM, (a))',
      10,
      "Unsupported token '1.5' at char 10, must be one of: a count such as 2, a percentage such as 50%",
    ],
    [
      'AT_LEAST("50%", ALARM, (a))',
      10,
      `Unsupported token '"50%"' at char 10, must be one of: a count such as 2, a percentage such as 50%`,
    ],
    [
      'AT_LEAST(1, alarm, (a))',
      13,
      "Unsupported token 'alarm' at char 13, must be one of: 'ALARM', 'OK', 'INSUFFICIENT_DATA', 'NOT'",
    ],
    [
      'AT_LEAST(1, NOT NOT OK, (a))',
      17,
      "Unsupported token 'NOT' at char 17, must be one of: 'ALARM', 'OK', 'INSUFFICIENT_DATA'",
    ],
    ['AT_LEAST(1, OK, a)', 17, "Unsupported token 'a' at char 17, must be: '('"],
    ['AT_LEAST(1, OK, ())', 18, "Unsupported token ')' at char 18, must be: an alarm name or ARN"],
    ['AT_LEAST(1, OK, (a b))', 20, "Unsupported token 'b' at char 20, must be one of: ',', ')'"],
    ['AT_LEAST(1, OK, (a,))', 20, "Unsupported token ')' at char 20, must be: an alarm name or ARN"],
    ['AT_LEAST(1, OK, (a)', 20, "Unexpected end of AlarmRule at char 20, must be: ')'"],
    ['AT_LEAST 1, OK, (a))', 10, "Unsupported token '1' at char 10, must be: '('"],
  ])('rejects %j at char %i', (rule, position, detail) => {
    expect(() => parseAlarmRule(rule)).toThrow(AlarmRuleSyntaxError);
    expect(() => parseAlarmRule(rule)).toThrow(`Error in AlarmRule [${detail}]`);
    try {
      parseAlarmRule(rule);
    } catch (error) {
      expect((error as AlarmRuleSyntaxError).position).toBe(position);
    }
  });
});
