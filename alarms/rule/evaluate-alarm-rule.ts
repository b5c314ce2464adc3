import type { AlarmState } from '../../core/types.ts';
import { alarmRuleChildren } from './alarm-rule-children.ts';
import type { AlarmRuleNode, AtLeastNode } from './ast.ts';
import { parseAlarmRule } from './parse-alarm-rule.ts';

/** Child alarm states by name / ARN. A child that is absent counts as INSUFFICIENT_DATA. */
export type ChildAlarmStates = Readonly<Record<string, AlarmState | undefined>>;

function stateOf(states: ChildAlarmStates, alarm: string): AlarmState {
  // Object.hasOwn so that alarms named e.g. `constructor` or `__proto__` are not looked up on the prototype.
  return (Object.hasOwn(states, alarm) ? states[alarm] : undefined) ?? 'INSUFFICIENT_DATA';
}

function toAst(ruleOrAst: string | AlarmRuleNode): AlarmRuleNode {
  return typeof ruleOrAst === 'string' ? parseAlarmRule(ruleOrAst) : ruleOrAst;
}

function atLeastMatches(node: AtLeastNode, states: ChildAlarmStates): boolean[] {
  return node.alarms.map((alarm) => (stateOf(states, alarm) === node.state) !== node.negated);
}

function atLeastHolds(node: AtLeastNode, matching: number): boolean {
  return node.threshold.kind === 'count'
    ? matching >= node.threshold.count
    : matching * 100 >= node.threshold.percent * node.alarms.length;
}

function evaluateNode(node: AlarmRuleNode, states: ChildAlarmStates): boolean {
  switch (node.type) {
    case 'constant':
      return node.value;
    case 'state':
      return stateOf(states, node.alarm) === node.state;
    case 'not':
      return !evaluateNode(node.operand, states);
    case 'and':
      return node.operands.every((o) => evaluateNode(o, states));
    case 'or':
      return node.operands.some((o) => evaluateNode(o, states));
    case 'atLeast':
      return atLeastHolds(node, atLeastMatches(node, states).filter(Boolean).length);
  }
}

/**
 * Evaluates a composite alarm rule (text or parsed AST) against the states of
 * its child alarms; true means the composite alarm is in ALARM.
 *
 * `AT_LEAST(n, …)` holds when at least n listed alarms match; `AT_LEAST(p%, …)`
 * when matching × 100 ≥ p × listed (each listed entry counts, duplicates too).
 *
 * ```ts
 * evaluateAlarmRule('ALARM("a") AND NOT OK(b)', { a: 'ALARM', b: 'INSUFFICIENT_DATA' }); // true
 * ```
 * @throws AlarmRuleSyntaxError when given rule text that does not parse.
 */
export function evaluateAlarmRule(ruleOrAst: string | AlarmRuleNode, states: ChildAlarmStates): boolean {
  return evaluateNode(toAst(ruleOrAst), states);
}

export interface AlarmRuleExplanation {
  /** The rule's value (true = composite in ALARM). */
  value: boolean;
  /**
   * When `value` is true, the child alarms whose current states make it true,
   * in order of first appearance in the rule; empty when `value` is false.
   */
  triggeringChildren: string[];
}

interface Explained {
  value: boolean;
  /** Children whose states decide this node's value (either way). */
  deciding: Set<string>;
}

function union(parts: readonly Explained[]): Set<string> {
  const all = new Set<string>();
  for (const part of parts) for (const child of part.deciding) all.add(child);
  return all;
}

function explainNode(node: AlarmRuleNode, states: ChildAlarmStates): Explained {
  switch (node.type) {
    case 'constant':
      return { value: node.value, deciding: new Set() };
    case 'state':
      return { value: stateOf(states, node.alarm) === node.state, deciding: new Set([node.alarm]) };
    case 'not': {
      const inner = explainNode(node.operand, states);
      return { value: !inner.value, deciding: inner.deciding };
    }
    case 'and':
    case 'or': {
      const parts = node.operands.map((o) => explainNode(o, states));
      const value = node.type === 'and' ? parts.every((p) => p.value) : parts.some((p) => p.value);
      // An AND is decided by all operands when true, by the false ones when false;
      // an OR by the true operands when true, by all when false.
      const decisive = value === (node.type === 'and') ? parts : parts.filter((p) => p.value === value);
      return { value, deciding: union(decisive) };
    }
    case 'atLeast': {
      const matches = atLeastMatches(node, states);
      const value = atLeastHolds(node, matches.filter(Boolean).length);
      // True: the alarms that match are why; false: the ones that do not.
      return { value, deciding: new Set(node.alarms.filter((_, i) => matches[i] === value)) };
    }
  }
}

/**
 * Evaluates a rule like {@link evaluateAlarmRule} and reports which children's
 * states make it true, for the composite alarm's state reason. For
 * `ALARM(a) OR ALARM(b)` with only `a` in ALARM that is `['a']`; for
 * `ALARM(a) AND NOT OK(b)` it is both; for `AT_LEAST(2, ALARM, (a, b, c))` it
 * is the listed alarms in ALARM. Children absent from `states` count as
 * INSUFFICIENT_DATA (and can trigger, e.g. `INSUFFICIENT_DATA(x)`).
 */
export function explainAlarmRule(ruleOrAst: string | AlarmRuleNode, states: ChildAlarmStates): AlarmRuleExplanation {
  const ast = toAst(ruleOrAst);
  const { value, deciding } = explainNode(ast, states);
  return { value, triggeringChildren: value ? alarmRuleChildren(ast).filter((c) => deciding.has(c)) : [] };
}
