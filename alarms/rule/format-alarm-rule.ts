import type { AlarmRuleNode, AtLeastNode } from './ast.ts';

/** Quotes a name for a rule: `"…"`, with `\` before every `"` and `\`. */
export function quoteAlarmName(name: string): string {
  return `"${name.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}

function atLeast(node: AtLeastNode): string {
  const threshold = node.threshold.kind === 'count' ? String(node.threshold.count) : `${node.threshold.percent}%`;
  const state = node.negated ? `NOT ${node.state}` : node.state;
  return `AT_LEAST(${threshold}, ${state}, (${node.alarms.map(quoteAlarmName).join(', ')}))`;
}

function operand(node: AlarmRuleNode, parent: 'and' | 'or' | 'not'): string {
  // Parenthesize where precedence requires it, and around a chain nested in a
  // chain of the same kind (which only explicit parentheses can produce), so
  // that parsing the output gives back the same tree.
  const needs = node.type === 'or' || (node.type === 'and' && parent !== 'or');
  const text = formatAlarmRule(node);
  return needs ? `(${text})` : text;
}

/**
 * Renders an AST back into rule text with every alarm name quoted. The result
 * parses back into an equal tree (positions aside).
 */
export function formatAlarmRule(node: AlarmRuleNode): string {
  switch (node.type) {
    case 'constant':
      return node.value ? 'TRUE' : 'FALSE';
    case 'state':
      return `${node.state}(${quoteAlarmName(node.alarm)})`;
    case 'not':
      return `NOT ${operand(node.operand, 'not')}`;
    case 'and':
      return node.operands.map((o) => operand(o, 'and')).join(' AND ');
    case 'or':
      return node.operands.map((o) => operand(o, 'or')).join(' OR ');
    case 'atLeast':
      return atLeast(node);
  }
}
