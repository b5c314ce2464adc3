import { describe, expect, it } from 'vitest';
import { explainAlarmRule } from '../../alarms/rule/evaluate-alarm-rule.ts';

describe('explainAlarmRule', () => {
  it('OR: only the true branches trigger', () => {
    expect(explainAlarmRule('ALARM(a) OR ALARM(b) OR ALARM(c)', { a: 'ALARM', b: 'OK', c: 'ALARM' })).toEqual({
      value: true,
      triggeringChildren: ['a', 'c'],
    });
  });

  it('AND: every operand triggers, including negated ones', () => {
    expect(explainAlarmRule('ALARM("a") AND NOT OK(b)', { a: 'ALARM', b: 'INSUFFICIENT_DATA' })).toEqual({
      value: true,
      triggeringChildren: ['a', 'b'],
    });
  });

  it('AT_LEAST: the listed alarms that match', () => {
    expect(explainAlarmRule('AT_LEAST(2, ALARM, (w1, w2, w3, w4))', { w1: 'ALARM', w3: 'ALARM', w4: 'ALARM' })).toEqual(
      {
        value: true,
        triggeringChildren: ['w1', 'w3', 'w4'],
      },
    );
    expect(explainAlarmRule('AT_LEAST(1, NOT OK, (w1, w2))', { w1: 'OK' }).triggeringChildren).toEqual(['w2']);
  });

  it('NOT over a false AND: the children that made the AND false', () => {
    expect(explainAlarmRule('NOT (ALARM(a) AND ALARM(b))', { a: 'ALARM', b: 'OK' })).toEqual({
      value: true,
      triggeringChildren: ['b'],
    });
  });

  it('NOT over a false OR: every child of it', () => {
    expect(explainAlarmRule('NOT (ALARM(a) OR ALARM(b)) AND TRUE', { a: 'OK', b: 'OK' })).toEqual({
      value: true,
      triggeringChildren: ['a', 'b'],
    });
  });

  it('lists children in rule order, once', () => {
    expect(
      explainAlarmRule('ALARM(z) AND (ALARM(a) OR ALARM(z))', { a: 'ALARM', z: 'ALARM' }).triggeringChildren,
    ).toEqual(['z', 'a']);
  });

  it('is empty when the rule is false or decided by constants', () => {
    expect(explainAlarmRule('ALARM(a) AND ALARM(b)', { a: 'ALARM', b: 'OK' })).toEqual({
      value: false,
      triggeringChildren: [],
    });
    expect(explainAlarmRule('TRUE OR ALARM(a)', { a: 'OK' })).toEqual({ value: true, triggeringChildren: [] });
  });
});
