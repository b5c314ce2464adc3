import { describe, expect, it } from 'vitest';
import { alarmRuleChildren } from '../../alarms/rule/alarm-rule-children.ts';
import { ALARM_RULE_MAX_CHILDREN, ALARM_RULE_MAX_DEPTH, ALARM_RULE_MAX_LENGTH } from '../../alarms/rule/limits.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { AlarmRuleLimitError, AlarmRuleSyntaxError } from '../../alarms/rule/syntax-error.ts';

function limitError(rule: string): AlarmRuleLimitError {
  try {
    parseAlarmRule(rule);
  } catch (error) {
    if (error instanceof AlarmRuleLimitError) return error;
    throw error;
  }
  throw new Error('expected a limit error');
}

const orOf = (names: readonly string[]) => names.map((n) => `ALARM(${n})`).join(' OR ');
const names = (count: number) => Array.from({ length: count }, (_, i) => `a${i + 1}`);

describe('AlarmRule limits', () => {
  it('accepts exactly 10240 characters', () => {
    const rule = `ALARM("${'x'.repeat(ALARM_RULE_MAX_LENGTH - 9)}")`;
    expect(rule).toHaveLength(10_240);
    expect(() => parseAlarmRule(rule)).not.toThrow();
  });

  it('rejects 10241 characters', () => {
    const error = limitError(`ALARM("${'x'.repeat(ALARM_RULE_MAX_LENGTH - 8)}")`);
    expect(error).toBeInstanceOf(AlarmRuleSyntaxError);
    expect(error.limit).toBe('length');
    expect(error.position).toBe(10_241);
    expect(error.message).toBe('Error in AlarmRule [AlarmRule is 10241 characters long, the maximum is 10240]');
  });

  it('accepts 100 distinct child alarms, however often each is referenced', () => {
    const rule = `${orOf(names(100))} OR ${orOf(names(100))} OR AT_LEAST(1, OK, (${names(100).join(', ')}))`;
    expect(alarmRuleChildren(parseAlarmRule(rule))).toHaveLength(ALARM_RULE_MAX_CHILDREN);
  });

  it('rejects a 101st distinct child alarm at its position', () => {
    const rule = orOf(names(101));
    const error = limitError(rule);
    expect(error.limit).toBe('children');
    expect(error.token).toBe('a101');
    expect(error.position).toBe(rule.indexOf('a101') + 1);
    expect(error.detail).toBe(
      `AlarmRule references more than 100 distinct alarms; alarm a101 at char ${error.position} is number 101`,
    );
  });

  it('counts children inside AT_LEAST lists too', () => {
    const error = limitError(`ALARM(x) OR AT_LEAST(1, OK, (${names(100).join(', ')}))`);
    expect(error.token).toBe('a100');
  });

  it('guards nesting depth instead of overflowing the stack', () => {
    const ok = `${'('.repeat(ALARM_RULE_MAX_DEPTH)}TRUE${')'.repeat(ALARM_RULE_MAX_DEPTH)}`;
    expect(() => parseAlarmRule(ok)).not.toThrow();
    const deep = limitError(`${'('.repeat(5000)}TRUE${')'.repeat(5000)}`);
    expect(deep.limit).toBe('nesting');
    expect(deep.position).toBe(ALARM_RULE_MAX_DEPTH + 1);
    expect(limitError(`${'NOT '.repeat(2500)}TRUE`).limit).toBe('nesting');
  });
});
