import type { AlarmRuleNode } from './ast.ts';

/** Visits every node, parents before children, operands left to right. */
export function walkAlarmRule(node: AlarmRuleNode, visit: (node: AlarmRuleNode) => void): void {
  visit(node);
  switch (node.type) {
    case 'not':
      walkAlarmRule(node.operand, visit);
      break;
    case 'and':
    case 'or':
      for (const operand of node.operands) walkAlarmRule(operand, visit);
      break;
    case 'constant':
    case 'state':
    case 'atLeast':
      break;
  }
}

/** Distinct child alarm names / ARNs referenced by a rule, in order of first appearance. */
export function alarmRuleChildren(ast: AlarmRuleNode): string[] {
  const seen = new Set<string>();
  walkAlarmRule(ast, (node) => {
    if (node.type === 'state') seen.add(node.alarm);
    else if (node.type === 'atLeast') for (const alarm of node.alarms) seen.add(alarm);
  });
  return [...seen];
}
