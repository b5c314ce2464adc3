/**
 * Parser for CloudWatch composite alarm rules (PutCompositeAlarm `AlarmRule`).
 *
 * Grammar (keywords are upper case only, whitespace between tokens is free):
 *
 *   rule      := or EOF
 *   or        := and ( "OR" and )*
 *   and       := not ( "AND" not )*
 *   not       := "NOT" not | primary
 *   primary   := "(" or ")" | "TRUE" | "FALSE"
 *              | STATE "(" name ")"
 *              | "AT_LEAST" "(" threshold "," [ "NOT" ] STATE "," "(" name ( "," name )* ")" ")"
 *   STATE     := "ALARM" | "OK" | "INSUFFICIENT_DATA"
 *   threshold := integer | integer "%"
 *   name      := quoted | bare
 *
 * so NOT binds tighter than AND, which binds tighter than OR. A quoted name is
 * `"…"` with `\"` for a quote (and `\\` for a backslash); a bare name is any
 * run of characters without whitespace, `(`, `)`, `,` or `"` (alarm names and
 * ARNs, e.g. `arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high`).
 *
 * Limits: 10240 characters, 100 distinct child alarms, and (canarykit's own
 * guard) 200 levels of parentheses / NOT nesting.
 */
import type { AlarmState } from '../../core/types.ts';
import type { AlarmRuleNode, AtLeastNode, AtLeastThreshold } from './ast.ts';
import { ALARM_RULE_MAX_CHILDREN, ALARM_RULE_MAX_DEPTH, ALARM_RULE_MAX_LENGTH } from './limits.ts';
import { AlarmRuleLimitError, AlarmRuleSyntaxError } from './syntax-error.ts';
import { tokenizeAlarmRule, type Token } from './tokenize.ts';

const STATES: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];
const PRIMARY_START = ["'ALARM'", "'OK'", "'INSUFFICIENT_DATA'", "'AT_LEAST'", "'NOT'", "'TRUE'", "'FALSE'", "'('"];
const NAME = ['an alarm name or ARN'];

function isState(word: string): word is AlarmState {
  return (STATES as readonly string[]).includes(word);
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'Unexpected end of AlarmRule' : `Unsupported token '${token.text}'`;
}

function unexpected(token: Token, expected: readonly string[]): AlarmRuleSyntaxError {
  const must = expected.length === 1 ? `must be: ${expected[0] ?? ''}` : `must be one of: ${expected.join(', ')}`;
  return new AlarmRuleSyntaxError(`${describe(token)} at char ${token.position}, ${must}`, token.position, token.text);
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly children = new Set<string>();
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  parseRule(): AlarmRuleNode {
    const node = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'eof') throw unexpected(token, ["'AND'", "'OR'", 'end of AlarmRule']);
    return node;
  }

  private peek(): Token {
    // The token list always ends with eof and the parser never moves past it.
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private expect(kind: 'lparen' | 'rparen' | 'comma'): Token {
    const token = this.peek();
    if (token.kind !== kind) throw unexpected(token, [kind === 'lparen' ? "'('" : kind === 'rparen' ? "')'" : "','"]);
    return this.next();
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > ALARM_RULE_MAX_DEPTH) {
      throw new AlarmRuleLimitError(
        'nesting',
        `AlarmRule nests parentheses and NOT more than ${ALARM_RULE_MAX_DEPTH} levels deep at char ${token.position}`,
        token.position,
        token.text,
      );
    }
  }

  private parseOr(): AlarmRuleNode {
    const first = this.parseAnd();
    const operands = [first];
    while (this.isWord('OR')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? first : { type: 'or', operands, position: first.position };
  }

  private parseAnd(): AlarmRuleNode {
    const first = this.parseNot();
    const operands = [first];
    while (this.isWord('AND')) {
      this.next();
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? first : { type: 'and', operands, position: first.position };
  }

  private parseNot(): AlarmRuleNode {
    if (!this.isWord('NOT')) return this.parsePrimary();
    const token = this.next();
    this.enter(token);
    const operand = this.parseNot();
    this.depth--;
    return { type: 'not', operand, position: token.position };
  }

  private parsePrimary(): AlarmRuleNode {
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.next();
      this.enter(token);
      const inner = this.parseOr();
      this.expect('rparen');
      this.depth--;
      return inner;
    }
    if (token.kind !== 'word') throw unexpected(token, PRIMARY_START);
    if (token.text === 'TRUE' || token.text === 'FALSE') {
      this.next();
      return { type: 'constant', value: token.text === 'TRUE', position: token.position };
    }
    if (token.text === 'AT_LEAST') return this.parseAtLeast();
    if (isState(token.text)) {
      const state = token.text;
      this.next();
      this.expect('lparen');
      const alarm = this.parseName();
      this.expect('rparen');
      return { type: 'state', state, alarm, position: token.position };
    }
    throw unexpected(token, PRIMARY_START);
  }

  private parseName(): string {
    const token = this.peek();
    if (token.kind !== 'string' && token.kind !== 'word') throw unexpected(token, NAME);
    if (token.value === '') {
      throw new AlarmRuleSyntaxError(`Empty alarm name at char ${token.position}`, token.position, token.text);
    }
    this.next();
    if (!this.children.has(token.value)) {
      this.children.add(token.value);
      if (this.children.size > ALARM_RULE_MAX_CHILDREN) {
        throw new AlarmRuleLimitError(
          'children',
          `AlarmRule references more than ${ALARM_RULE_MAX_CHILDREN} distinct alarms; alarm ${token.text} at char ${token.position} is number ${this.children.size}`,
          token.position,
          token.text,
        );
      }
    }
    return token.value;
  }

  private parseAtLeast(): AtLeastNode {
    const keyword = this.next();
    this.expect('lparen');
    const thresholdToken = this.peek();
    const threshold = this.parseThreshold();
    this.expect('comma');
    let negated = false;
    if (this.isWord('NOT')) {
      this.next();
      negated = true;
    }
    const stateToken = this.peek();
    if (stateToken.kind !== 'word' || !isState(stateToken.text)) {
      throw unexpected(
        stateToken,
        negated ? ["'ALARM'", "'OK'", "'INSUFFICIENT_DATA'"] : ["'ALARM'", "'OK'", "'INSUFFICIENT_DATA'", "'NOT'"],
      );
    }
    const state = stateToken.text;
    this.next();
    this.expect('comma');
    this.expect('lparen');
    const alarms = [this.parseName()];
    while (this.peek().kind === 'comma') {
      this.next();
      alarms.push(this.parseName());
    }
    const close = this.peek();
    if (close.kind !== 'rparen') throw unexpected(close, ["','", "')'"]);
    this.next();
    this.expect('rparen');
    if (threshold.kind === 'count' && threshold.count > alarms.length) {
      throw new AlarmRuleSyntaxError(
        `AT_LEAST threshold ${thresholdToken.text} at char ${thresholdToken.position} is more than the ${alarms.length} alarm${alarms.length === 1 ? '' : 's'} listed`,
        thresholdToken.position,
        thresholdToken.text,
      );
    }
    return { type: 'atLeast', threshold, negated, state, alarms, position: keyword.position };
  }

  private parseThreshold(): AtLeastThreshold {
    const token = this.peek();
    const match = token.kind === 'word' ? /^([0-9]+)(%?)$/.exec(token.text) : null;
    if (match === null) throw unexpected(token, ['a count such as 2', 'a percentage such as 50%']);
    const amount = Number(match[1]);
    const percent = match[2] === '%';
    if (percent ? amount < 1 || amount > 100 : amount < 1) {
      const range = percent ? 'from 1% to 100%' : 'at least 1';
      throw new AlarmRuleSyntaxError(
        `AT_LEAST threshold ${token.text} at char ${token.position} must be ${range}`,
        token.position,
        token.text,
      );
    }
    this.next();
    return percent ? { kind: 'percent', percent: amount } : { kind: 'count', count: amount };
  }
}

/**
 * Parses a composite alarm rule into an AST.
 *
 * ```ts
 * parseAlarmRule('ALARM("a") AND NOT OK(b)');
 * // { type: 'and', operands: [ {type:'state', state:'ALARM', alarm:'a'}, {type:'not', operand: {type:'state', state:'OK', alarm:'b'}} ] }
 * ```
 *
 * @throws AlarmRuleSyntaxError (with 1-based `.position` and `.token`) for any
 *   rule that is not valid, and its subclass AlarmRuleLimitError for rules
 *   over 10240 characters, with more than 100 distinct child alarms or nested
 *   more than 200 levels deep. Nothing else is thrown for a string argument.
 */
export function parseAlarmRule(rule: string): AlarmRuleNode {
  if (typeof rule !== 'string') throw new TypeError(`AlarmRule must be a string, got ${typeof rule}`);
  if (rule.length > ALARM_RULE_MAX_LENGTH) {
    throw new AlarmRuleLimitError(
      'length',
      `AlarmRule is ${rule.length} characters long, the maximum is ${ALARM_RULE_MAX_LENGTH}`,
      ALARM_RULE_MAX_LENGTH + 1,
      '',
    );
  }
  return new Parser(tokenizeAlarmRule(rule)).parseRule();
}
