import type { AlarmState, CompositeAlarmDefinition } from '../core/types.ts';
import { explainAlarmRule, parseAlarmRule, type AlarmRuleNode } from './rule/index.ts';

export interface CompositeDecision {
  name: string;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
}

const astCache = new Map<string, AlarmRuleNode>();
function ast(rule: string): AlarmRuleNode {
  let node = astCache.get(rule);
  if (!node) {
    node = parseAlarmRule(rule);
    astCache.set(rule, node);
  }
  return node;
}

/**
 * Evaluates composites in dependency order against `states` (updated in place, so a composite sees
 * the new state of a composite it depends on within the same tick). Returns the changes.
 * A composite is ALARM when its rule is true and OK otherwise; its reason names the children that decided.
 */
export function evaluateComposites(
  composites: ReadonlyArray<CompositeAlarmDefinition>,
  states: Map<string, AlarmState>,
): CompositeDecision[] {
  const changes: CompositeDecision[] = [];
  for (const c of composites) {
    const childStates = Object.fromEntries(c.children.map((n) => [n, states.get(n)]));
    const { value, triggeringChildren } = explainAlarmRule(ast(c.alarmRule), childStates);
    const newState: AlarmState = value ? 'ALARM' : 'OK';
    const oldState = states.get(c.name) ?? 'INSUFFICIENT_DATA';
    if (newState === oldState) continue;
    const children = c.children.map((n) => `${n} is ${states.get(n) ?? 'INSUFFICIENT_DATA'}`).join(', ');
    const reason = value
      ? `Alarm rule ${c.alarmRule} is true because of ${triggeringChildren.map((n) => `${n} (${states.get(n) ?? 'INSUFFICIENT_DATA'})`).join(', ')}`
      : `Alarm rule ${c.alarmRule} is false: ${children}`;
    states.set(c.name, newState);
    changes.push({ name: c.name, oldState, newState, reason });
  }
  return changes;
}
