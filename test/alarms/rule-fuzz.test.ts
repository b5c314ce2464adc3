import { describe, expect, it } from 'vitest';
import { formatAlarmRule } from '../../alarms/rule/format-alarm-rule.ts';
import { parseAlarmRule } from '../../alarms/rule/parse-alarm-rule.ts';
import { AlarmRuleSyntaxError } from '../../alarms/rule/syntax-error.ts';
import { intBetween, pick, seededRandom } from '../support/prng.ts';
import { sexpr } from './fixtures/sexpr.ts';
import type { AlarmRuleNode } from '../../alarms/rule/ast.ts';

const GRAMMAR = [
  'ALARM',
  'OK',
  'INSUFFICIENT_DATA',
  'AT_LEAST',
  'NOT',
  'AND',
  'OR',
  'TRUE',
  'FALSE',
  '(',
  ')',
  ',',
  '"',
  '\\',
  '%',
  '2',
  '50%',
  '0',
  '101%',
  'a',
  'b',
  '"a b"',
  '"x\\"y"',
  'ALARM(a)',
  'OK("b")',
  'AT_LEAST(1, ALARM, (a, b))',
  'NOT OK(c)',
];
const JUNK = [
  ' ',
  '  ',
  '\n',
  '\t',
  'and',
  'alarm',
  '\u0000',
  '💥',
  'é',
  '\u00a0',
  ';',
  '-1',
  '1.5',
  '""',
  '"',
  '((',
  '))',
  'arn:aws:x',
  '\\"',
];

function randomRule(random: () => number): string {
  const parts: string[] = [];
  const count = intBetween(random, 0, 25);
  for (let i = 0; i < count; i++) {
    parts.push(random() < 0.75 ? pick(random, GRAMMAR) : pick(random, JUNK));
    if (random() < 0.6) parts.push(' ');
  }
  return parts.join('');
}

describe('parseAlarmRule fuzz (seeded)', () => {
  it('either parses or throws AlarmRuleSyntaxError, for 5000 random strings', () => {
    const random = seededRandom(0xc0ffee);
    let parsed = 0;
    for (let i = 0; i < 5000; i++) {
      const rule = randomRule(random);
      try {
        const ast = parseAlarmRule(rule);
        parsed++;
        // Whatever parses must survive a format → parse round trip.
        expect(sexpr(parseAlarmRule(formatAlarmRule(ast))), rule).toBe(sexpr(ast));
      } catch (error) {
        if (!(error instanceof AlarmRuleSyntaxError)) throw new Error(`${JSON.stringify(rule)} threw ${String(error)}`);
        expect(error.position, rule).toBeGreaterThanOrEqual(1);
        expect(error.position, rule).toBeLessThanOrEqual(rule.length + 1);
        expect(error.message, rule).toMatch(/^Error in AlarmRule \[.+\]$/s);
      }
    }
    // The generator should exercise the success path as well.
    expect(parsed).toBeGreaterThan(20);
  });

  it('round-trips random valid rules and survives single-character mutations of them', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const ast = randomAst(random, 0);
      const text = formatAlarmRule(ast);
      expect(sexpr(parseAlarmRule(text)), text).toBe(sexpr(ast));
      for (let j = 0; j < 3; j++) {
        const at = intBetween(random, 0, text.length);
        const mutated =
          random() < 0.5
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + pick(random, ['(', ')', ',', '"', ' ', 'x', '%', '\\']) + text.slice(at);
        try {
          parseAlarmRule(mutated);
        } catch (error) {
          expect(error, mutated).toBeInstanceOf(AlarmRuleSyntaxError);
        }
      }
    }
  });

  it('copes with long and deeply nested junk', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const unit = pick(random, ['(', 'NOT ', '"', '\\', 'ALARM(', 'a OR ', ')', ',']);
      const rule = unit.repeat(intBetween(random, 1, 3000));
      try {
        parseAlarmRule(rule);
      } catch (error) {
        expect(error, JSON.stringify(rule.slice(0, 40))).toBeInstanceOf(AlarmRuleSyntaxError);
      }
    }
  });
});

const NAMES = ['a', 'b', 'cpu high', 'arn:aws:cloudwatch:us-east-1:1:alarm:x', 'q"uote', 'back\\slash', 'AND'];
const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

function randomAst(random: () => number, depth: number): AlarmRuleNode {
  const leaf = depth > 3 || random() < 0.35;
  const kind = leaf
    ? pick(random, ['state', 'state', 'constant', 'atLeast'] as const)
    : pick(random, ['not', 'and', 'or'] as const);
  switch (kind) {
    case 'state':
      return { type: 'state', state: pick(random, STATES), alarm: pick(random, NAMES), position: 0 };
    case 'constant':
      return { type: 'constant', value: random() < 0.5, position: 0 };
    case 'atLeast': {
      const alarms = Array.from({ length: intBetween(random, 1, 4) }, () => pick(random, NAMES));
      const threshold =
        random() < 0.5
          ? ({ kind: 'count', count: intBetween(random, 1, alarms.length) } as const)
          : ({ kind: 'percent', percent: intBetween(random, 1, 100) } as const);
      return { type: 'atLeast', threshold, negated: random() < 0.5, state: pick(random, STATES), alarms, position: 0 };
    }
    case 'not':
      return { type: 'not', operand: randomAst(random, depth + 1), position: 0 };
    case 'and':
    case 'or': {
      const operands = Array.from({ length: intBetween(random, 2, 3) }, () => randomAst(random, depth + 1));
      return { type: kind, operands, position: 0 };
    }
  }
}
